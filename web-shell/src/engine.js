// engine.js: loads the survey engine (C++ compiled to wasm) and wraps its session API.
// The module is loaded from the same origin as embed.js, never from the host page.

let modulePromise = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`${src} could not be loaded`));
    document.head.append(s);
  });
}

/** True when this browser can compile and run WebAssembly here (CSP included). */
export function wasmAvailable() {
  try {
    if (typeof WebAssembly !== 'object') return false;
    // The smallest valid module: compiling it fails where CSP forbids wasm.
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)) instanceof WebAssembly.Instance;
  } catch {
    return false;
  }
}

/** The engine module, loaded once per page from `base` (ends with '/'). */
export function loadEngine(base) {
  if (!modulePromise) {
    modulePromise = new Promise((resolve, reject) => {
      // The .wasm is fetched and compiled while the JS glue loads, not after it.
      const compiled = WebAssembly.compileStreaming(fetch(`${base}klantpeil_survey.wasm`, { credentials: 'omit' }));
      compiled.catch(reject);
      loadScript(`${base}klantpeil_survey.js`).then(() => globalThis.createKlantpeilSurvey({
        locateFile: (file) => base + file,
        instantiateWasm(imports, done) {
          compiled.then((module) => WebAssembly.instantiate(module, imports)).then(done, reject);
          return {};
        },
      })).then(resolve, reject);
    });
  }
  return modulePromise;
}
/** One resident's session; all survey logic runs in the engine. */
export class Survey {
  constructor(engine, questionnaireText, options) {
    this.s = new engine.Survey(questionnaireText, JSON.stringify(options));
    this.problems = JSON.parse(this.s.problems());
  }
  view() { return JSON.parse(this.s.view()); }
  /** @returns {{path, message}|null} */
  answer(id, value) { return JSON.parse(this.s.answer(id, JSON.stringify(value))); }
  /** @returns {Array<{path, message}>} problems of the current page; [] when it moved on */
  next() { return JSON.parse(this.s.next()); }
  back() { return this.s.back(); }
  setLanguage(language) { this.s.setLanguage(language); }
  /** @returns {{record?: object, problems?: Array}} */
  complete(id, submittedAt) { return JSON.parse(this.s.complete(id, submittedAt)); }
  /** Frees the session in wasm memory: nothing of the resident stays behind. */
  dispose() { if (this.s) { this.s.delete(); this.s = null; } }
}
