// The staff previewer at /staff in headless Chromium with WebGL2 (SwiftShader): demo data
// loaded through the page's file input, a screenshot that is not blank, and the test hook
// window.klantpeilStaff, which returns the engine's JSON of the factsheet on screen, checked
// against the native CLI's factsheet for the same file; bad lines; a factsheet below 10
// responses that shows no score in the hook nor in the SVG export; files fed in chunks far
// smaller than their rows give what the native engine gives for the whole file; the page's text
// of the factsheet on screen, for screen readers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, axeViolations, ROOT } from './harness.mjs';

const CLI = path.join(ROOT, 'build/native/cli/klantpeil-cli');
let server;
let browser;
let dir;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-staff-'));
  execFileSync(CLI, ['demo-data', '--responses', '4000', '--out', path.join(dir, 'demo.ndjson')], { stdio: 'ignore' });
  server = await startServer();
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openStaff(query = '', base = server.base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/staff${query}`);
  await page.waitForFunction(() => window.klantpeilStaff && window.klantpeilStaff.ready);
  await page.evaluate(() => window.klantpeilStaff.ready);
  return { page, errors };
}

// `reports`: the loads listed once these files are in (the files of earlier picks too).
async function loadFiles(page, files, reports = files.length) {
  await page.setInputFiles('#kp-file', files);
  await page.waitForFunction((n) => {
    const s = window.klantpeilStaff.state();
    return !s.loading && s.reports.length === n;
  }, reports, { timeout: 60000 });
  return page.evaluate(() => window.klantpeilStaff.state());
}

// Pixels of a PNG that differ from its most common colour, and its number of colours,
// decoded in a blank page (no CSP there).
async function inkOf(png) {
  const blank = await browser.newPage();
  const result = await blank.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const most = Math.max(...counts.values());
    return { ink: data.length / 4 - most, colours: counts.size, total: data.length / 4 };
  }, png.toString('base64'));
  await blank.close();
  return result;
}

function cliFactsheets(file, extra = []) {
  const out = execFileSync(CLI, ['factsheet', '--input', file, ...extra, '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out);
}

test('demo data: the factsheet on screen is the engine\'s, and the canvas is drawn', async () => {
  const { page, errors } = await openStaff();
  const responses = path.join(dir, 'demo.ndjson');
  const invitations = path.join(dir, 'demo.invitations.ndjson');
  const state = await loadFiles(page, [responses, invitations]);
  assert.equal(state.responses, 4000);
  assert.ok(state.factsheets > 10, `factsheets: ${state.factsheets}`);

  // The default selection is the newest quarter of the first municipality and channel.
  const shown = await page.evaluate(() => window.klantpeilStaff.currentFactsheet());
  assert.ok(shown, 'a factsheet is on screen');
  const expected = cliFactsheets(responses, ['--invitations', invitations, '--municipality', shown.municipality,
    '--channel', shown.channel, '--period', shown.period]);
  assert.deepEqual(shown, expected[0], 'the previewer shows what the native engine computes');

  // Another selection through the hook: a published one of the largest municipality.
  const all = cliFactsheets(responses, ['--invitations', invitations]);
  const big = all.filter((f) => f.published).sort((a, b) => b.responses - a.responses)[0];
  assert.equal(await page.evaluate((f) => window.klantpeilStaff.select(f.municipality, f.channel, f.period), big), true);
  assert.deepEqual(await page.evaluate(() => window.klantpeilStaff.currentFactsheet()), big);
  const svg = await page.evaluate(() => window.klantpeilStaff.currentSvg());
  assert.match(svg, new RegExp(`<title id="title">Factsheet klanttevredenheid gemeente ${big.municipality}`));
  assert.ok(svg.includes(`>${String(big.totaaloordeel.mean.toFixed(1)).replace('.', ',')}<`), 'the SVG shows the mean in Dutch notation');

  // The download button's path: a file with the factsheet's name, well-formed SVG.
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.klantpeilStaff.downloadSvg())]);
  assert.equal(download.suggestedFilename(), `factsheet-${big.municipality}-${big.channel}-${big.period}.svg`);
  const saved = fs.readFileSync(await download.path(), 'utf8');
  assert.equal(saved, svg);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { root: doc.documentElement.localName, errors: doc.getElementsByTagName('parsererror').length };
  }, saved);
  assert.deepEqual(parsed, { root: 'svg', errors: 0 });

  await page.waitForTimeout(300);  // a few frames with the new selection
  const ink = await inkOf(await page.locator('#kp-canvas').screenshot());
  assert.ok(ink.ink > ink.total * 0.02, `the canvas has drawing on it: ${JSON.stringify(ink)}`);
  assert.ok(ink.colours > 20, `text and charts, not one flat colour: ${JSON.stringify(ink)}`);
  const drawn = await page.evaluate(() => window.klantpeilStaff.state());
  assert.ok(drawn.frame_ms < 1000, `frame time ${drawn.frame_ms} ms`);
  assert.ok(drawn.draw_calls >= 1 && drawn.vertices > 1000, `the last frame's geometry: ${drawn.draw_calls} draw calls, ${drawn.vertices} vertices`);
  assert.deepEqual(errors, []);
});

