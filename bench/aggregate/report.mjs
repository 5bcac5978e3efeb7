// Prints bench/aggregate's results as a table and the ratios against the issue's targets.
const native = JSON.parse(process.argv[2]);
const browser = JSON.parse(process.argv[3]);
const floor = JSON.parse(process.argv[4]);
const f = (x, d = 0) => x.toLocaleString('nl-NL', { minimumFractionDigits: d, maximumFractionDigits: d });
const row = (name, r, mem) => console.log(`${name.padEnd(24)} ${f(r.ms ?? r.total_ms).padStart(9)} ms  ${f(r.mb_per_s, 1).padStart(7)} MB/s  ${mem}`);
console.log('run                            time     throughput  memory');
row('native NDJSON', native.ndjson, `store ${f(native.ndjson.bytes_per_response, 1)} B/response`);
row('native CSV', native.csv, `peak RSS ${f(native.peak_rss_mb)} MB (process)`);
row('wasm NDJSON (Chromium)', browser.wasm_ndjson, `store ${f(browser.wasm_ndjson.bytes_per_response, 1)} B/response, wasm heap ${f(browser.wasm_ndjson.heap_mb)} MB`);
row('wasm CSV (Chromium)', browser.wasm_csv, `wasm heap ${f(browser.wasm_csv.heap_mb)} MB`);
row('plain JS NDJSON (Chromium)', browser.js_ndjson, `JS heap growth ${f(browser.js_ndjson.js_heap_growth_mb)} MB`);
const w = browser.wasm_ndjson;
console.log(`frame with ${f(w.responses)} responses loaded (canvas ${w.canvas}): main thread ${f(w.frame_ms_median, 1)} ms median, ${f(w.frame_ms_max, 1)} ms max`);
console.log(`  (the app, ImGui and issuing the WebGL calls; ImGui up to its draw lists ${f(w.ui_ms_median, 1)} ms;`);
console.log(`  ${f(w.draw_calls)} draw calls, ${f(w.vertices)} vertices);`);
console.log(`  one animation frame every ${f(w.frame_interval_ms, 1)} ms: the GPU process rasterising in SwiftShader (software,`);
console.log('  no GPU here), in parallel with the main thread; it grows with the canvas, not with the data');
console.log(`floor: an empty ImGui frame on the same canvas: main thread ${f(w.blank_frame_ms_median, 1)} ms, one animation frame every ${f(w.blank_frame_interval_ms, 1)} ms;`);
console.log(`  a page that only clears a WebGL canvas of that size: one animation frame every ${f(browser.clear_interval_ms, 1)} ms`);
const check = (label, value, ok) => console.log(`${label.padEnd(44)} ${value.padStart(8)}  ${ok ? 'met' : 'MISSED'}`);
console.log('\nratio                                           value  target');
const wn = browser.wasm_ndjson.ms / native.ndjson.total_ms, wc = browser.wasm_csv.ms / native.csv.total_ms;
check('wasm / native, NDJSON (target <= 1,5)', f(wn, 2), wn <= 1.5);
check('wasm / native, CSV (target <= 1,5)', f(wc, 2), wc <= 1.5);
const js = browser.js_ndjson.ms / browser.wasm_ndjson.ms;
check('plain JS / wasm, NDJSON (target >= 10)', f(js, 2), js >= 10);
check('bytes per stored response (target <= 40)', f(browser.wasm_ndjson.bytes_per_response, 1), browser.wasm_ndjson.bytes_per_response <= 40);
check('frame with 1M loaded, main thread (target < 16 ms)', f(w.frame_ms_median, 1), w.frame_ms_median < 16);
check('  animation frame interval, SwiftShader', f(w.frame_interval_ms, 1), w.frame_interval_ms < 16);

// What "plain JS / wasm >= 10" leaves for the whole job, beside what reading alone costs.
const budget = browser.js_ndjson.ms / 10;
console.log(`\nthe 10x target leaves the wasm engine ${f(budget)} ms for the NDJSON: read, check, store and count.`);
console.log('parse floor: simdjson, natively, only walking every value of every record (nothing checked or stored):');
const kernels = { haswell: 'AVX2', icelake: 'AVX-512', westmere: '128-bit SIMD, the width of wasm SIMD128', fallback: 'no SIMD, as the wasm engine is built' };
for (const [name, label] of Object.entries(kernels)) {
  const r = floor[name];  // absent when this CPU cannot run that kernel
  if (r) console.log(`  ${`${name} (${label})`.padEnd(52)} ${f(r.ms).padStart(6)} ms  ${f(r.ms / budget * 100).padStart(4)} % of that`);
}
