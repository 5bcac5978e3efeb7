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

// The server's JSON error as a sentence: "what (where)".
async function problem(response) {
  try {
    const body = await response.json();
    return body.field ? `${body.error} (${body.field})` : body.error;
  } catch {
    return `fout ${response.status}`;
  }
}

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

$('kp-invite').addEventListener('submit', (event) => { send(event).catch((e) => say(String(e), true)); });
$('kp-card').addEventListener('click', () => { downloadCard().catch((e) => say(String(e), true)); });
