// mount.js: puts one survey into a host element: shadow root, styles, engine, queue.
// Shared by the embed script, the standalone survey page and the kiosk.
import { loadEngine, wasmAvailable } from './engine.js';
import { SubmissionQueue } from './queue.js';
import { fetchJson, submissionAccess } from './transport.js';
import { surveySheet } from './styles.js';
import { words } from './i18n.js';
import { h } from './dom.js';
import { SurveyController } from './survey.js';

const queues = new Map();

/** One queue per backend per page; its start() also resends what earlier visits left. */
function queueFor(endpoint) {
  if (!queues.has(endpoint)) queues.set(endpoint, new SubmissionQueue(endpoint));
  return queues.get(endpoint);
}

function standaloneUrl(cfg) {
  return `${cfg.endpoint}/s/${encodeURIComponent(cfg.questionnaire)}?m=${encodeURIComponent(cfg.municipality)}`;
}

// The shadow root with a loading line in the survey's own font: the browser styles, lays
// out and paints it (its first font look-ups included) while engine and questionnaire download.
function shell(hostEl, cfg) {
  const root = hostEl.shadowRoot || hostEl.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [surveySheet()];
  const w = words(cfg.language);
  const container = h('section', { class: cfg.kiosk ? 'kp kiosk' : 'kp', lang: w.code, 'aria-label': w.survey },
    h('p', { role: 'status' }, w.loading));
  root.replaceChildren(container);
  return { root, container };
}

/** Engine (download, compile, instantiate) and questionnaire text, fetched in parallel. */
function loadSurvey(cfg) {
  // The questionnaire is asked for first: loadEngine sends its own request, then sets up the
  // engine's glue synchronously, and that should not hold the questionnaire back.
  const questionnaireText = fetchJson(`${cfg.endpoint}/api/v1/questionnaires/${encodeURIComponent(cfg.questionnaire)}`);
  return Promise.all([loadEngine(cfg.base), questionnaireText]);
}

// Told to whoever builds the site (the console) and to the resident (the page), instead of a
// survey whose answers could never arrive.
function misconfigured(container, cfg, access) {
  const why = !cfg.municipality ? 'no municipality code is given (data-municipality on the tag, or m= in the address)'
    : access.verdict === 'unknown' ? `municipality ${cfg.municipality} is not known to ${cfg.endpoint}`
    : `municipality ${cfg.municipality} does not accept submissions from ${access.origin}; ` +
      `its administrator adds the site with: klantpeil server municipality add ${cfg.municipality} --origin ${access.origin}`;
  console.error(`klantpeil: ${why}`);
  fail(container, cfg, words(cfg.language).misconfigured, false);
}

function fail(container, cfg, text, withLink) {
  const w = words(cfg.language);
  container.replaceChildren(h('div', { role: 'alert' }, h('p', {}, text),
    withLink ? h('p', {}, h('a', { href: standaloneUrl(cfg) }, w.noWasmLink)) : null));
}

/**
 * cfg: {base, endpoint, questionnaire, municipality, language, source, invitation, kiosk?,
 *       finishAction?, onFinished?, onLanguage?}
 * @returns {Promise<SurveyController|null>}
 */
export async function mountSurvey(hostEl, cfg) {
  // The requests go out first; everything below runs while they are on their way.
  const loading = wasmAvailable() ? loadSurvey(cfg) : null;
  const { root, container } = shell(hostEl, cfg);
  const w = words(cfg.language);
  if (!loading) return fail(container, cfg, w.noWasm, !cfg.standalone), null;
  const access = submissionAccess(cfg.endpoint, cfg.municipality);
  const queue = queueFor(cfg.endpoint);
  try {
    const [[engine, questionnaireText], allowed] = await Promise.all([loading, access]);
    if (allowed && allowed.verdict !== 'allowed') return misconfigured(container, cfg, allowed), null;
    const controller = new SurveyController({
      engine, questionnaireText, root, container, queue,
      options: { municipality: cfg.municipality, source: cfg.source, invitation: cfg.invitation || null, language: cfg.language },
      clockOffset: allowed?.clockOffset ?? 0,
      finishAction: cfg.finishAction, onFinished: cfg.onFinished, onLanguage: cfg.onLanguage,
    });
    if (controller.loadProblems.length) throw new Error(controller.loadProblems.map((p) => `${p.path}: ${p.message}`).join('; '));
    controller.start();
    return controller;
  } catch (e) {
    console.error('klantpeil:', e);
    fail(container, cfg, w.loadFailed, false);
    return null;
  } finally {
    // Storage opens (and earlier visits' answers are resent) once the first question is
    // drawn, not in its way; submit() opens it too if it is asked first.
    queue.start();
  }
}
