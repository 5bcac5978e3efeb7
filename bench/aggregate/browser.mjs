// bench/aggregate, browser part: in one headless Chromium (WebGL2 through SwiftShader), the
// staff previewer's wasm engine ingests the data set made by the native part (NDJSON, then
// CSV, each in a fresh page) and computes all factsheets; then the plain-JS baseline does the
// same figures from the NDJSON. Prints one JSON object on stdout.
//   node bench/aggregate/browser.mjs DATA_DIR
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const DATA = path.resolve(process.argv[2]);
const SERVER = path.join(ROOT, 'build/native/server/klantpeil-server');

async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-bench-'));
  const proc = spawn(SERVER, ['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${dir}/kp.db`, '--data-dir', dir,
    '--assets', path.join(ROOT, 'assets/questionnaires'), '--web', path.join(ROOT, 'build/wasm/web'),
    '--web', `/bench=${DATA}`, '--no-rate-limit'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => { out += c; const m = out.match(/listening on (http:\/\/\S+)/); if (m) resolve(m[1]); });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { base, stop: () => { proc.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function staffPage(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${base}/staff`);
  await page.waitForFunction(() => window.klantpeilStaff, null, { polling: 100 });
  await page.evaluate(() => window.klantpeilStaff.ready);
  return page;
}

// Ingest + factsheets of one file in the wasm engine, then the frame time with it loaded.
async function wasmRun(browser, base, file) {
  const page = await staffPage(browser, base);
  const result = await page.evaluate(async (file) => {
    const get = async (name) => new Uint8Array(await (await fetch(`/bench/${name}`)).arrayBuffer());
    window.klantpeilStaff.loadNow('invitations.ndjson', await get('invitations.ndjson'));
    const bytes = await get(file);
    const t0 = performance.now();
    window.klantpeilStaff.loadNow(file, bytes);
    const ms = performance.now() - t0;
    const s = window.klantpeilStaff.state();
    return { ms, bytes: bytes.length, responses: s.responses, factsheets: s.factsheets, store_bytes: s.store_bytes,
      heap_mb: window.klantpeilStaff.heapBytes() / 1048576 };
  }, file);
  // The previewer draws only while something changes: here every frame is drawn and timed.
  await page.evaluate(() => window.klantpeilStaff.stayAwake(true));
  const app = await sampleFrames(page);
  // The floor: empty ImGui frames on the same canvas, what any frame costs in this WebGL.
  await page.evaluate(() => window.klantpeilStaff.blankFrames(true));
  const blank = await sampleFrames(page);
  await page.close();
  return { ...result, mb_per_s: result.bytes / 1e6 / (result.ms / 1000),
    bytes_per_response: result.store_bytes / result.responses,
    frame_ms_median: app.median, frame_ms_max: app.max, ui_ms_median: app.ui, frame_interval_ms: app.interval,
    blank_frame_ms_median: blank.median, blank_frame_interval_ms: blank.interval, canvas: app.canvas,
    draw_calls: app.draw_calls, vertices: app.vertices };
}

// The previewer's last frame time (its own clock, WebGL calls included) sampled 20 times,
// and the mean time between animation frames over two seconds (what a user sees).
async function sampleFrames(page) {
  const frames = [];
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(100);
    frames.push(await page.evaluate(() => window.klantpeilStaff.state()));
  }
  const sorted = (key) => frames.map((s) => s[key]).sort((a, b) => a - b);
  const median = (key) => sorted(key)[frames.length >> 1];
  const { interval, canvas } = await page.evaluate(() => new Promise((resolve) => {
    const c = document.getElementById('kp-canvas');
    let n = 0, t0 = 0;
    const tick = (t) => {
      if (n++ === 0) t0 = t;
      if (t - t0 < 2000) requestAnimationFrame(tick);
      else resolve({ interval: (t - t0) / (n - 1), canvas: `${c.width}x${c.height}` });
    };
    requestAnimationFrame(tick);
  }));
  const last = frames.at(-1);
  return { median: median('frame_ms'), max: sorted('frame_ms').at(-1), ui: median('ui_ms'), interval, canvas,
    draw_calls: last.draw_calls, vertices: last.vertices };
}

async function jsRun(browser, base) {
  const page = await staffPage(browser, base);
  await page.evaluate(fs.readFileSync(path.join(ROOT, 'bench/aggregate/baseline.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (await fetch('/bench/responses.ndjson')).arrayBuffer());
    const before = performance.memory ? performance.memory.usedJSHeapSize : 0;
    const t0 = performance.now();
    const factsheets = window.kpBaseline(bytes);
    const ms = performance.now() - t0;
    const after = performance.memory ? performance.memory.usedJSHeapSize : 0;
    return { ms, bytes: bytes.length, factsheets, js_heap_growth_mb: (after - before) / 1048576 };
  });
  await page.close();
  return { ...result, mb_per_s: result.bytes / 1e6 / (result.ms / 1000) };
}

// The animation-frame interval of a page that does nothing but clear a WebGL2 canvas of the
// previewer's size: what headless Chromium and SwiftShader put under any frame here (the
// frames are paced by an emulated display, whose beats a software GPU misses).
async function clearFloor(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.setContent('<canvas id="kp-canvas" width="1280" height="860"></canvas>');
  const interval = await page.evaluate(() => new Promise((resolve) => {
    const gl = document.getElementById('kp-canvas').getContext('webgl2');
    let n = 0, t0 = 0;
    const tick = (t) => {
      gl.clearColor(n % 2, 0.5, 0.5, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      if (n++ === 0) t0 = t;
      if (t - t0 < 2000) requestAnimationFrame(tick);
      else resolve((t - t0) / (n - 1));
    };
    requestAnimationFrame(tick);
  }));
  await page.close();
  return interval;
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--enable-precise-memory-info',
    '--js-flags=--max-old-space-size=8192'],
});
try {
  const out = { wasm_ndjson: await wasmRun(browser, server.base, 'responses.ndjson') };
  out.wasm_csv = await wasmRun(browser, server.base, 'responses.csv');
  out.js_ndjson = await jsRun(browser, server.base);
  out.clear_interval_ms = await clearFloor(browser);
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
  server.stop();
}
