// transport.js: the one fetch boundary between the survey and the backend.
// Every way a submission can end is one typed outcome, so callers never parse HTTP
// themselves (sokol_fetch style): the queue decides from `kind` alone what to do next.

/** @typedef {{kind: 'stored'|'duplicate'|'conflict'|'invalid'|'too_large'|'rate_limited'|'network'|'server',
 *             status: number, error?: string, field?: string, retryAfter?: number}} Outcome */

// Outcomes after which the record can leave the queue: the server has it, or never will.
export const FINAL = new Set(['stored', 'duplicate', 'conflict', 'invalid', 'too_large']);
export const DELIVERED = new Set(['stored', 'duplicate']);

const KEEPALIVE_MAX_BYTES = 60 * 1024;

function classify(status) {
  if (status === 201) return 'stored';
  if (status === 200) return 'duplicate';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

async function errorBody(response) {
  try {
    const body = await response.json();
    return { error: String(body.error || ''), field: body.field ? String(body.field) : undefined };
  } catch {
    return {};
  }
}

/**
 * POSTs one response record. Never throws.
 * @returns {Promise<Outcome>}
 */
export async function submitRecord(endpoint, record, { timeoutMs = 15000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const body = new TextEncoder().encode(JSON.stringify(record));
  try {
    const response = await fetch(`${endpoint}/api/v1/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      credentials: 'omit',
      // A resident closes the tab as soon as "bedankt" shows: the send must outlive the page,
      // or the answers wait on a device that may never open the survey again. Browsers
      // allow it for bodies under 64 KiB in flight; a larger one goes without.
      keepalive: body.length < KEEPALIVE_MAX_BYTES,
      signal: controller.signal,
    });
    const kind = classify(response.status);
    const outcome = { kind, status: response.status };
    if (kind === 'rate_limited') outcome.retryAfter = Number(response.headers.get('Retry-After')) || 30;
    if (!DELIVERED.has(kind)) Object.assign(outcome, await errorBody(response));
    return outcome;
  } catch (e) {
    return { kind: 'network', status: 0, error: String(e && e.message || e) };
  } finally {
    clearTimeout(timer);
  }
}

// A tablet whose clock was reset (to 2001, say) or set a year ahead dates every record wrong:
// filed in a quarter nobody reads, or refused by the server (more than a day ahead). Past a
// minute the survey dates its records by the server's clock instead; within it, by its own
// (the server's time is in whole seconds).
const kClockTolerance = 60_000;

function offsetFrom(serverTime, deviceTime) {
  const offset = Date.parse(serverTime) - deviceTime;
  return Number.isFinite(offset) && Math.abs(offset) > kClockTolerance ? Math.round(offset) : 0;
}

/** GETs a JSON document (questionnaire); throws Error with a plain message on failure. */
export async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * Whether this page may submit for `municipality`, asked as the survey loads (so a
 * misconfigured site says so before a resident answers anything): 'allowed', 'unknown' (no
 * such municipality on this server) or 'refused' (this site is not on its list), with the
 * origin the server saw, and how far this device's clock is behind the server's (ms; 0 within
 * a minute); null when the server could not be asked (the survey goes on: the queue copes
 * with being offline). Never throws.
 * @returns {Promise<{verdict: 'allowed'|'unknown'|'refused', origin: string|null, clockOffset?: number}|null>}
 */
export async function submissionAccess(endpoint, municipality) {
  if (!/^[0-9]{4}$/.test(municipality)) return { verdict: 'unknown', origin: null };  // no CBS code at all
  try {
    const asked = Date.now();
    const response = await fetch(`${endpoint}/api/v1/municipalities/${encodeURIComponent(municipality)}`, { credentials: 'omit' });
    // Only the server's own answer counts: a 404 page of a proxy in between says nothing.
    if (response.status === 404) return (await errorBody(response)).field === 'municipality' ? { verdict: 'unknown', origin: null } : null;
    if (!response.ok) return null;
    const body = await response.json();
    const clockOffset = offsetFrom(body.server_time, (asked + Date.now()) / 2);
    return { verdict: body.submissions_allowed ? 'allowed' : 'refused', origin: body.origin ?? null, clockOffset };
  } catch {
    return null;
  }
}