// The text beside the canvas once it shows the factsheet of `f` (municipality, channel, period).
async function factsheetText(page, f) {
  const heading = `Klanttevredenheid gemeente ${f.municipality}, ${f.channel}, ${f.period}`;
  await page.waitForFunction((h) => document.getElementById('kp-text').textContent.startsWith(h), heading);
  return page.locator('#kp-text').textContent();
}

test('the factsheet on screen is in the page as the engine\'s text, and follows the selection', async () => {
  const { page, errors } = await openStaff();
  assert.equal(await page.locator('#kp-text').textContent(), 'Nog geen factsheet op het scherm.');
  const responses = path.join(dir, 'demo.ndjson');
  const invitations = path.join(dir, 'demo.invitations.ndjson');
  await loadFiles(page, [responses, invitations]);
  const cliText = (f) => execFileSync(CLI, ['factsheet', '--input', responses, '--invitations', invitations, '--format', 'text',
    '--municipality', f.municipality, '--channel', f.channel, '--period', f.period], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const shown = await page.evaluate(() => window.klantpeilStaff.currentFactsheet());
  assert.equal(await factsheetText(page, shown), cliText(shown));

  const other = cliFactsheets(responses, ['--invitations', invitations]).find((f) => f.published && f.municipality !== shown.municipality);
  assert.equal(await page.evaluate((f) => window.klantpeilStaff.select(f.municipality, f.channel, f.period), other), true);
  assert.equal(await factsheetText(page, other), cliText(other));

  await page.getByText('De factsheet als tekst').click();
  await page.waitForFunction(() => document.getElementById('kp-canvas').height < 800);  // the canvas made room
  assert.ok(await page.locator('#kp-text').isVisible());
  assert.deepEqual(await axeViolations(page), []);

  // The page's own choices select as the canvas's combos do.
  assert.equal(await page.getByLabel('Gemeente').inputValue(), other.municipality);
  const third = cliFactsheets(responses, ['--invitations', invitations])
    .find((f) => f.published && f.municipality === other.municipality && f.channel === other.channel && f.period !== other.period);
  await page.getByLabel('Kwartaal').selectOption(third.period);
  assert.equal(await factsheetText(page, third), cliText(third));
  assert.deepEqual(await page.evaluate(() => window.klantpeilStaff.currentFactsheet()), third);
  assert.deepEqual(await page.getByLabel('Kanaal').locator('option').allTextContents(),
    ['Balie', 'Telefoon', 'Digitaal'].filter((label) => cliFactsheets(responses, ['--municipality', other.municipality])
      .some((f) => f.channel === label.toLowerCase())));
  assert.deepEqual(errors, []);
});

test('a CSV larger than one frame\'s slice loads whole: the same factsheets as the native engine', async () => {
  const csv = path.join(dir, 'big.csv');
  execFileSync(CLI, ['demo-data', '--responses', '60000', '--seed', '3', '--out', csv], { stdio: 'ignore' });
  assert.ok(fs.statSync(csv).size > 2 * 4194304, 'the file spans several 4 MB slices');
  const { page, errors } = await openStaff();
  const state = await loadFiles(page, [csv]);
  assert.equal(state.responses, 60000);
  assert.deepEqual(state.reports[0].errors, []);
  const all = cliFactsheets(csv);
  assert.equal(state.factsheets, all.length);
  const big = all.filter((f) => f.published).sort((a, b) => b.responses - a.responses)[0];
  assert.equal(await page.evaluate((f) => window.klantpeilStaff.select(f.municipality, f.channel, f.period), big), true);
  const shown = await page.evaluate(() => window.klantpeilStaff.currentFactsheet());
  // The invitations file was not loaded here, nor given to the CLI: both count none.
  assert.deepEqual(shown, big);
  assert.deepEqual(errors, []);
  await page.close();
});

// What the native engine makes of a whole file: records accepted and the lines it skipped.
function cliValidate(file) {
  const out = spawnSync(CLI, ['validate-responses', file], { encoding: 'utf8' }).stdout;
  const lines = out.split('\n').filter((l) => l.startsWith(`${file}:`)).map((l) => Number(l.slice(file.length + 1).split(':')[0]));
  return { accepted: Number(out.match(/(\d+) records? accepted/)[1]), lines: lines.filter((n) => n > 0) };
}

// Every factsheet of the file as the native engine computes it, selected one by one on screen.
async function assertFactsheetsOf(page, file) {
  const all = cliFactsheets(file);
  assert.equal((await page.evaluate(() => window.klantpeilStaff.state())).factsheets, all.length);
  const shown = await page.evaluate((all) => all.map((f) =>
    window.klantpeilStaff.select(f.municipality, f.channel, f.period) && window.klantpeilStaff.currentFactsheet()), all);
  assert.deepEqual(shown, all);
}

test('NDJSON picked and read in 16 KB chunks: rows across chunks, a bad and an over-long line further on', async () => {
  const lines = fs.readFileSync(path.join(dir, 'demo.ndjson'), 'utf8').split('\n').filter((l) => l).slice(0, 800);
  const bad = JSON.parse(lines[300]);
  bad.answers.moeite = 9;
  lines[300] = JSON.stringify(bad);
  const long = JSON.parse(lines[500]);
  long.answers.toelichting = 'x'.repeat(300000);  // beyond the 256 KiB a line may have: spans 18 chunks
  lines[500] = JSON.stringify(long);
  const file = path.join(dir, 'chunks.ndjson');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const expected = cliValidate(file);
  assert.deepEqual(expected.lines, [301, 501]);

  const { page, errors } = await openStaff();
  await page.evaluate(() => { window.klantpeilStaff.chunkBytes = 16384; });
  const state = await loadFiles(page, [file]);
  const report = state.reports[0];
  assert.equal(report.accepted, expected.accepted);
  assert.deepEqual(report.errors.map((e) => e.line), expected.lines);
  assert.match(report.errors[1].reason, /longer than/);
  await assertFactsheetsOf(page, file);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file goes on loading while the tab is hidden', async () => {
  const { page, errors } = await openStaff();
  // Headless tabs stay visible: the page is told it is hidden, and animation frames stop as
  // in a background tab (the previewer's own drawing with them).
  await page.evaluate(() => {
    window.klantpeilStaff.chunkBytes = 16384;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    window.requestAnimationFrame = () => 0;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const file = path.join(dir, 'demo.ndjson');
  assert.ok(fs.statSync(file).size > 100 * 16384, 'over a hundred chunks');
  const state = await loadFiles(page, [file]);
  assert.equal(state.reports[0].accepted, cliValidate(file).accepted);
  await assertFactsheetsOf(page, file);
  assert.deepEqual(errors, []);
  await page.close();
});

test('CSV fed in chunks that cut quoted multi-line open texts: one header for all, file line numbers', async () => {
  const made = path.join(dir, 'chunks-source.csv');
  execFileSync(CLI, ['demo-data', '--responses', '800', '--seed', '5', '--out', made], { stdio: 'ignore' });
  const rows = fs.readFileSync(made, 'utf8').split('\r\n');
  const header = rows[0].split(';');
  const cell = (name) => header.indexOf(name);
  // Rows without quotes, so splitting at ';' gives their cells.
  const plain = rows.map((r, i) => i).filter((i) => i > 100 && !rows[i].includes('"') && rows[i].split(';')[cell('toelichting')]);
  const edit = (i, name, value) => { const c = rows[i].split(';'); c[cell(name)] = value; rows[i] = c.join(';'); };
  const multiLine = plain.slice(0, 2);
  // Longer than a chunk: a chunk boundary falls inside each, wherever it is.
  const chunk = 512;
  const long = `"Eerste regel; ${'een lang verhaal '.repeat(32)}\r\ntweede regel met ""aanhalingstekens"",\r\nen een derde."`;
  assert.ok(long.length > chunk && long.length < 1000, 'within the questionnaire\'s 1000 characters');
  for (const i of multiLine) edit(i, 'toelichting', long);
  edit(plain[200], 'moeite', '9');
  const text = rows.join('\r\n');
  const file = path.join(dir, 'chunks.csv');
  fs.writeFileSync(file, text);
  const expected = cliValidate(file);
  assert.equal(expected.lines.length, 1);

  assert.ok(Buffer.byteLength(text) > 100 * chunk);

  const { page, errors } = await openStaff();
  const state = await page.evaluate(({ text, chunk }) => {
    window.klantpeilStaff.chunkBytes = chunk;
    window.klantpeilStaff.loadNow('chunks.csv', new TextEncoder().encode(text));
    return window.klantpeilStaff.state();
  }, { text, chunk });
  const report = state.reports[0];
  assert.equal(report.accepted, expected.accepted);
  assert.deepEqual(report.errors.map((e) => e.line), expected.lines);
  assert.match(report.errors[0].reason, /moeite/);
  await assertFactsheetsOf(page, file);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file with bad lines: they are skipped and reported by line number', async () => {
  const { page } = await openStaff();
  const lines = fs.readFileSync(path.join(dir, 'demo.ndjson'), 'utf8').split('\n').filter((l) => l).slice(0, 5);
  const bad = JSON.parse(lines[3]);
  bad.answers.moeite = 9;
  lines[1] = '{"id": "kapot"';
  lines[3] = JSON.stringify(bad);
  const file = path.join(dir, 'bad-lines.ndjson');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const state = await loadFiles(page, [file]);
  const report = state.reports[0];
  assert.equal(report.accepted, 3);
  assert.equal(report.skipped, 2);
  assert.deepEqual(report.errors.map((e) => e.line), [2, 4]);
  assert.match(report.errors[1].reason, /moeite/);
});

test('a factsheet below 10 responses shows no score in the hook or the SVG', async () => {
  const { page } = await openStaff();
  const records = fs.readFileSync(path.join(dir, 'demo.ndjson'), 'utf8').split('\n').filter((l) => l)
    .map((l) => JSON.parse(l)).filter((r) => r.channel === 'balie' && Number.isInteger(r.answers.totaaloordeel));
  const seven = records.slice(0, 7).map((r) => ({ ...r, municipality: '0999', submitted_at: '2026-08-14T10:00:00Z' }));
  const file = path.join(dir, 'seven.ndjson');
  fs.writeFileSync(file, seven.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await loadFiles(page, [file]);
  const shown = await page.evaluate(() => window.klantpeilStaff.currentFactsheet());
  assert.equal(shown.municipality, '0999');
  assert.equal(shown.responses, 7);
  assert.equal(shown.published, false);
  assert.equal(shown.totaaloordeel.mean, null);
  assert.equal(shown.totaaloordeel.distribution, null);
  assert.equal(shown.ces.score, null);
  assert.equal(shown.hostmanship.mean, null);
  for (const item of [...Object.values(shown.hostmanship.items), ...Object.values(shown.aspects)]) assert.equal(item.mean, null);

  const svg = await page.evaluate(() => window.klantpeilStaff.currentSvg());
  assert.ok(svg.includes('onvoldoende respons (n = 7)'));
  assert.ok(!svg.includes('class="bar"'), 'no bars');
  // The hand-computed mean of the seven grades must not appear in Dutch notation anywhere.
  const mean = seven.reduce((s, r) => s + r.answers.totaaloordeel, 0) / 7;
  assert.ok(!svg.includes(`>${mean.toFixed(1).replace('.', ',')}<`), `the hidden mean ${mean} is not in the SVG`);
  const parsed = await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror') === null, svg);
  assert.ok(parsed, 'the SVG is well-formed XML');

  const text = await factsheetText(page, shown);
  assert.ok(text.includes('Totaaloordeel: onvoldoende respons (n = 7)'), text);
  assert.ok(!text.includes(mean.toFixed(1).replace('.', ',')), `the hidden mean ${mean} is not in the text`);
});

test('the previewer stops drawing while nothing changes, and draws again on input', async () => {
  const { page, errors } = await openStaff('?demo');
  const frames = () => page.evaluate(() => window.klantpeilStaff.state().frames);
  const settled = async () => {  // the count standing still for half a second
    for (let tries = 0; tries < 20; tries++) {
      const before = await frames();
      await page.waitForTimeout(500);
      if (await frames() === before) return before;
    }
    assert.fail('the previewer kept drawing with nothing changing');
  };
  const idle = await settled();
  assert.ok(idle > 0, 'it drew the factsheet first');
  const box = await page.locator('#kp-canvas').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
  await page.waitForFunction((n) => window.klantpeilStaff.state().frames > n, idle, { timeout: 5000 });
  assert.ok(await settled() > idle, 'a mouse move drew frames, then it settled again');
  const ink = await inkOf(await page.locator('#kp-canvas').screenshot());
  assert.ok(ink.ink > ink.total * 0.02 && ink.colours > 20, `the last frame stays on screen while idle: ${JSON.stringify(ink)}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('quick clicks from tab to tab switch the view', async () => {
  const { page, errors } = await openStaff('?demo');
  await page.waitForFunction(() => window.klantpeilStaff.state().factsheets > 0, null, { timeout: 30000 });
  const box = await page.locator('#kp-canvas').boundingBox();
  // The tabs' places on the canvas: right of the left panel (20 font sizes wide), on top.
  const tabs = { factsheet: 350 - box.x, trend: 415 - box.x, cases: 500 - box.x };
  const view = () => page.evaluate(() => window.klantpeilStaff.state().view);
  assert.equal(await view(), 'factsheet');
  // Playwright's click presses and releases at once, in the frame the pointer arrives: a tap.
  for (const name of ['trend', 'cases', 'factsheet', 'cases']) {
    await page.mouse.click(box.x + tabs[name], box.y + 18);
    await page.waitForFunction((n) => window.klantpeilStaff.state().view === n, name, { timeout: 5000 })
      .catch(async () => assert.fail(`a click on the ${name} tab left the ${await view()} tab shown`));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('/staff?demo shows the demo data set that the server seeds', async () => {
  const { page, errors } = await openStaff('?demo');
  await page.waitForFunction(() => window.klantpeilStaff.state().factsheets > 0, null, { timeout: 30000 });
  const state = await page.evaluate(() => window.klantpeilStaff.state());
  assert.equal(state.responses, 4000, 'the spec of server/demo_seed.cpp: 4000 responses');
  const shown = await page.evaluate(() => window.klantpeilStaff.currentFactsheet());
  assert.ok(shown && shown.responses > 0);
  assert.deepEqual(errors, []);
});

// The export was built whole in server memory before it went out; the progress bar read
// its Content-Length, which a compressed body would make a fraction of what the stream
// yields. Now it streams, gzip'ed, and names its unpacked size for the bar.
test('the staff export loads from the server with a token, gzip\'ed, with a true progress bar', async () => {
  const seeded = await startServer({ args: ['--demo'] });
  try {
    const res = await fetch(`${seeded.base}/api/v1/responses`,
      { headers: { Authorization: `Bearer ${seeded.token}`, 'Accept-Encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    const text = await res.text();
    assert.equal(Number(res.headers.get('x-klantpeil-export-bytes')), Buffer.byteLength(text));

    const { page, errors } = await openStaff('', seeded.base);
    const samples = await page.evaluate(async (token) => {
      const hook = window.klantpeilStaff;
      hook.chunkBytes = 16384;
      const seen = [];
      const timer = setInterval(() => seen.push(hook.state()), 5);
      await hook.fetchExport(token);
      clearInterval(timer);
      seen.push(hook.state());
      return seen.map(({ loading, progress, responses }) => ({ loading, progress, responses }));
    }, seeded.token);
    const total = text.split('\n').filter((l) => l).length;
    assert.equal(samples.at(-1).responses, total);
    const midway = samples.filter((s) => s.loading && s.progress > 0.1 && s.progress < 0.9);
    assert.ok(midway.length > 0, 'the bar was seen between 10 % and 90 %');
    for (const s of samples.filter((x) => x.loading)) {
      // Bytes fed run ahead of imported rows by at most a chunk (16 KB of about 650 KB).
      assert.ok(s.progress <= s.responses / total + 0.05, `progress ${s.progress} at ${s.responses} of ${total}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await seeded.stop();
  }
});

test('a server export that breaks off halfway says the responses loaded are not complete', async () => {
  const { page, errors } = await openStaff();
  const lines = fs.readFileSync(path.join(dir, 'demo.ndjson'), 'utf8').split('\n').filter((l) => l);
  const part = lines.slice(0, 500).join('\n') + '\n';
  const state = await page.evaluate(async (text) => {
    // A connection dropped after the first part. The real server breaks off only when its
    // database fails halfway (tests/server), which a browser test cannot cause at a chosen byte.
    window.klantpeilStaff.chunkBytes = 16384;
    let sent = false;
    window.fetch = async () => new Response(new ReadableStream({
      pull(controller) {
        if (sent) controller.error(new TypeError('network error'));
        else controller.enqueue(new TextEncoder().encode(text));
        sent = true;
      },
    }), { headers: { 'X-Klantpeil-Export-Bytes': String(text.length * 8) } });
    await window.klantpeilStaff.fetchExport('kp_token');
    return { ...window.klantpeilStaff.state(), said: document.getElementById('kp-status').textContent };
  }, part);
  assert.ok(state.responses > 400 && state.responses < 500, `${state.responses} of the 500 sent`);  // all but the torn chunk
  assert.match(state.said, /brak halverwege af: de geladen reacties zijn niet compleet/);
  assert.deepEqual(errors, []);
  await page.close();
});

// Each load had its own record ids, so the same responses loaded again (a file picked twice,
// "Reacties ophalen" clicked twice) were counted twice: every count and the response rate doubled.
test('the same responses loaded twice, by file and by server export, count once', async () => {
  const seeded = await startServer({ args: ['--demo'] });
  try {
    const { page, errors } = await openStaff('', seeded.base);
    const file = path.join(dir, 'twice.ndjson');
    fs.writeFileSync(file, fs.readFileSync(path.join(dir, 'demo.ndjson'), 'utf8').split('\n').slice(0, 300).join('\n'));
    await loadFiles(page, [file]);
    const state = await loadFiles(page, [file], 2);
    assert.equal(state.responses, 300);
    assert.equal(state.reports[1].accepted, 0);
    assert.equal(state.reports[1].skipped, 300);
    const ids = new Set([...fs.readFileSync(file, 'utf8').split('\n'), ...(await seeded.records()).map((r) => JSON.stringify(r))]
      .filter((l) => l).map((l) => JSON.parse(l).id));
    const after = await page.evaluate(async (token) => {
      await window.klantpeilStaff.fetchExport(token);
      await window.klantpeilStaff.fetchExport(token);
      return window.klantpeilStaff.state();
    }, seeded.token);
    assert.equal(after.responses, ids.size);
    assert.equal(after.reports.at(-1).accepted, 0);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await seeded.stop();
  }
});

// Emscripten's GLFW has no clipboard: Ctrl+V in the token field pasted nothing, and staff
// had to retype the long token from their mail letter by letter.
test('a staff token pasted with Ctrl+V into the token field fetches the export', async () => {
  const seeded = await startServer({ args: ['--demo'] });
  try {
    const { page, errors } = await openStaff('', seeded.base);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: seeded.base });
    const box = await page.locator('#kp-canvas').boundingBox();
    // The token field and the fetch button in the left panel (as drawn at this viewport).
    // ImGui 1.86 reads the mouse and keys once a frame (a click waits one more): the test
    // goes on after a few frames, as a person's hands do.
    const frames = () => page.evaluate(() => new Promise((r) => {
      requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)));
    }));
    await page.mouse.click(box.x + 150, box.y + 150);
    await frames();
    // As copied from a mail: with a space before and after.
    await page.evaluate((token) => navigator.clipboard.writeText(` ${token} `), seeded.token);
    await page.keyboard.down('Control');
    await page.keyboard.down('v');
    await frames();
    await page.keyboard.up('v');
    await page.keyboard.up('Control');
    await page.mouse.click(box.x + 120, box.y + 175);
    const total = (await seeded.records()).length;
    await page.waitForFunction((n) => window.klantpeilStaff.state().responses === n, total, { timeout: 30000 })
      .catch(async () => assert.fail(`after the paste: ${(await page.evaluate(() => window.klantpeilStaff.state())).responses} responses, ` +
        `status "${await page.locator('#kp-status').textContent()}"`));
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await seeded.stop();
  }
});

