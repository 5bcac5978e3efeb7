// kiosk.js: the survey on a tablet in the waiting room (/kiosk?q=kto-balie&m=0363).
// Large controls, no way to navigate away, a fresh survey after each completion, and after
// inactivity a warning with at least 20 seconds to continue (WCAG 2.2.1) before a reset
// that leaves nothing of the previous resident in the DOM, in memory or in storage (only
// the submission queue keeps records that are still on their way).
import { mountSurvey } from './mount.js';
import { words } from './i18n.js';
import { h } from './dom.js';
import { surveySheet } from './styles.js';
import { pageFollows } from './page.js';

const MIN_WARNING_S = 20;

const params = new URLSearchParams(location.search);
const cfg = {
  base: new URL('.', document.currentScript ? document.currentScript.src : location.href).href,
  endpoint: location.origin,
  questionnaire: params.get('q') || 'kto-balie',
  municipality: params.get('m') || '',
  language: params.get('lang') || 'nl',
  source: 'kiosk',
  kiosk: true,
  onLanguage: pageFollows('kiosk'),
};
const idleSeconds = Math.max(5, Number(params.get('idle')) || 90);
const warningSeconds = Math.max(MIN_WARNING_S, Number(params.get('warn')) || 30);
const thanksSeconds = Math.max(5, Number(params.get('thanks')) || 15);

const host = document.getElementById('kiosk');
let controller = null;
let idleTimer = null;
let countdown = null;
let dialog = null;
let thanksShown = false;  // the thank-you page's own timer runs: a touch there does not extend it

async function fresh() {
  clearTimers();
  thanksShown = false;
  if (controller) controller.dispose();
  controller = null;
  // A new host element: the old shadow root and everything in it are dropped whole.
  const el = h('div', { id: 'kiosk' });
  document.getElementById('kiosk').replaceWith(el);
  controller = await mountSurvey(el, { ...cfg, finishAction: { label: words(cfg.language).again, run: fresh }, onFinished });
  // The button or field that had focus is gone with the old survey: the new one's heading takes it.
  if (controller) controller.focusTitle().focus();
  armIdle();
}

function onFinished() {
  clearTimers();
  thanksShown = true;
  idleTimer = setTimeout(fresh, thanksSeconds * 1000);
}

function clearTimers() {
  clearTimeout(idleTimer);
  clearInterval(countdown);
  if (dialog) dialog.remove();
  dialog = null;
  document.querySelector('main').inert = false;
}

/** The focused element, inside the survey's shadow root too. */
function focusedElement() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

// Continuing puts the resident back where they were, in the field they were typing in.
function resume(returnTo) {
  clearTimers();
  armIdle();
  if (returnTo && returnTo.isConnected) returnTo.focus();
}

function armIdle() {
  clearTimeout(idleTimer);
  if (dialog) return;
  idleTimer = setTimeout(warn, idleSeconds * 1000);
}

function warn() {
  const w = words(controller ? controller.language : cfg.language);
  let left = warningSeconds;
  const text = h('p', { id: 'kp-idle-text' }, w.idleText(left));
  const returnTo = focusedElement();
  const button = h('button', { type: 'button', class: 'primary', onclick: () => resume(returnTo) }, w.idleContinue);
  dialog = h('div', { class: 'kp kiosk dialog', role: 'alertdialog', 'aria-modal': 'true',
    'aria-labelledby': 'kp-idle-title', 'aria-describedby': 'kp-idle-text', lang: controller ? controller.language : cfg.language,
    // Tab wraps within the dialog, whose one control is the button.
    onkeydown: (e) => { if (e.key === 'Tab') { e.preventDefault(); button.focus(); } } },
    h('h2', { id: 'kp-idle-title' }, w.idleTitle), text, button);
  // Modal for real: neither Tab nor a tap reaches the survey behind it while it counts down.
  document.querySelector('main').inert = true;
  document.body.append(dialog);
  button.focus();
  countdown = setInterval(() => {
    left -= 1;
    // Announce only every 10 seconds; a screen reader would otherwise talk non-stop.
    if (left % 10 === 0 || left <= 5) text.textContent = w.idleText(left);
    if (left <= 0) fresh();
  }, 1000);
}

for (const type of ['pointerdown', 'keydown', 'input', 'touchstart']) {
  document.addEventListener(type, () => { if (!dialog && !thanksShown) armIdle(); }, { capture: true, passive: true });
}
// A tap beside the warning leaves focus on its button.
document.addEventListener('mousedown', (e) => { if (dialog && !dialog.contains(e.target)) e.preventDefault(); }, { capture: true });
// No navigating away: the back gesture returns to the survey.
history.pushState(null, '', location.href);
addEventListener('popstate', () => history.pushState(null, '', location.href));

// The idle dialog lives outside the survey's shadow root, in the page itself.
document.adoptedStyleSheets = [surveySheet()];
window.klantpeilKiosk = { reset: fresh, idleSeconds, warningSeconds };
fresh();
