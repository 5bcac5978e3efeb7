// engine.js: loads the survey engine (C++ compiled to wasm). Its small Emscripten glue is
// bundled into this script (esbuild resolves klantpeil_survey.mjs from the wasm build); the
// .wasm comes from the same origin as embed.js, never from the host page.
import createSurveyModule from 'klantpeil_survey.mjs';

export { Survey } from './survey_module.js';

let modulePromise = null;

// One function holding `try ... end`: valid only where WebAssembly has exception handling,
// which the engine is compiled with (Chrome 95, Firefox 100, Safari 15.2 and later).
const WITH_EXCEPTIONS = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 0x0a, 7, 1, 5, 0, 6, 0x40, 0x0b, 0x0b];

/** True when this browser can compile and run the engine's WebAssembly here (CSP included). */
export function wasmAvailable() {
  try {
    if (typeof WebAssembly !== 'object') return false;
    if (!WebAssembly.validate(new Uint8Array(WITH_EXCEPTIONS))) return false;
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
      // Compiled while it downloads (and while the questionnaire is fetched). Credentials
      // same-origin, as <link rel=preload crossorigin> on the standalone and kiosk pages asks,
      // so this fetch gets that download; from a host page it is cross-origin: no cookies.
      const compiled = WebAssembly.compileStreaming(fetch(`${base}klantpeil_survey.wasm`, { credentials: 'same-origin' }));
      compiled.catch(reject);
      createSurveyModule({
        locateFile: (file) => base + file,
        instantiateWasm(imports, done) {
          compiled.then((module) => WebAssembly.instantiate(module, imports)).then(done, reject);
          return {};
        },
      }).then(resolve, reject);
    });
  }
  return modulePromise;
}
