// The resident survey in Chromium against a real server: keyboard-only completion of all
// three questionnaires, the tip condition, required-field errors, and axe on every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axeViolations, answerPage, completeByClicks, completeByKeyboard, focused, survey } from './harness.mjs';
import { fullAnswers, questionnaire } from './answers.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function openSurvey(id, lang = 'nl') {
  const page = await browser.newPage();
  await page.goto(`${server.base}/s/${id}?m=0363&lang=${lang}`);
  await survey(page).locator('h2').waitFor();
  return page;
}

async function expectNoAxeViolations(page, state) {
  assert.deepEqual(await axeViolations(page), [], `axe violations on ${state}`);
}

for (const id of ['kto-balie', 'kto-telefoon', 'kto-digitaal']) {
  test(`${id}: completed by keyboard only is stored exactly as answered`, async () => {
    const page = await openSurvey(id);
    const answers = fullAnswers(id);
    await completeByKeyboard(page, answers);
    await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).waitFor();
    assert.equal((await focused(page)).tag, 'H2', 'focus moves to the thank-you heading');
    await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
    await expectNoAxeViolations(page, `${id} thank-you page`);
    const stored = (await server.records()).filter((r) => r.questionnaire === id);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0].answers, answers);
    assert.equal(stored[0].municipality, '0363');
    assert.equal(stored[0].language, 'nl');
    await page.close();
  });

  test(`${id}: axe finds no WCAG 2.1 A/AA violation on any page`, async () => {
    const page = await openSurvey(id);
    const answers = fullAnswers(id);
    const pages = questionnaire(id).pages.length;
    for (let p = 0; p < pages; p++) {
      await expectNoAxeViolations(page, `${id} page ${p + 1}`);
      const submit = await answerPage(page, answers);
      await expectNoAxeViolations(page, `${id} page ${p + 1} answered`);
      if (p < pages - 1) await submit.click();
    }
    await page.close();
  });
}

test('the tip question appears only after "ja"', async () => {
  const page = await openSurvey('kto-balie');
  const tip = survey(page).locator('textarea[name=tip]');
  const answers = fullAnswers('kto-balie');
  // Walk to the last page by answering everything but suggesties.
  delete answers.suggesties;
  while (await survey(page).locator('input[name=suggesties]').count() === 0) await (await answerPage(page, answers)).click();
  assert.equal(await tip.count(), 0);
  await survey(page).getByRole('radio', { name: 'Ja' }).check();
  assert.equal(await tip.count(), 1);
  await tip.fill('Meer parkeerplaatsen');
  await survey(page).getByRole('radio', { name: 'Nee' }).check();
  assert.equal(await tip.count(), 0);
  await survey(page).getByRole('radio', { name: 'Ja' }).check();
  assert.equal(await tip.inputValue(), '', 'a hidden answer is dropped, not kept');
  await page.close();
});

test('required questions: errors are listed, linked to their field and announced', async () => {
  const page = await openSurvey('kto-digitaal');
  await survey(page).getByRole('button', { name: 'Volgende' }).click();
  const summary = survey(page).locator('.summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /Er zijn 2 vragen nog niet goed beantwoord/);
  assert.equal((await focused(page)).tag, 'DIV', 'the error summary takes focus');
  const grade = survey(page).locator('fieldset[data-question=totaaloordeel]');
  assert.equal(await grade.getAttribute('aria-describedby'), 'kp-h-totaaloordeel kp-e-totaaloordeel');
  assert.match(await survey(page).locator('#kp-e-totaaloordeel').textContent(), /Deze vraag is verplicht/);
  assert.equal(await survey(page).locator('#kp-q-totaaloordeel').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'error state');
  // Following the summary's link puts focus on the field.
  await summary.getByRole('link').first().click();
  assert.equal((await focused(page)).name, 'totaaloordeel');
  // Answering clears that question's error.
  await survey(page).locator('#kp-q-totaaloordeel-6').check();
  assert.equal(await survey(page).locator('#kp-e-totaaloordeel').count(), 0);
  await page.close();
});

test('switching to English changes texts, progress and the lang attribute', async () => {
  const page = await openSurvey('kto-balie');
  await survey(page).getByRole('button', { name: 'English' }).click();
  assert.equal(await survey(page).getAttribute('lang'), 'en');
  await survey(page).getByText('Question 1–3 of').waitFor();
  await survey(page).getByRole('button', { name: 'Next' }).click();
  await survey(page).getByText('This question is required', { exact: false }).first().waitFor({ state: 'attached' }).catch(() => {});
  assert.ok(await survey(page).locator('.summary').count() === 1);
  await expectNoAxeViolations(page, 'English error state');
  await page.close();
});

// The last page of kto-balie with "ja" and the required tip left empty, after "Versturen".
async function tipMissing() {
  const page = await openSurvey('kto-balie');
  const answers = fullAnswers('kto-balie');
  delete answers.tip;
  while (await survey(page).locator('input[name=suggesties]').count() === 0) await (await answerPage(page, answers)).click();
  await (await answerPage(page, answers)).click();
  await survey(page).locator('#kp-e-tip').waitFor();
  return page;
}

test('an open answer that fixes an error: the click on "Versturen" that ends typing sends', async () => {
  const page = await tipMissing();
  await survey(page).locator('textarea[name=tip]').fill('Meer loketten op zaterdag');
  await survey(page).getByRole('button', { name: 'Versturen' }).click();
  await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).waitFor();
  await page.close();
});