// The font held Latin-1 only: the curly quotes that phones type ("auto’s"), the euro sign
// and names like Şahin or Łukasz showed as '?' in the cases table.
test('the cases\' texts as residents type them are drawn, not as question marks', async () => {
  const { page } = await openStaff('?demo');
  await page.waitForFunction(() => window.klantpeilStaff.state().frames > 0);
  const missing = await page.evaluate(() => window.klantpeilStaff.missingGlyphs(
    'De auto’s, „prima” en ‘snel’ • € 25 leges — Şahin, Łukasz, Œuvre, Ğ, ı'));
  assert.equal(missing, '');
  assert.equal(await page.evaluate(() => window.klantpeilStaff.missingGlyphs('😀')), '😀', 'the hook sees what is missing');
  await page.close();
});

// Tips were cut at 110 bytes whatever their letters: a tip in capitals ran far past the
// page's right edge, and a printed factsheet lost its end.
test('the factsheet SVG keeps long tips inside the page\'s margins', async () => {
  const { page } = await openStaff();
  const records = fs.readFileSync(path.join(dir, 'demo.ndjson'), 'utf8').split('\n').filter((l) => l)
    .map((l) => JSON.parse(l)).filter((r) => r.channel === 'balie').slice(0, 12);
  const tips = ['GRATIS PARKEREN BIJ HET GEMEENTEHUIS EN MEER BALIES OPEN OP ZATERDAG, WANT NU MOET IEDEREEN VRIJ NEMEN',
    'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW',
    'Maak de wachtruimte gezelliger met planten, betere stoelen en een scherm dat zegt hoe lang het nog duurt.'];
  const file = path.join(dir, 'long-tips.ndjson');
  fs.writeFileSync(file, records.map((r, i) => JSON.stringify({ ...r, municipality: '0998',
    submitted_at: `2026-08-14T10:${String(10 + i)}:00Z`, answers: { ...r.answers, suggesties: 'ja', tip: tips[i % 3] } })).join('\n'));
  await loadFiles(page, [file]);
  const svg = await page.evaluate(() => window.klantpeilStaff.currentSvg());
  const view = await browser.newPage();
  await view.setContent(svg.replace(/^<\?xml[^>]*>/, ''));
  const outside = await view.evaluate(() => [...document.querySelectorAll('text')]
    .map((t) => ({ text: t.textContent, right: t.getBBox().x + t.getBBox().width })).filter((t) => t.right > 595 - 40 + 0.5));
  assert.deepEqual(outside, []);
  assert.equal(await view.evaluate(() => [...document.querySelectorAll('text')].filter((t) => t.textContent.startsWith('• ')).length), 3);
  await view.close();
  await page.close();
});

