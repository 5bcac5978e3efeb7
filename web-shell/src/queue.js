// queue.js: the submission queue that never loses an answer.
// A completed record is stored on this device, and its send started, *before* the resident
// sees "bedankt"; it leaves the queue only after the server said it has it (2xx) or can never take
// it (4xx other than 429). Storage: IndexedDB, else localStorage, else this page's memory
// (private modes that refuse both: retried while the page is open, and the resident is
// asked to keep it open). One tab at a time sends (Web Locks), and
// the record's UUID is the server's idempotency key, so a record is stored once at most.
import { submitRecord, FINAL, DELIVERED } from './transport.js';

const DB_NAME = 'klantpeil';
const STORE = 'pending';
const LS_KEY = 'klantpeil.pending';
const LOCK = 'klantpeil-queue';
const BASE_DELAY_MS = 5000;
const MAX_DELAY_MS = 10 * 60 * 1000;
// A refused record stays aside this long (someone may look into why), then goes: on a kiosk
// the device is the waiting room's, and a resident's answers must not stay on it for good.
const REFUSED_KEEP_MS = 7 * 24 * 3600 * 1000;
// The longest a resident waits for "bedankt" while another tab holds the sending lock.
const SHOW_WITHIN_MS = 1000;

// [SECTION] storage backends: same four async methods each; `durable`: survives the page

