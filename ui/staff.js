// staff.js: the page side of the staff previewer (ui/platform_emscripten.cpp is the other
// half). Keeps the canvas at its CSS size x devicePixelRatio, reads picked and dropped files,
// fetches the backend's staff export, saves downloads, and exports the test hook
// window.klantpeilStaff.
(function () {
  'use strict';
  const canvas = document.getElementById('kp-canvas');
  const input = document.getElementById('kp-file');
  const status = document.getElementById('kp-status');
  const factsheetText = document.getElementById('kp-text');
  const choice = {
    municipality: document.getElementById('kp-municipality'),
    channel: document.getElementById('kp-channel'),
    period: document.getElementById('kp-period'),
  };
  let module = null;

  function say(text) { status.textContent = text; }

  // Files reach the engine in chunks, each written into the loader's one wasm buffer behind
  // the unfinished row of the chunk before (ui/loader.hpp): a file's bytes never sit whole
  // in wasm memory. 4 MiB is about 30 ms of NDJSON: the page imports one chunk per frame.
  const CHUNK_BYTES = 4 << 20;

  function cString(s) {
    const n = module.lengthBytesUTF8(s) + 1, p = module._malloc(n);
    module.stringToUTF8(s, p, n);
    return p;
  }

  function open(name, size) {
    const p = cString(name);
    module._kp_staff_open(p, size);
    module._free(p);
  }

  // Imports the complete rows of one more chunk of the open file. 'more'; 'stop' when the
  // rest of the file is no use (a bad CSV header); 'gone' when the app dropped the file
  // (Alles wissen), and with it the rest of the pick.
  function feed(bytes) {
    const ptr = module._kp_staff_room(bytes.length);
    if (!ptr) return 'gone';
    module.HEAPU8.set(bytes, ptr);  // after the call: growing the memory replaces HEAPU8
    return module._kp_staff_wrote(bytes.length) ? 'more' : 'stop';
  }

  function* arrayChunks(bytes, size) {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }

  async function* fileChunks(file, size) {
    for (let at = 0; at < file.size; at += size) yield new Uint8Array(await file.slice(at, at + size).arrayBuffer());
  }

  // A download's pieces (tens of KB each) gathered into chunks: each chunk costs a frame.
  async function* streamChunks(body, size) {
    const reader = body.getReader();
    let chunk = new Uint8Array(size), n = 0;
    for (let r; !(r = await reader.read()).done;) {
      for (let piece = r.value; piece.length;) {
        const k = Math.min(size - n, piece.length);
        chunk.set(piece.subarray(0, k), n);
        n += k;
        piece = piece.subarray(k);
        if (n === size) { yield chunk; chunk = new Uint8Array(size); n = 0; }
      }
    }
    if (n) yield chunk.subarray(0, n);
  }

  // The pause before each chunk: the next animation frame, so the progress bar moves and the
  // page answers. A hidden tab gets no frames; there the load goes on from task to task (a
  // MessageChannel message: background tabs throttle timers, not messages).
  function breather() {
    return new Promise((resolve) => {
      if (document.hidden) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
        return;
      }
      const done = () => {
        cancelAnimationFrame(frame);
        document.removeEventListener('visibilitychange', done);
        resolve();
      };
      const frame = requestAnimationFrame(done);
      document.addEventListener('visibilitychange', done);
    });
  }

  // One file, a chunk per breather; the next chunk is read meanwhile. `last`: no other file
  // of the pick follows. False when the pick is to be given up (see feed).
  async function loadChunks(name, size, chunks, last) {
    open(name, size);
    let fed = 'more';
    try {
      for (let next = chunks.next(), r; fed === 'more' && !(r = await next).done;) {
        next = chunks.next();
        // A read that fails meanwhile (a connection dropped) is thrown at the await above; till
        // then the browser would report its rejection as unhandled.
        next.catch(() => {});
        await breather();
        fed = feed(r.value);
      }
    } finally {
      module._kp_staff_close(last ? 1 : 0);
    }
    return fed !== 'gone';
  }

  // Loads run one after another, in the order asked (picks, drops, the server export).
  let queue = Promise.resolve();
  function enqueue(job) {
    queue = queue.then(job).catch(() => say('Het bestand kon niet worden gelezen.'));
    return queue;
  }

  function loadFiles(files) {
    return enqueue(async () => {
      for (const [i, file] of files.entries()) {
        say(`${file.name} wordt gelezen…`);
        if (!await loadChunks(file.name, file.size, fileChunks(file, hook.chunkBytes), i === files.length - 1)) break;
      }
      say('');
    });
  }

  // Why the server gave no export: the token, or the server itself (its database away: 503).
  function refusal(status) {
    if (status === 401) {
      return 'Het medewerkerstoken klopt niet of is verlopen. Vraag het token van uw gemeente aan de beheerder.';
    }
    if (status === 403) return 'Dit medewerkerstoken hoort bij een andere gemeente.';
    return `De server kon de reacties nu niet geven (fout ${status}). Probeer het later opnieuw.`;
  }

  const host = {
    pickFile() { input.click(); },
    // The factsheet on screen as the engine's text (inert, never markup) and the choices that
    // select it, as the canvas shows them: the same for a screen reader.
    showFactsheet(view) {
      factsheetText.textContent = view.text ||
        (view.municipalities.length ? 'Geen factsheet voor deze keuze.' : 'Nog geen factsheet op het scherm.');
      fillChoice(choice.municipality, view.municipalities.map((m) => ({ value: m, label: m })), view.municipality);
      fillChoice(choice.channel, view.channels, view.channel);
      fillChoice(choice.period, view.periods.map((p) => ({ value: p, label: p })), view.period);
    },
    fetchExport(token) {
      return enqueue(async () => {
        say('Reacties worden opgehaald…');
        let res;
        try {
          // Trimmed: a token copied from a mail often brings a space along.
          res = await fetch('/api/v1/responses?format=ndjson', { headers: { Authorization: `Bearer ${token.trim()}` } });
        } catch (e) {
          say('De server is niet bereikbaar.');
          return;
        }
        if (!res.ok) { say(refusal(res.status)); return; }
        // The export is streamed (chunked, gzip'ed): the server sends its unpacked size apart.
        const size = Number(res.headers.get('X-Klantpeil-Export-Bytes')) || 0;
        try {
          await loadChunks('server-export.ndjson', size, streamChunks(res.body, hook.chunkBytes), true);
          say('');
        } catch (e) {
          // The server breaks the connection off when it fails halfway: what came is a part.
          say('Het ophalen brak halverwege af: de geladen reacties zijn niet compleet. ' +
              'Kies "Alles wissen" en haal ze opnieuw op.');
        }
      });
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

  // A selection without a factsheet (another municipality, same channel) stays shown as it is.
  function fillChoice(select, options, selected) {
    const all = options.some((o) => o.value === selected) ? options
      : [{ value: selected, label: `${selected || '—'} (geen reacties)` }, ...options];
    select.replaceChildren(...all.map((o) => new Option(o.label, o.value, false, o.value === selected)));
  }

  // A choice in the page selects as the canvas's combos do; the engine answers with showFactsheet.
  for (const select of Object.values(choice))
    select.addEventListener('change', () => hook.select(choice.municipality.value, choice.channel.value, choice.period.value));

  function resize() {
    if (!module) return;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== w || canvas.height !== h) module._kp_staff_resize(w, h, ratio);
  }

  // Ctrl+V on the canvas: ImGui, which cannot read the clipboard itself, pastes this text
  // into the field with the cursor (the token, the search).
  canvas.addEventListener('paste', (e) => {
    if (!module) return;
    e.preventDefault();
    const p = cString(e.clipboardData.getData('text/plain'));
    module._kp_staff_paste(p);
    module._free(p);
  });
  // Tab moves the focus in and out of the canvas, as on any page: Emscripten's GLFW cancels
  // every Tab on the window, a keyboard trap. Registered before the module starts, so it
  // comes first. ImGui gets the Tab only while one of its text fields has the cursor, to go
  // to the next field; Enter leaves the field first.
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || (document.activeElement === canvas && module && module._kp_staff_typing())) return;
    e.stopImmediatePropagation();
  }, true);
  input.addEventListener('change', () => loadFiles([...input.files]).then(() => { input.value = ''; }));
  canvas.addEventListener('dragover', (e) => e.preventDefault());
  canvas.addEventListener('drop', (e) => { e.preventDefault(); loadFiles([...e.dataTransfer.files]); });
  window.addEventListener('resize', resize);
  new ResizeObserver(resize).observe(canvas);  // the text box opening or closing above it

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
  const hook = window.klantpeilStaff = {
    ready,
    currentFactsheet: () => JSON.parse(text(module._kp_staff_current_json())),
    currentSvg: () => text(module._kp_staff_current_svg()),
    downloadSvg: () => module._kp_staff_download_svg(),
    state: () => JSON.parse(text(module._kp_staff_state_json())),
    select(municipality, channel, period) {
      const args = [municipality, channel, period].map(cString);
      const ok = module._kp_staff_select(...args) === 1;
      args.forEach((p) => module._free(p));
      return ok;
    },
    // Bytes per chunk of every load; tests make it small, so a small file spans many chunks.
    chunkBytes: CHUNK_BYTES,
    // A text as a picked file is loaded (a chunk per frame); resolves when it is in.
    loadText(name, content) {
      const bytes = new TextEncoder().encode(content);
      return enqueue(() => loadChunks(name, bytes.length, arrayChunks(bytes, hook.chunkBytes), true));
    },
    loadDemo(responses = 0) { module._kp_staff_load_demo(responses); },
    // What the "Ophalen" button does with the token typed; resolves when the export is in.
    fetchExport: (token) => host.fetchExport(token),
    // Benchmark path: the same chunks imported one after another without waiting for frames,
    // factsheets included. Not while another load runs.
    loadNow(name, bytes) {
      open(name, bytes.length);
      for (const chunk of arrayChunks(bytes, hook.chunkBytes)) if (feed(chunk) !== 'more') break;
      module._kp_staff_close(1);
    },
    // The characters of a text that the previewer's font cannot draw ('' when it draws all).
    missingGlyphs(s) {
      const p = cString(s);
      const missing = text(module._kp_staff_missing_glyphs(p));
      module._free(p);
      return missing;
    },
    heapBytes: () => module.HEAPU8.length,
    // Benchmark floor: empty ImGui frames at the same canvas size (true), or the app (false).
    blankFrames(on) { module._kp_staff_blank_frames(on ? 1 : 0); },
    // Benchmark: draw every frame (true), or only while something changes (false, the default).
    stayAwake(on) { module._kp_staff_stay_awake(on ? 1 : 0); },
  };
})();
