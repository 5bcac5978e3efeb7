// invite.js: the staff invitation page (/staff/invite). Sends the addresses (typed, or a
// CSV file as it is) to POST /api/v1/invitations with the staff token, then follows the
// batch (sent, waiting, failed) until nothing waits; and fetches the card for the channel.
const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;
const POLL_ROUNDS = 120;

function auth(extra = {}) {
  return { Authorization: `Bearer ${$('kp-token').value.trim()}`, ...extra };
}

function say(text, isError = false) {
  const status = $('kp-status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

const SHOWN_LINES = 5;

// A refused list: the lines without an address ("line 3", with the text found there), or
// a list that is empty or too long (field "addresses").
function badList(body) {
  const lines = (body.problems || []).filter((p) => /^line \d+$/.test(p.field)).map((p) => {
    const found = /^"(.*)" is not an e-mail address$/.exec(p.error);
    return `regel ${p.field.slice(5)}${found ? ` ("${found[1]}")` : ''}`;
  });
  if (lines.length) {
    const more = lines.length > SHOWN_LINES ? ` en ${lines.length - SHOWN_LINES} andere regels` : '';
    return `Er is niets verstuurd: geen e-mailadres op ${lines.slice(0, SHOWN_LINES).join(', ')}${more}.`;
  }
  if (body.field !== 'addresses') return 'Er is niets verstuurd: de server weigerde de lijst.';
  if (/10000/.test(body.error)) return 'Er is niets verstuurd: maximaal 10.000 adressen per keer.';
  return 'Er is niets verstuurd: vul minstens één e-mailadres in.';
}

// What staff read when the server refuses: Dutch, by status (the server's texts are English).
const REFUSED = {
  401: 'Het medewerkerstoken klopt niet of ontbreekt. Vraag het token van uw gemeente aan de beheerder.',
  403: 'Dit medewerkerstoken hoort bij een andere gemeente.',
  404: 'Deze verzending is niet bekend bij de server.',
  413: 'Het bestand is te groot. Verstuur de adressen in delen.',
  429: 'Te veel verzoeken achter elkaar. Probeer het over een paar minuten opnieuw.',
  503: 'De server kan nu geen uitnodigingen versturen (geen mailserver ingesteld, of de opslag is even weg). ' +
    'Probeer het later opnieuw of neem contact op met de beheerder.',
};

async function problem(response) {
  const body = await response.json().catch(() => ({}));
  if (response.status === 400) return badList(body);
  return REFUSED[response.status] || `Er ging iets mis op de server (fout ${response.status}). Probeer het later opnieuw.`;
}

// A fetch that did not get an answer at all (the browser's own TypeError is English).
const UNREACHABLE = 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.';

async function follow(batch) {
  for (let round = 0; round < POLL_ROUNDS; round += 1) {
    const response = await fetch(`/api/v1/invitations/${batch}`, { headers: auth() });
    if (!response.ok) return say(await problem(response), true);
    const b = await response.json();
    const failed = b.failed ? `, ${b.failed} mislukt` : '';
    const error = b.pending && b.last_error ? ` Laatste fout van de mailserver: ${b.last_error}.` : '';
    say(`${b.sent} van ${b.total} verstuurd, ${b.pending} in de wachtrij${failed}.${error}`, b.failed > 0);
    if (b.pending === 0) return undefined;
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
  return say('De wachtrij loopt nog; kijk later opnieuw.');
}

// Sends the list and empties the form: the batch, or null after saying why not. The button
// rests meanwhile, so a double click (as many people click) cannot send the list twice.
async function post() {
  const button = $('kp-send');
  button.disabled = true;
  try {
    const file = $('kp-file').files[0];
    const body = file ? await file.text() : $('kp-addresses').value;
    const query = new URLSearchParams({ channel: $('kp-channel').value, language: $('kp-language').value });
    say('Bezig met versturen…');
    const response = await fetch(`/api/v1/invitations?${query}`, {
      method: 'POST',
      headers: auth({ 'Content-Type': 'text/csv; charset=utf-8' }),
      body,
    });
    if (!response.ok) {
      say(await problem(response), true);
      return null;
    }
    const queued = await response.json();
    $('kp-addresses').value = '';
    $('kp-file').value = '';
    return queued.batch;
  } finally {
    button.disabled = false;
  }
}

async function send(event) {
  event.preventDefault();
  const batch = await post();
  return batch && follow(batch);
}

async function downloadCard() {
  const channel = $('kp-channel').value;
  const response = await fetch(`/api/v1/cards?channel=${channel}`, { headers: auth() });
  if (!response.ok) return say(await problem(response), true);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `klantpeil-kaart-${channel}.svg`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);  // after the download started
  return say('De kaart is gedownload.');
}

$('kp-invite').addEventListener('submit', (event) => { send(event).catch(() => say(UNREACHABLE, true)); });
$('kp-card').addEventListener('click', () => { downloadCard().catch(() => say(UNREACHABLE, true)); });
