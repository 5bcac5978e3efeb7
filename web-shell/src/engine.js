// engine.js: loads the survey engine (C++ compiled to wasm). Its small Emscripten glue is
// bundled into this script (esbuild resolves klantpeil_survey.mjs from the wasm build); the
// .wasm comes from the same origin as embed.js, never from the host page.
import createSurveyModule from 'klantpeil_survey.mjs';

export { Survey } from './survey_module.js';

let modulePromise = null;

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
      // Compiled while it downloads (and while the questionnaire is fetched).
      const compiled = WebAssembly.compileStreaming(fetch(`${base}klantpeil_survey.wasm`, { credentials: 'omit' }));
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
