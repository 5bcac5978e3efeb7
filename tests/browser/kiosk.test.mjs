// The kiosk: a warning before the inactivity reset that gives at least 20 seconds, and a
// reset that leaves nothing of the previous resident behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axeViolations, completeByClicks, focused, survey } from './harness.mjs';
import { fullAnswers } from './answers.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('inactivity: warning with 20 seconds to continue, then a clean reset', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/kiosk?q=kto-balie&m=0363&idle=5&warn=1`);
  await survey(page).locator('h2').waitFor();
  assert.equal(await page.evaluate(() => window.klantpeilKiosk.warningSeconds), 20, 'never less than 20 seconds');
  await survey(page).locator('#kp-q-totaaloordeel-6').check();
  await survey(page).locator('textarea[name=toelichting]').fill('Privé: mijn naam is Jan');
  await survey(page).locator('textarea[name=toelichting]').blur();

  const dialog = page.getByRole('alertdialog', { name: 'Bent u er nog?' });
  await dialog.waitFor({ timeout: 15000 });
  assert.match(await dialog.textContent(), /over 20 seconden/);
  assert.deepEqual(await axeViolations(page), [], 'the warning is accessible');
  await dialog.getByRole('button', { name: 'Ik ben er nog' }).press('Enter');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await survey(page).locator('#kp-q-totaaloordeel-6').isChecked(), true, 'continuing keeps the answers');

  await dialog.waitFor({ timeout: 15000 });
  const started = Date.now();
  await dialog.waitFor({ state: 'detached', timeout: 30000 });
  assert.ok(Date.now() - started >= 19000, 'the reset waited for the warning to run out');
  await survey(page).locator('h2').waitFor();
  assert.equal(await survey(page).locator('input:checked').count(), 0, 'a fresh survey');
  const html = await page.evaluate(() => document.documentElement.outerHTML +
    [...document.querySelectorAll('*')].map((e) => (e.shadowRoot ? e.shadowRoot.innerHTML : '')).join(''));
  assert.doesNotMatch(html, /mijn naam is Jan/);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.doesNotMatch(stored, /Jan/);
  await page.close();
});

test('after completion: thank-you, then a fresh survey by itself', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/kiosk?q=kto-balie&m=0363&thanks=5`);
  await survey(page).locator('h2').waitFor();
  assert.equal(await survey(page).getAttribute('class'), 'kp kiosk');
  assert.equal(await page.locator('a[href]').count(), 0, 'no way to navigate away');
  await completeByClicks(page, fullAnswers('kto-balie'));
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  assert.equal(await survey(page).getByRole('button', { name: 'Nieuwe enquête starten' }).count(), 1);
  await survey(page).getByRole('button', { name: 'Volgende' }).waitFor({ timeout: 15000 });
  assert.equal(await survey(page).locator('input:checked').count(), 0);
  const stored = await server.records();
  assert.equal(stored.length, 1);
  assert.equal(stored[0].source, 'kiosk');
  await page.close();
});

test('the inactivity warning is modal and gives focus back to the field being typed in', async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 1280 } });  // a tablet upright
  await page.goto(`${server.base}/kiosk?q=kto-balie&m=0363&idle=5`);
  await survey(page).locator('h2').waitFor();
  await survey(page).locator('textarea[name=toelichting]').focus();
  await page.keyboard.type('Vriendelijk');
  const dialog = page.getByRole('alertdialog', { name: 'Bent u er nog?' });
  await dialog.waitFor({ timeout: 15000 });
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Ik ben er nog', 'Tab stays in the warning');
  }
  // A tap on the survey beside the warning (here its language button) does not reach it.
  const box = await dialog.boundingBox();
  const english = await survey(page).getByRole('button', { name: 'English' }).boundingBox();
  const [x, y] = [english.x + english.width / 2, english.y + english.height / 2];
  assert.ok(y < box.y || x < box.x || x > box.x + box.width || y > box.y + box.height, 'the button lies beside the warning');
  await page.mouse.click(x, y);
  assert.equal(await page.locator('section.kp').getAttribute('lang'), 'nl', 'the survey is still in Dutch');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(await focused(page).then((f) => [f.tag, f.name, f.value]), ['TEXTAREA', 'toelichting', 'Vriendelijk']);
  await page.close();
});

test('a touch on the thank-you page does not keep it up for the next resident', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/kiosk?q=kto-balie&m=0363&idle=5&thanks=8`);
  await survey(page).locator('h2').waitFor();
  await completeByClicks(page, fullAnswers('kto-balie'));
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  await page.evaluate(() => {
    new MutationObserver(() => { if (document.querySelector('[role=alertdialog]')) globalThis.warned = true; })
      .observe(document.body, { childList: true });
  });
  await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).click();
  await survey(page).getByRole('button', { name: 'Volgende' }).waitFor({ timeout: 30000 });
  assert.equal(await page.evaluate(() => globalThis.warned === true), false, 'no "Bent u er nog?" over a thank-you');
  await page.close();
});

test('"Nieuwe enquête starten" by keyboard: focus lands on the new survey, not on the page body', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/kiosk?q=kto-balie&m=0363`);
  await survey(page).locator('h2').waitFor();
  await completeByClicks(page, fullAnswers('kto-balie'));
  await survey(page).getByRole('button', { name: 'Nieuwe enquête starten' }).press('Enter');
  await survey(page).getByRole('button', { name: 'Volgende' }).waitFor();
  assert.deepEqual(await focused(page).then((f) => [f.tag, f.id]), ['H2', 'kp-page-title']);
  await page.close();
});

test('a tablet that reaches the server by a plain http address (not a secure context) stores its answers', async (t) => {
  // Not loopback, not https: the browser withholds its secure-context APIs, as on a tablet
  // that opens http://10.1.2.3:8080/kiosk on the office network.
  const office = await launchBrowser({ hosts: ['kto.gemeente.test'] });
  t.after(() => office.close());
  const page = await office.newPage();
  await page.goto(`http://kto.gemeente.test:${new URL(server.base).port}/kiosk?q=kto-digitaal&m=0363`);
  await survey(page).locator('h2').waitFor();
  assert.equal(await page.evaluate(() => isSecureContext), false);
  const before = new Set((await server.records()).map((r) => r.id));
  await completeByClicks(page, fullAnswers('kto-digitaal'));
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  const added = (await server.records()).filter((r) => !before.has(r.id));
  assert.equal(added.length, 1);
  assert.match(added[0].id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