function idbRequest(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function openIndexedDb() {
  if (!('indexedDB' in globalThis)) return null;
  try {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
    const db = await idbRequest(open);
    const tx = (mode) => db.transaction(STORE, mode).objectStore(STORE);
    return {
      name: 'indexeddb', durable: true,
      put: (entry) => idbRequest(tx('readwrite').put(entry)),
      remove: (id) => idbRequest(tx('readwrite').delete(id)),
      all: () => idbRequest(tx('readonly').getAll()),
    };
  } catch {
    return null;
  }
}

function openLocalStorage() {
  try {
    const ls = globalThis.localStorage;
    ls.setItem(LS_KEY + '.probe', '1');
    ls.removeItem(LS_KEY + '.probe');
    const read = () => JSON.parse(ls.getItem(LS_KEY) || '[]');
    const write = (entries) => ls.setItem(LS_KEY, JSON.stringify(entries));
    return {
      name: 'localstorage', durable: true,
      put: async (entry) => write(read().filter((e) => e.id !== entry.id).concat([entry])),
      remove: async (id) => write(read().filter((e) => e.id !== id)),
      all: async () => read(),
    };
  } catch {
    return null;
  }
}

function openMemory() {
  const entries = new Map();
  return {
    name: 'memory', durable: false,
    put: async (entry) => { entries.set(entry.id, entry); },
    remove: async (id) => { entries.delete(id); },
    all: async () => [...entries.values()],
  };
}

// [SECTION] the queue

// The outcome of record `id` when another sender (another tab's flush, or this page's own
// on `online`) got to it first: gone is delivered (only that removes a record), set aside is refused.
function settledElsewhere(entries, id) {
  const entry = entries.find((e) => e.id === id);
  if (!entry) return { kind: 'stored', status: 0 };
  return entry.refused || null;
}

/** Dispatches 'settled' ({detail: {id, outcome}}) when a record got its final answer. */
export class SubmissionQueue extends EventTarget {
  /** @param {string} endpoint backend origin, e.g. "https://kto.example.nl" */
  constructor(endpoint) {
    super();
    this.endpoint = endpoint;
    this.ready = null;  // start()
    this.storage = null;
    this.timer = null;
  }

  /**
   * Opens storage and starts the retry triggers: now, on `online`, and periodically. The
   * survey is shown meanwhile; submit() waits for it. Once per queue; later calls return
   * the same promise.
   * @returns {Promise<string>} the storage's name
   */
  start() {
    if (!this.ready) this.ready = this.open();
    return this.ready;
  }

  async open() {
    this.storage = (await openIndexedDb()) || openLocalStorage() || openMemory();
    await this.forgetRefused();
    // A new page and a restored connection try everything at once; the timer honours backoff.
    globalThis.addEventListener('online', () => this.flush({ force: true }));
    this.timer = setInterval(() => this.flush(), 30000);
    this.flush({ force: true });
    return this.storage.name;
  }

  /**
   * Keeps `record` on this device, then sends it in the background.
   * @returns {Promise<{kept: boolean, delivery: Promise<import('./transport.js').Outcome|null>}>}
   *   kept=false: only this page holds it (no storage), so it is retried only while the
   *   page is open. Show the thank-you as soon as this resolves.
   */
  async submit(record) {
    await this.start();
    const entry = { id: record.id, record, attempts: 0, nextAt: 0 };
    try {
      await this.storage.put(entry);
    } catch {
      this.storage = openMemory();  // storage failed mid-session (quota, private mode)
      await this.storage.put(entry);
    }
    // "Bedankt" shows once this record's POST is on its way, so a resident who closes the tab
    // then still delivers it (keepalive); not later than SHOW_WITHIN_MS (another tab sending).
    let onSend;
    const sending = new Promise((resolve) => { onSend = resolve; });
    const delivery = this.flush({ focusId: record.id, onSend });
    await Promise.race([sending, delivery, new Promise((resolve) => setTimeout(resolve, SHOW_WITHIN_MS))]);
    return { kept: this.storage.durable, delivery };
  }

  /** Removes the records refused longer ago than REFUSED_KEEP_MS (or before that was noted). */
  async forgetRefused() {
    const before = Date.now() - REFUSED_KEEP_MS;
    for (const entry of await this.storage.all())
      if (entry.refused && !(entry.refusedAt > before)) await this.storage.remove(entry.id);
  }

  /** Number of records still waiting on this device. */
  async pending() {
    return this.storage ? (await this.storage.all()).length : 0;
  }

  /**
   * Sends what is due (everything with `force`); resolves with the outcome for `focusId`,
   * whoever sent it.
   */
  async flush({ focusId = null, force = false, onSend = null } = {}) {
    const run = () => this.sendDue(focusId, force, onSend);
    if (globalThis.navigator && navigator.locks) return navigator.locks.request(LOCK, run);
    return run();
  }

  // The focused record goes first: its resident is waiting for "bedankt" (`onSend`: its POST
  // is on its way).
  async sendDue(focusId, force, onSend) {
    const entries = await this.storage.all();
    let focus = focusId ? settledElsewhere(entries, focusId) : null;
    const now = Date.now();
    entries.sort((a, b) => (b.id === focusId) - (a.id === focusId));
    for (const entry of entries) {
      if (entry.refused || (entry.nextAt > now && !force && entry.id !== focusId)) continue;
      const sending = submitRecord(this.endpoint, entry.record);  // the fetch starts in this call
      if (entry.id === focusId && onSend) onSend();
      const outcome = await sending;
      await this.settle(entry, outcome);
      if (entry.id === focusId) focus = outcome;
    }
    return focus;
  }

  async settle(entry, outcome) {
    if (FINAL.has(outcome.kind)) this.dispatchEvent(new CustomEvent('settled', { detail: { id: entry.id, outcome } }));
    if (DELIVERED.has(outcome.kind)) return this.storage.remove(entry.id);
    // Never accepted, whatever we do: keep it aside (not retried) for a week, not lost silently.
    if (FINAL.has(outcome.kind)) return this.storage.put({ ...entry, refused: outcome, refusedAt: Date.now() });
    const attempts = entry.attempts + 1;
    const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempts, 10));
    const wait = outcome.kind === 'rate_limited' ? outcome.retryAfter * 1000 : backoff;
    return this.storage.put({ ...entry, attempts, nextAt: Date.now() + wait });
  }
}
