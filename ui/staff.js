// staff.js: the page side of the staff previewer (ui/platform_emscripten.cpp is the other
// half). Keeps the canvas at its CSS size x devicePixelRatio, reads picked and dropped files,
// fetches the backend's staff export, saves downloads, and exports the test hook
// window.klantpeilStaff.
(function () {
  'use strict';
  const canvas = document.getElementById('kp-canvas');
  const input = document.getElementById('kp-file');
  const status = document.getElementById('kp-status');
  let module = null;

  function say(text) { status.textContent = text; }

  // Writes the bytes into the string the app keeps (no second copy in the wasm heap).
  function loadBytes(name, bytes) {
    const ptr = module._kp_staff_buffer(bytes.length);
    module.HEAPU8.set(bytes, ptr);  // after the call: growing the memory replaces HEAPU8
    const nameLen = module.lengthBytesUTF8(name) + 1;
    const namePtr = module._malloc(nameLen);
    module.stringToUTF8(name, namePtr, nameLen);
    module._kp_staff_load(namePtr);
    module._free(namePtr);
  }

  async function loadFiles(files) {
    for (const file of files) {
      say(`${file.name} wordt gelezen…`);
      loadBytes(file.name, new Uint8Array(await file.arrayBuffer()));
    }
    say('');
  }

  const host = {
    pickFile() { input.click(); },
    async fetchExport(token) {
      say('Reacties worden opgehaald…');
      try {
        const res = await fetch('/api/v1/responses?format=ndjson', { headers: { Authorization: `Bearer ${token}` } });
        if (!res.ok) { say(`De server weigerde (HTTP ${res.status}): is het token juist?`); return; }
        loadBytes('server-export.ndjson', new Uint8Array(await res.arrayBuffer()));
        say('');
      } catch (e) {
        say('De server is niet bereikbaar.');
      }
    },
    download(name, mime, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
  };

  function resize() {
    if (!module) return;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== w || canvas.height !== h) module._kp_staff_resize(w, h, ratio);
  }

  input.addEventListener('change', () => loadFiles([...input.files]).then(() => { input.value = ''; }));
  canvas.addEventListener('dragover', (e) => e.preventDefault());
  canvas.addEventListener('drop', (e) => { e.preventDefault(); loadFiles([...e.dataTransfer.files]); });
  window.addEventListener('resize', resize);

  const ready = createKlantpeilStaff({ canvas, kpHost: host }).then((m) => {
    module = m;
    resize();
    // /staff?demo shows the demo data set at once (what `./klantpeil up` seeds the server with).
    if (new URLSearchParams(location.search).has('demo')) m._kp_staff_load_demo(0);
    canvas.focus();
    return true;  // not the module: a test that awaits `ready` would copy the whole heap
  });

  const text = (ptr) => module.UTF8ToString(ptr);
  // The test hook: what the previewer shows, straight from the engine's model.
  window.klantpeilStaff = {
    ready,
    currentFactsheet: () => JSON.parse(text(module._kp_staff_current_json())),
    currentSvg: () => text(module._kp_staff_current_svg()),
    downloadSvg: () => module._kp_staff_download_svg(),
    state: () => JSON.parse(text(module._kp_staff_state_json())),
    select(municipality, channel, period) {
      const args = [municipality, channel, period].map((s) => {
        const n = module.lengthBytesUTF8(s) + 1, p = module._malloc(n);
        module.stringToUTF8(s, p, n);
        return p;
      });
      const ok = module._kp_staff_select(...args) === 1;
      args.forEach((p) => module._free(p));
      return ok;
    },
    loadText(name, content) { loadBytes(name, new TextEncoder().encode(content)); },
    loadDemo(responses = 0) { module._kp_staff_load_demo(responses); },
    // Benchmark path: a file's bytes imported at once, factsheets included.
    loadNow(name, bytes) { loadBytes(name, bytes); module._kp_staff_finish_loading(); },
    heapBytes: () => module.HEAPU8.length,
    // Benchmark floor: empty ImGui frames at the same canvas size (true), or the app (false).
    blankFrames(on) { module._kp_staff_blank_frames(on ? 1 : 0); },
  };
})();