test('an open answer that fixes an error: Tab moves on to the next button, not out of the survey', async () => {
  const page = await tipMissing();
  await survey(page).locator('textarea[name=tip]').focus();
  await page.keyboard.type('Meer loketten op zaterdag');
  await page.keyboard.press('Tab');
  assert.equal(await survey(page).locator('#kp-e-tip').count(), 0, 'the error is gone');
  assert.equal(await survey(page).locator('.summary').count(), 0, 'and so is the summary');
  assert.deepEqual(await focused(page).then((f) => [f.tag, f.text]), ['BUTTON', 'Vorige']);
  await page.close();
});

test('a double click on "Versturen" sends one record and breaks nothing', async () => {
  const page = await openSurvey('kto-digitaal');
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const before = (await server.records()).length;
  const answers = fullAnswers('kto-digitaal');
  while (await survey(page).locator('input[name=suggesties]').count() === 0) await (await answerPage(page, answers)).click();
  await (await answerPage(page, answers)).dblclick();
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  assert.deepEqual(errors, []);
  assert.equal((await server.records()).length, before + 1);
  await page.close();
});

test('an open answer: the count is not announced at every key, reaching the limit is', async () => {
  const page = await openSurvey('kto-balie');
  const area = survey(page).locator('textarea[name=toelichting]');
  // What screen readers would announce: every text a live region of the survey receives.
  await page.evaluate(() => {
    const root = document.querySelector('#survey').shadowRoot;
    globalThis.announced = [];
    new MutationObserver((changes) => {
      for (const c of changes) {
        const region = (c.target.nodeType === 1 ? c.target : c.target.parentElement).closest('[aria-live], [role=status], [role=alert]');
        if (region && region.textContent) globalThis.announced.push(region.textContent);
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  await area.focus();
  await page.keyboard.type('Vlot');
  assert.deepEqual(await page.evaluate(() => globalThis.announced), []);
  assert.equal(await survey(page).locator('.count').textContent(), '4 van 1000 tekens gebruikt');
  await area.fill('x'.repeat(999));
  await page.keyboard.type('yz');
  assert.deepEqual(await page.evaluate(() => globalThis.announced), ['U heeft het maximum van 1000 tekens bereikt.']);
  await page.close();
});

test('the standalone page around an English survey is English too, and follows a switch', async () => {
  const page = await openSurvey('kto-balie', 'en');
  const frame = () => page.evaluate(() => [document.documentElement.lang, document.title, document.querySelector('h1').textContent]);
  assert.deepEqual(await frame(), ['en', 'Survey about the services of your municipality', 'How satisfied are you?']);
  await expectNoAxeViolations(page, 'English standalone page');
  await survey(page).getByRole('button', { name: 'Nederlands' }).click();
  assert.deepEqual(await frame(), ['nl', 'Enquête over de dienstverlening van uw gemeente', 'Hoe tevreden bent u?']);
  await page.close();
});

// A tablet's clock reset to 2001, or set more than a day ahead: without the server's time the
// first record would be filed in 2001, the second refused by the server (and lost with it).
for (const [deviceClock, what] of [['2001-01-01T09:00:00Z', 'reset to 2001'], ['2028-03-01T09:00:00Z', 'more than a year ahead']]) {
  test(`a device whose clock is ${what} dates its record by the server's clock`, async () => {
    const page = await browser.newPage();
    await page.clock.setFixedTime(new Date(deviceClock));
    await page.goto(`${server.base}/s/kto-digitaal?m=0363&lang=nl`);
    const before = new Set((await server.records()).map((r) => r.id));
    await completeByClicks(page, fullAnswers('kto-digitaal'));
    await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
    const added = (await server.records()).filter((r) => !before.has(r.id));
    assert.equal(added.length, 1);
    const off = Math.abs(Date.parse(added[0].submitted_at) - Date.now());
    assert.ok(off < 5 * 60_000, `submitted_at ${added[0].submitted_at} is ${off} ms from now`);
    await page.close();
  });
}
