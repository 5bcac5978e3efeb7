// The one-script-tag embed on the demo municipality page, under a strict CSP.
import { test, before, after } from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axeViolations, completeByKeyboard, recordCspViolations, survey } from './harness.mjs';
import { fullAnswers } from './answers.mjs';

let server;
let browser;
// A municipal site: a page with the one script tag, loading the embed from the server. It is
// served from loopback (Chromium refuses a public page's requests to loopback), on a port of
// its own: another origin than the server's. The server lets it submit for 0363.
let site;
const embedTag = (municipality) => `<script src="${server.base}/embed.js" data-questionnaire="kto-digitaal"
  data-municipality="${municipality}"></script>`;
const sitePage = (municipality, tags = 1) => `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente</title></head>
  <body><main><h1>Gemeente</h1>${embedTag(municipality).repeat(tags)}</main></body></html>`;
before(async () => {
  site = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    const query = new URL(req.url, 'http://site').searchParams;
    res.end(sitePage(query.get('m'), Number(query.get('tags') || 1)));
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  server = await startServer({ origins: [`http://127.0.0.1:${site.address().port}`] });
  browser = await launchBrowser();
});
after(() => site?.close());
after(async () => { await browser?.close(); await server?.stop(); });

test('the embed runs under the strict CSP without a single violation', async () => {
  const context = await browser.newContext();
  await recordCspViolations(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.base}/`);
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  await survey(page).locator('h2').waitFor();
  // Shadow DOM: the survey's styles and ids stay inside its own root.
  const isolated = await page.evaluate(() => {
    const host = document.querySelector('.klantpeil-survey');
    return !!host.shadowRoot && document.getElementById('kp-page-title') === null && host.shadowRoot.adoptedStyleSheets.length === 1;
  });
  assert.ok(isolated);
  assert.equal(await survey(page).getAttribute('lang'), 'nl');
  assert.deepEqual(await axeViolations(page), []);
  await completeByKeyboard(page, fullAnswers('kto-digitaal'));
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  assert.deepEqual(await page.evaluate(() => globalThis.__cspViolations), []);
  assert.deepEqual(errors, []);
  const stored = await server.records();
  assert.equal(stored.length, 1);
  assert.equal(stored[0].source, 'digital');
  await context.close();
});

async function expectNoWasmMessage(initScript) {
  const context = await browser.newContext();
  await context.addInitScript(initScript);
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  const alert = survey(page).getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /werkt niet in deze omgeving/);
  assert.equal(await alert.getByRole('link').getAttribute('href'), `${server.base}/s/kto-digitaal?m=0363`);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
}

test('without WebAssembly the embed says so and links to the standalone survey', async () => {
  await expectNoWasmMessage(() => { delete globalThis.WebAssembly; });
});

test('without WebAssembly exception handling (older browsers) the embed says the same', async () => {
  // Such a browser rejects the engine's try/catch instructions, and only those.
  await expectNoWasmMessage(() => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (bytes) => !new Uint8Array(bytes).includes(0x06) && validate(bytes);
  });
});

test("the embed speaks the host page's language when the questionnaire has it, and says which it speaks", async () => {
  const context = await browser.newContext();
  // Pages of a municipal site in Frisian and in English, with the one script tag.
  await context.route(`${server.base}/gemeente/*`, (route) => {
    const lang = new URL(route.request().url()).pathname.split('/').pop();
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Gemeente</title></head>
      <body><main><h1>Gemeente</h1><script src="/embed.js" data-questionnaire="kto-digitaal" data-municipality="0363"></script></main></body></html>` });
  });
  const page = await context.newPage();
  for (const [lang, shown, next] of [['fy', 'nl', 'Volgende'], ['EN-GB', 'en', 'Next']]) {
    await page.goto(`${server.base}/gemeente/${lang}`);
    await survey(page).locator('h2').waitFor();
    assert.equal(await survey(page).getAttribute('lang'), shown, `a page in ${lang}`);
    assert.equal(await survey(page).getByRole('button', { name: next }).count(), 1, `a page in ${lang}`);
  }
  await context.close();
});

// `origin` shows the site's page with the embed for `municipality`.
async function siteWithEmbed(origin, municipality, tags = 1) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${origin}/contact?m=${municipality}&tags=${tags}`);
  return { context, page, errors, warnings };
}
const allowedSite = () => `http://127.0.0.1:${site.address().port}`;
const otherSite = () => `http://localhost:${site.address().port}`;  // another origin, on no list

test("a site on the municipality's list gets the survey, and its answers are stored across origins", async () => {
  const before = (await server.records()).length;
  const { context, page } = await siteWithEmbed(allowedSite(), '0363');
  await completeByKeyboard(page, fullAnswers('kto-digitaal'));
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  assert.equal((await server.records()).length, before + 1);
  await context.close();
});

for (const [what, origin, municipality, cause] of [
  ['a site not on the list', otherSite, '0363', (o) => `0363 does not accept submissions from ${o}; its administrator adds the site with: klantpeil server municipality add 0363 --origin ${o}`],
  ['an unknown municipality code', allowedSite, '9999', () => 'municipality 9999 is not known'],
  ['no municipality code', allowedSite, '', () => 'no municipality code is given'],
]) {
  test(`${what}: the embed says the survey is not set up, before anyone answers`, async () => {
    const { context, page, errors } = await siteWithEmbed(origin(), municipality);
    const alert = survey(page).getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /niet goed ingesteld/);
    assert.equal(await survey(page).locator('input, textarea, button').count(), 0, 'no question to answer');
    const why = cause(origin());
    assert.ok(errors.some((line) => line.includes(why)), `the console tells the site builder: ${why}; got ${errors.join(' | ')}`);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
}

test('the tag pasted twice shows the survey once, and says so in the console', async () => {
  const { context, page, warnings } = await siteWithEmbed(allowedSite(), '0363', 2);
  await survey(page).locator('h2').waitFor();
  await page.waitForTimeout(300);  // the second tag has run by now
  assert.equal(await page.locator('.klantpeil-survey').count(), 1);
  assert.ok(warnings.some((w) => w.includes('kto-digitaal for 0363 is on this page already')), warnings.join(' | '));
  await context.close();
});