// Emscripten's GLFW cancels every Tab on the window: a keyboard user could not move the
// focus at all, not out of the canvas nor back to the file input (a keyboard trap).
test('keyboard only: Tab and Shift+Tab move between the file input, the text view and the canvas', async () => {
  const { page, errors } = await openStaff();
  const at = () => page.evaluate(() => document.activeElement.id || document.activeElement.textContent);
  assert.equal(await at(), 'kp-canvas');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await at(), 'De factsheet als tekst');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await at(), 'kp-file');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await at(), 'kp-canvas');
  // In the token field, Tab stays ImGui's (the next text field); Enter leaves the field.
  const box = await page.locator('#kp-canvas').boundingBox();
  await page.mouse.click(box.x + 150, box.y + 150);
  await page.waitForFunction(() => window.klantpeilStaff.state().typing);
  await page.keyboard.press('Tab');
  assert.equal(await at(), 'kp-canvas');
  assert.deepEqual(errors, []);
  await page.close();
});

// Every refusal asked "is het token juist?", also when the server's database was away
// (503): staff doubted a token that was right and asked for a new one.
test('a refused export says whether the token or the server is the trouble', async () => {
  const { page, errors } = await openStaff();
  const said = async (status) => {
    await page.route('**/api/v1/responses**', (route) => route.fulfill({ status, contentType: 'application/json', body: '{}' }));
    await page.evaluate(() => window.klantpeilStaff.fetchExport('kp_token'));
    await page.unroute('**/api/v1/responses**');
    return page.locator('#kp-status').textContent();
  };
  assert.match(await said(401), /medewerkerstoken klopt niet/);
  const unavailable = await said(503);
  assert.match(unavailable, /probeer het later opnieuw/i);
  assert.doesNotMatch(unavailable, /token/);
  assert.deepEqual(errors, []);
  await page.close();
});
