// mount.js: puts one survey into a host element: shadow root, styles, engine, queue.
// Shared by the embed script, the standalone survey page and the kiosk.
import { loadEngine, wasmAvailable } from './engine.js';
import { SubmissionQueue } from './queue.js';
import { fetchJson } from './transport.js';
import { surveySheet } from './styles.js';
import { words } from './i18n.js';
import { h } from './dom.js';
import { SurveyController } from './survey.js';

const queues = new Map();

/** One queue per backend per page, started once: it also resends what earlier visits left. */
function queueFor(endpoint) {
  if (!queues.has(endpoint)) {
    const q = new SubmissionQueue(endpoint);
    q.start();
    queues.set(endpoint, q);
  }
  return queues.get(endpoint);
}

function standaloneUrl(cfg) {
  return `${cfg.endpoint}/s/${encodeURIComponent(cfg.questionnaire)}?m=${encodeURIComponent(cfg.municipality)}`;
}

function shell(hostEl, cfg) {
  const root = hostEl.shadowRoot || hostEl.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [surveySheet()];
  const container = h('section', { class: cfg.kiosk ? 'kp kiosk' : 'kp', lang: cfg.language, 'aria-label': 'Enquête' });
  root.replaceChildren(container);
  return { root, container };
}

function fail(container, cfg, text, withLink) {
  const w = words(cfg.language);
  container.replaceChildren(h('div', { role: 'alert' }, h('p', {}, text),
    withLink ? h('p', {}, h('a', { href: standaloneUrl(cfg) }, w.noWasmLink)) : null));
}

/**
 * cfg: {base, endpoint, questionnaire, municipality, language, source, invitation, kiosk?,
 *       finishAction?, onFinished?}
 * @returns {Promise<SurveyController|null>}
 */
export async function mountSurvey(hostEl, cfg) {
  const { root, container } = shell(hostEl, cfg);
  const w = words(cfg.language);
  if (!wasmAvailable()) return fail(container, cfg, w.noWasm, !cfg.standalone), null;
  try {
    const queue = queueFor(cfg.endpoint);
    // The queue's storage opens meanwhile; the first question does not wait for it.
    const [engine, questionnaireText] = await Promise.all([
      loadEngine(cfg.base),
      fetchJson(`${cfg.endpoint}/api/v1/questionnaires/${encodeURIComponent(cfg.questionnaire)}`),
    ]);
    const controller = new SurveyController({
      engine, questionnaireText, root, container, queue,
      options: { municipality: cfg.municipality, source: cfg.source, invitation: cfg.invitation || null, language: cfg.language },
      finishAction: cfg.finishAction, onFinished: cfg.onFinished,
    });
    if (controller.loadProblems.length) throw new Error(controller.loadProblems.map((p) => `${p.path}: ${p.message}`).join('; '));
    controller.start();
    return controller;
  } catch (e) {
    console.error('klantpeil:', e);
    fail(container, cfg, w.loadFailed, false);
    return null;
  }
}
