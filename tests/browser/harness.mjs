// harness.mjs: what every browser test needs: a real Klantpeil server on loopback with a
// fresh SQLite file, Debian's Chromium driven by playwright-core, axe-core, and a keyboard
// driver that answers a survey the way a keyboard-only resident would.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const ROOT = process.env.KLANTPEIL_SOURCE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SERVER = path.join(ROOT, 'build/native/server/klantpeil-server');
const WEB = path.join(ROOT, 'build/wasm/web');
const ASSETS = path.join(ROOT, 'assets/questionnaires');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// [SECTION] server

function serverCli(dir, args) {
  return execFileSync(SERVER, [...args, '--db', `sqlite:${dir}/klantpeil.db`, '--data-dir', dir, '--assets', ASSETS],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

// Resolves with the first group of `pattern` once the process prints it on stdout.
function waitForOutput(proc, pattern, what) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 20000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(pattern);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code}): ${out}`)); });
  });
}

/**
 * Starts a server on an OS-assigned port with municipality 0363 and a staff token.
 * `args`: more `serve` options (e.g. the SMTP relay); `origins`: sites that may submit for 0363.
 */
export async function startServer({ args = [], origins = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-browser-'));
  serverCli(dir, ['municipality', 'add', '0363', '--name', 'Amsterdam', ...origins.flatMap((o) => ['--origin', o])]);
  const token = serverCli(dir, ['token', 'create', '--municipality', '0363']);
  const proc = spawn(SERVER, ['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${dir}/klantpeil.db`, '--data-dir', dir,
    '--assets', ASSETS, '--web', WEB, '--no-rate-limit', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await waitForOutput(proc, /listening on (http:\/\/\S+)/, 'server');
  return {
    base, token,
    /** Stored response records of 0363 (staff export). */
    async records() {
      const res = await fetch(`${base}/api/v1/responses?format=ndjson`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`export: HTTP ${res.status}`);
      return (await res.text()).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A local SMTP sink (tests/server/smtp_sink.py, Debian's python3-aiosmtpd) on an
 * OS-assigned port; `mails()` gives the messages received so far.
 */
export async function startSmtpSink() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-smtp-'));
  const proc = spawn(path.join(ROOT, 'tests/server/smtp_sink.py'), ['--port', '0', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await waitForOutput(proc, /listening on (\d+)/, 'SMTP sink');
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails: () => fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8')),
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// [SECTION] browser

/**
 * `webgl`: WebGL2 through SwiftShader, which headless Chromium only offers when asked.
 * `hosts`: names that resolve to 127.0.0.1 (a server reached by another name than loopback's).
 */
export function launchBrowser({ webgl = false, hosts = [] } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      ...(webgl ? ['--enable-unsafe-swiftshader', '--use-angle=swiftshader'] : []),
      ...hosts.map((name) => `--host-resolver-rules=MAP ${name} 127.0.0.1`)],
  });
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page; returns the violations. */
export async function axeViolations(page) {
  // evaluate() goes through the debugger protocol, so the page's strict CSP allows it.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// [SECTION] keyboard

/** The focused element, looking through shadow roots. */
export function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? { tag: a.tagName, type: a.type || '', name: a.name || '', value: a.value || '', id: a.id || '',
      text: (a.textContent || '').trim() } : null;
  });
}

/** Locates inside the survey (shadow DOM is pierced by Playwright's CSS engine). */
export const survey = (page) => page.locator('.kp');

async function chooseRadio(page, options, value) {
  // Tabbing into an unanswered group focuses its first option; Space picks it; arrows move on.
  const index = options.indexOf(String(value));
  if (index < 0) throw new Error(`no option ${value} in ${options}`);
  await page.keyboard.press('Space');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
}

async function optionValues(page, name) {
  return page.evaluate((n) => {
    const host = [...document.querySelectorAll('*')].find((e) => e.shadowRoot && e.shadowRoot.querySelector('.kp'));
    const root = host ? host.shadowRoot : document;
    return [...root.querySelectorAll(`input[name="${n}"]`)].map((i) => i.value);
  }, name);
}

/**
 * Answers with Tab, Space, arrows, typing and Enter only. `answers`: id -> value (null for
 * n.v.t.). Stops after pressing the submit button on the last page ("Versturen"/"Send").
 */
export async function completeByKeyboard(page, answers, { submitLabels = ['Versturen', 'Send'], maxKeys = 600 } = {}) {
  const done = new Set();
  for (let i = 0; i < maxKeys; i++) {
    await page.keyboard.press('Tab');
    const el = await focused(page);
    if (!el) continue;
    if (el.type === 'radio' && el.name in answers && !done.has(el.name)) {
      done.add(el.name);
      await chooseRadio(page, await optionValues(page, el.name), answers[el.name]);
    } else if (el.tag === 'TEXTAREA' && el.name in answers && !done.has(el.name)) {
      done.add(el.name);
      await page.keyboard.type(answers[el.name]);
    } else if (el.tag === 'BUTTON' && el.type === 'submit') {
      await page.keyboard.press('Enter');
      if (submitLabels.includes(el.text)) return;
    }
  }
  throw new Error(`survey not completed by keyboard; answered ${[...done].join(', ')}`);
}

/** Collects CSP violation reports of every frame from the start of the page. */
export async function recordCspViolations(context) {
  await context.addInitScript(() => {
    globalThis.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      globalThis.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

/** Answers the current page with the mouse (check/fill); returns the submit button. */
export async function answerPage(page, answers) {
  const root = survey(page);
  for (const input of await root.locator('input[type=radio]').all()) {
    const name = await input.getAttribute('name');
    if (name in answers && String(answers[name]) === (await input.getAttribute('value'))) await input.check();
  }
  for (const area of await root.locator('textarea').all()) {
    const name = await area.getAttribute('name');
    if (name in answers) await area.fill(answers[name]);
  }
  return root.locator('button[type=submit]');
}

/** Completes the survey with the mouse, page by page, up to the thank-you heading. */
export async function completeByClicks(page, answers, thanks = 'Bedankt voor uw antwoorden!') {
  for (let p = 0; p < 20; p++) {
    const submit = await answerPage(page, answers);
    const last = /Versturen|Send/.test(await submit.textContent());
    await submit.click();
    if (last) return survey(page).getByRole('heading', { name: thanks }).waitFor();
  }
  throw new Error('survey did not end');
}
