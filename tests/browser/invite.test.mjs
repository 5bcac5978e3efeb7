// The staff invitation page (/staff/invite) end to end: staff send addresses, the mails
// reach a real SMTP sink, the one-time link in a mail opens the survey, a completion is
// stored once, the link then shows the polite "already used" page, and the card downloads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { axeViolations, completeByClicks, launchBrowser, startServer, startSmtpSink, survey } from './harness.mjs';
import { fullAnswers } from './answers.mjs';

let sink;
let server;
let browser;
before(async () => {
  sink = await startSmtpSink();
  server = await startServer({ args: ['--smtp-url', sink.url] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
});

async function invitePage(context) {
  const page = await context.newPage();
  await page.goto(`${server.base}/staff/invite`);
  await page.getByLabel('Medewerkerstoken').fill(server.token);
  return page;
}

const status = (page) => page.locator('#kp-status');
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// The thank-you shows once the record is queued; the POST may still be on its way.
async function storedRecords(atLeast) {
  for (let i = 0; i < 50; i++) {
    const records = await server.records();
    if (records.length >= atLeast) return records;
    await sleep(100);
  }
  return server.records();
}

/** Invites `address` to the balie survey through the API; the one-time link from its mail. */
async function inviteLink(address, language = 'nl') {
  const res = await fetch(`${server.base}/api/v1/invitations`, {
    method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel: 'balie', language, addresses: [address] }),
  });
  assert.equal(res.status, 202);
  const to = new RegExp(`^To: .*${address.replace(/[.]/g, '\\.')}`, 'm');
  for (let i = 0; i < 100; i++) {
    const mail = sink.mails().find((m) => to.test(m));
    if (mail) return mail.match(/http:\/\/\S+\/s\/kto-balie\?m=0363&t=[0-9a-f]{32}\S*/)[0];
    await sleep(100);
  }
  throw new Error(`no mail to ${address}`);
}

test('staff invite two residents; the link in the mail works once', async () => {
  const context = await browser.newContext();
  const page = await invitePage(context);
  assert.deepEqual(await axeViolations(page), []);
  await page.getByLabel('Kanaal').selectOption('balie');
  await page.getByLabel('E-mailadressen, één per regel').fill('an@example.org\nbert@example.org\n');
  await page.getByRole('button', { name: 'Uitnodigingen versturen' }).click();
  await status(page).filter({ hasText: '2 van 2 verstuurd, 0 in de wachtrij' }).waitFor({ timeout: 30000 });
  assert.equal(await page.getByLabel('E-mailadressen, één per regel').inputValue(), '', 'the addresses leave the page');
  assert.deepEqual(await axeViolations(page), []);

  const mails = sink.mails();
  assert.equal(mails.length, 2);
  assert.ok(mails.some((m) => /^To: .*an@example\.org/m.test(m)) && mails.some((m) => /^To: .*bert@example\.org/m.test(m)));
  const links = mails.map((m) => m.match(/http:\/\/127\.0\.0\.1:\d+\/s\/kto-balie\?m=0363&t=[0-9a-f]{32}/)?.[0]);
  assert.ok(links.every(Boolean), 'every mail holds a one-time link to this server');
  assert.notEqual(links[0], links[1]);

  const resident = await context.newPage();
  const first = await resident.goto(links[0]);
  assert.equal(first.status(), 200);
  await completeByClicks(resident, fullAnswers('kto-balie'));
  const records = await storedRecords(1);
  assert.equal(records.length, 1);
  assert.equal(records[0].source, 'inviter');
  assert.equal(records[0].invitation, null, 'the token is not kept in the record');

  const again = await resident.goto(links[0]);
  assert.equal(again.status(), 410);
  assert.match(await resident.locator('body').textContent(), /al ingevuld/);
  assert.equal(await survey(resident).count(), 0, 'no survey behind a used link');
  assert.deepEqual(await axeViolations(resident), []);
  await context.close();
});

test('a wrong address is reported with its line, and nothing is sent', async () => {
  const context = await browser.newContext();
  const page = await invitePage(context);
  const before = sink.mails().length;
  await page.getByLabel('E-mailadressen, één per regel').fill('carla@example.org\ngeen-adres\n');
  await page.getByRole('button', { name: 'Uitnodigingen versturen' }).click();
  await status(page).filter({ hasText: 'Er is niets verstuurd: geen e-mailadres op regel 2 ("geen-adres").' }).waitFor();
  assert.equal(await status(page).getAttribute('class'), 'error');
  assert.deepEqual(await axeViolations(page), []);
  await sleep(500);
  assert.equal(sink.mails().length, before);
  await context.close();
});

