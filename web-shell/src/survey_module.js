// survey_module.js: the resident survey's wasm module (engine/wasm/survey_bindings.cpp, a
// plain C interface) as a JavaScript class. Strings cross as NUL-terminated UTF-8 in the
// module's memory; every answer is JSON. All survey logic stays in C++.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Calls `call` with the strings copied into wasm memory, and frees them afterwards.
function withStrings(m, strings, call) {
  const pointers = [];
  try {
    for (const s of strings) {
      const bytes = encoder.encode(s);
      const p = m._malloc(bytes.length + 1);
      pointers.push(p);
      m.HEAPU8.set(bytes, p);  // HEAPU8 read after malloc: the memory may have grown
      m.HEAPU8[p + bytes.length] = 0;
    }
    return call(...pointers);
  } finally {
    for (const p of pointers) m._free(p);
  }
}

function readJson(m, p) {
  const heap = m.HEAPU8;
  return JSON.parse(decoder.decode(heap.subarray(p, heap.indexOf(0, p))));
}

/** One resident's session. `m` is the instantiated module (engine.js loadEngine). */
export class Survey {
  constructor(m, questionnaireText, options) {
    this.m = m;
    this.s = withStrings(m, [questionnaireText, JSON.stringify(options)], (q, o) => m._kp_survey_new(q, o));
    /** [{path, message}]: the questionnaire or the options are wrong */
    this.problems = readJson(m, m._kp_survey_problems(this.s));
  }

  /** The page view (engine/session_view.hpp), or null when the survey could not open. */
  view() { return readJson(this.m, this.m._kp_survey_view(this.s)); }

  /** @returns {{path, message}|null} */
  answer(id, value) {
    return withStrings(this.m, [id, JSON.stringify(value)], (i, v) => readJson(this.m, this.m._kp_survey_answer(this.s, i, v)));
  }

  /** @returns {Array<{path, message}>} problems of the current page; [] when it moved on */
  next() { return readJson(this.m, this.m._kp_survey_next(this.s)); }

  back() { return this.m._kp_survey_back(this.s) === 1; }

  setLanguage(language) { withStrings(this.m, [language], (l) => this.m._kp_survey_set_language(this.s, l)); }

  /** @returns {{record?: object, problems?: Array}} */
  complete(id, submittedAt) {
    return withStrings(this.m, [id, submittedAt], (i, t) => readJson(this.m, this.m._kp_survey_complete(this.s, i, t)));
  }

  /** Frees the session in wasm memory: nothing of the resident stays behind. */
  dispose() {
    if (this.s) this.m._kp_survey_delete(this.s);
    this.s = 0;
  }
}
