-- wrk script of bench/server/run: POSTs valid kto-balie response records, each with an id of
-- its own (the id is the idempotency key, so a repeated id would only measure replays).
local counter = 0
local prefix = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() + thread_number)
  prefix = math.random(0, 0xffff) * 256 + thread_number
end

local head = '{"id":"%08x-0000-4000-8000-%012x","questionnaire":"kto-balie","version":1,' ..
  '"municipality":"0363","channel":"balie","source":"kiosk","invitation":null,' ..
  '"submitted_at":"2026-08-14T10:22:00Z","language":"nl","answers":{"totaaloordeel":8,' ..
  '"toelichting":"Vriendelijk en snel geholpen aan de balie.","moeite":4,' ..
  '"host_bereidheid":8,"host_deskundigheid":9,"host_inleving":7,"host_verantwoordelijkheid":8,' ..
  '"host_oplossingen":8,"host_gemeente":7,"aspect_openingstijden":7,"aspect_afspraak":8,' ..
  '"aspect_wachttijd":6,"aspect_vriendelijkheid":9,"aspect_informatie":8,"aspect_wachtruimte":7,' ..
  '"aspect_overzichtelijkheid":8,"aspect_privacy":null,"aspect_prijs":null,"suggesties":"nee"}}'

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/responses", nil, string.format(head, prefix, counter))
end