test('the card for the chosen channel downloads as an A6 SVG with the survey link', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await invitePage(context);
  await page.getByLabel('Kanaal').selectOption('telefoon');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Kaart downloaden (SVG)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'klantpeil-kaart-telefoon.svg');
  const svg = fs.readFileSync(await download.path(), 'utf8');
  assert.match(svg, /<svg[^>]+width="105mm" height="148mm"/);
  assert.match(svg, /Gemeente Amsterdam/);
  assert.match(svg, /s\/kto-telefoon\?m=0363&amp;source=card/);
  await context.close();
});

test('one link completed in two tabs: the second hears in Dutch that the link was used', async () => {
  const context = await browser.newContext();
  const link = await inviteLink('dirk@example.org');
  const [first, second] = [await context.newPage(), await context.newPage()];
  for (const page of [first, second]) {
    await page.goto(link);
    await survey(page).locator('h2').waitFor();
  }
  await completeByClicks(first, fullAnswers('kto-balie'));
  await survey(first).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  await completeByClicks(second, fullAnswers('kto-balie'));
  const said = survey(second).getByRole('status');
  await said.filter({ hasText: 'Deze enquête is al ingevuld met deze link.' }).waitFor();
  assert.deepEqual(await axeViolations(second), []);
  await context.close();
});

test('the one-time token leaves the page in no Referer, not even to its own server', async () => {
  const context = await browser.newContext();
  const link = await inviteLink('eva@example.org');
  const token = new URL(link).searchParams.get('t');
  const requests = [];
  context.on('request', async (r) => { requests.push({ url: r.url(), referer: (await r.allHeaders()).referer || '' }); });
  const page = await context.newPage();
  await page.goto(link);
  await completeByClicks(page, fullAnswers('kto-balie'));
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  assert.ok(requests.some((r) => r.url.endsWith('/api/v1/responses')), 'the submission was seen');
  assert.deepEqual(requests.filter((r) => r.referer.includes(token)), []);
  await context.close();
});

test('an invitation mailed in English opens the survey in English', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(await inviteLink('frank@example.org', 'en'));
  await survey(page).locator('h2').waitFor();
  assert.equal(await survey(page).getAttribute('lang'), 'en');
  await completeByClicks(page, fullAnswers('kto-balie'), 'Thank you for your answers!');
  await survey(page).getByText('Your answers have been sent.').waitFor();
  assert.equal((await storedRecords(1)).filter((r) => r.language === 'en').length, 1);
  await context.close();
});

// The button stayed live while the addresses were on their way: a double click (as many
// people click) sent the list twice, and every resident got two mails with two links.
test('a double click on the send button sends one batch', async () => {
  const context = await browser.newContext();
  const page = await invitePage(context);
  const batches = async () => (await (await fetch(`${server.base}/api/v1/invitations`,
    { headers: { Authorization: `Bearer ${server.token}` } })).json()).batches.length;
  const before = await batches();
  await page.getByLabel('E-mailadressen, één per regel').fill('gijs@example.org\n');
  await page.getByRole('button', { name: 'Uitnodigingen versturen' }).dblclick();
  await status(page).filter({ hasText: '1 van 1 verstuurd' }).waitFor({ timeout: 30000 });
  assert.equal(await batches(), before + 1);
  assert.equal(await page.getByRole('button', { name: 'Uitnodigingen versturen' }).isEnabled(), true, 'ready for the next list');
  await context.close();
});

// The page showed the server's English texts ("the staff token is not valid"), and when the
// server could not be reached, the browser's own: "TypeError: Failed to fetch".
test('what went wrong is said in Dutch: a wrong token, an empty list, a server that is gone', async () => {
  const context = await browser.newContext();
  const page = await invitePage(context);
  const send = () => page.getByRole('button', { name: 'Uitnodigingen versturen' }).click();
  await page.getByLabel('E-mailadressen, één per regel').fill('hanna@example.org\n');
  await page.getByLabel('Medewerkerstoken').fill('kp_verlopen');
  await send();
  await status(page).filter({ hasText: 'Het medewerkerstoken klopt niet' }).waitFor();
  await page.getByRole('button', { name: 'Kaart downloaden (SVG)' }).click();
  await status(page).filter({ hasText: 'Het medewerkerstoken klopt niet' }).waitFor();

  await page.getByLabel('Medewerkerstoken').fill(server.token);
  await page.getByLabel('E-mailadressen, één per regel').fill('');
  await send();
  await status(page).filter({ hasText: 'Er is niets verstuurd: vul minstens één e-mailadres in.' }).waitFor();

  await page.route('**/api/v1/invitations**', (route) => route.abort('connectionrefused'));
  await page.getByLabel('E-mailadressen, één per regel').fill('hanna@example.org\n');
  await send();
  await status(page).filter({ hasText: 'De server is niet bereikbaar' }).waitFor();
  assert.equal(await status(page).getAttribute('class'), 'error');
  assert.doesNotMatch(await status(page).textContent(), /TypeError|fetch/);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});
