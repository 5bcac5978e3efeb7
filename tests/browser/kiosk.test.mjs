// The kiosk: a warning before the inactivity reset that gives at least 20 seconds, and a
// reset that leaves nothing of the previous resident behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axeViolations, completeByClicks, survey } from './harness.mjs';
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
