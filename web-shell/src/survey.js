// survey.js: one survey on screen. Connects the engine's session, the DOM renderer and
// the submission queue; keeps focus and announcements sensible across page changes.
import { Survey } from './engine.js';
import { words as wordsFor } from './i18n.js';
import { renderPage, renderMessage, redrawQuestion } from './render.js';
import { DELIVERED, FINAL } from './transport.js';

// What a refusal means to the resident; the server's own (English) words are for the web
// team, in the console.
function refusal(w, outcome) {
  console.warn('klantpeil: answers refused:', outcome.status, outcome.field || '', outcome.error || outcome.kind);
  if (outcome.field === 'invitation' && outcome.kind === 'conflict') return w.used;
  if (outcome.field === 'invitation' && outcome.status === 410) return w.expired;
  return w.thanksRefused;
}

// A version 4 UUID. Not crypto.randomUUID: that exists only in secure contexts, and a kiosk
// tablet on the office network may reach the server as http://10.1.2.3.
function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sameIds = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const visibleIds = (view) => view.questions.map((q) => q.id);

export class SurveyController {
  /**
   * @param {object} o
   *   engine, questionnaireText, root (ShadowRoot or Document), container (element to draw in),
   *   options {municipality, source, invitation, language}, queue (SubmissionQueue),
   *   onFinished(outcomeText) optional, finishAction {label, run} optional (kiosk: start again),
   *   onLanguage(language) optional: the survey shows this language (at start and on a switch),
   *   clockOffset optional: ms to add to this device's clock to date the record (transport.js)
   */
  constructor(o) {
    Object.assign(this, o);
    this.survey = new Survey(o.engine, o.questionnaireText, o.options);
    this.errors = new Map();
    this.problems = [];
    this.honeypotValue = '';
  }

  get loadProblems() { return this.survey.problems; }

  setWords(language) {
    this.language = language;
    this.words = wordsFor(language);
    this.container.setAttribute('lang', language);
    this.container.setAttribute('aria-label', this.words.survey);
    if (this.onLanguage) this.onLanguage(language);
  }

  start() {
    // The engine's language, not the one asked for: a page in a language the questionnaire
    // lacks (lang="fy") gets its first language, marked as such for screen readers.
    this.setWords(this.survey.view().language);
    this.render();
  }

  render({ focus = null } = {}) {
    this.view = this.survey.view();
    this.keepingFocus(() => renderPage(this.container, this.view, this.context()));
    if (focus) focus.focus();
  }

  // A redraw replaces elements: focus goes back to the one with the same id.
  keepingFocus(draw) {
    const active = this.root.activeElement;
    const keep = active && active.id ? active.id : null;
    draw();
    const target = keep && this.root.getElementById(keep);
    if (target) target.focus();
  }

  context() {
    // The page stays until the answers are kept: a second press of "Versturen" (a double
    // click, Enter held down) or a late click finds the session gone and does nothing.
    const live = (act) => (...args) => (this.survey ? act(...args) : undefined);
    return {
      words: this.words, errors: this.errors, problems: this.problems,
      answer: live((id, value) => this.answer(id, value)),
      next: live(() => this.next()),
      back: live(() => this.back()),
      switchLanguage: live(() => this.switchLanguage()),
      focusField: (id) => { const el = this.root.getElementById(`kp-q-${id}`); if (el) el.focus(); },
      labelOf: (id) => this.labelOf(id),
      honeypot: (value) => { this.honeypotValue = value; },
    };
  }

  labelOf(id) {
    for (const q of this.view.questions) {
      if (q.id === id) return q.text;
      const row = (q.rows || []).find((r) => r.id === id);
      if (row) return row.text;
    }
    return id;
  }

  answer(id, value) {
    const before = visibleIds(this.view);
    const problem = this.survey.answer(id, value);
    const hadError = this.errors.has(id);
    if (problem) this.errors.set(id, problem.message); else this.errors.delete(id);
    this.problems = this.problems.filter((p) => p.path !== id);
    const view = this.survey.view();
    if (!sameIds(before, visibleIds(view))) return this.render();
    this.view = view;
    // Only this question's error changed: it alone is redrawn, so the button a click or a Tab
    // from a text field is on its way to stays in the page.
    if (hadError !== !!problem) this.keepingFocus(() => redrawQuestion(this.container, view, id, this.context()));
    this.updateProgress();
  }

  updateProgress() {
    const bar = this.container.querySelector('progress');
    if (bar) bar.value = this.view.progress.answered;
  }

  focusTitle() {
    return this.root.getElementById('kp-page-title');
  }

  showProblems(problems) {
    this.problems = problems;
    this.errors = new Map(problems.map((p) => [p.path, p.message]));
    this.render({ focus: null });
    const summary = this.container.querySelector('.summary');
    if (summary) summary.focus();
  }

  next() {
    if (this.view.page.is_last) return this.finish();
    const problems = this.survey.next();
    if (problems.length) return this.showProblems(problems);
    this.problems = [];
    this.errors.clear();
    this.render({ focus: null });
    this.focusTitle().focus();
  }

  back() {
    this.survey.back();
    this.problems = [];
    this.errors.clear();
    this.render({ focus: null });
    this.focusTitle().focus();
  }

  switchLanguage() {
    const next = this.words.languageCode;
    this.survey.setLanguage(next);
    this.setWords(next);
    this.problems = [];
    this.errors.clear();
    this.render({ focus: null });
    this.focusTitle().focus();
  }

  async finish() {
    const result = this.survey.complete(uuid(), new Date(Date.now() + (this.clockOffset ?? 0)).toISOString());
    if (result.problems) return this.showProblems(result.problems);
    const record = this.honeypotValue ? { ...result.record, website: this.honeypotValue } : result.record;
    this.dispose();
    const { kept, delivery } = await this.queue.submit(record);
    const w = this.words;
    // What happened to the answers is said once the first try tells: an online resident is
    // not told to wait for the internet meanwhile.
    renderMessage(this.container, w.thanksTitle, [w.thanksSending], this.finishAction);
    this.focusTitle().focus();
    const outcome = await delivery;
    this.showDelivery(outcome, kept);
    if (outcome && !FINAL.has(outcome.kind)) this.followRetries(record.id, kept);
  }

  // A resident still on the page hears when a later try gets the answers through.
  followRetries(id, kept) {
    const settled = (e) => {
      if (e.detail.id !== id) return;
      this.queue.removeEventListener('settled', settled);
      this.showDelivery(e.detail.outcome, kept);
    };
    this.queue.addEventListener('settled', settled);
  }

  showDelivery(outcome, kept) {
    const w = this.words;
    const status = this.container.querySelector('[role=status]');
    if (!status || !outcome) return;
    if (DELIVERED.has(outcome.kind)) status.textContent = w.thanksSent;
    else if (FINAL.has(outcome.kind)) status.textContent = refusal(w, outcome);
    else status.textContent = kept ? w.thanksQueued : w.thanksWaiting;
    if (this.onFinished) this.onFinished(outcome);
  }

  /** Frees the engine session: nothing of this resident's answers stays in memory. */
  dispose() {
    if (this.survey) this.survey.dispose();
    this.survey = null;
  }
}
