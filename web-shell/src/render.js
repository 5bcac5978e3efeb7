// render.js: the accessible DOM of one survey page, drawn from the engine's page view.
// Native controls only: radio groups in fieldset/legend, checkboxes, textarea. Errors sit
// beside their field (aria-describedby) and in a summary that takes focus. No survey rule
// lives here: what is shown, required or wrong comes from the engine.
//
// Index: [SECTION] ids  [SECTION] controls  [SECTION] questions  [SECTION] page
import { h } from './dom.js';

// [SECTION] ids: every id carries the question id, unique within one shadow root

const qid = (id) => `kp-q-${id}`;
const errId = (id) => `kp-e-${id}`;
const hintId = (id) => `kp-h-${id}`;

function describedBy(id, hasHint, error) {
  return [hasHint ? hintId(id) : null, error ? errId(id) : null].filter(Boolean).join(' ') || undefined;
}

function errorLine(id, error) {
  return error ? h('p', { class: 'error', id: errId(id) }, h('span', { class: 'sr-only' }, 'Fout: '), error) : null;
}

// [SECTION] controls

// Every option has an id (the first one the question's own, for error links), so focus
// can return to it when the page is redrawn after an answer.
const optionId = (name, i) => (i === 0 ? qid(name) : `${qid(name)}-${i}`);

function radio(name, value, label, checked, onChange, invalid, index) {
  return h('label', { class: 'option' },
    h('input', { type: 'radio', name, value: String(value), checked, id: optionId(name, index),
      'aria-invalid': invalid ? 'true' : undefined, onchange: () => onChange(value) }),
    h('span', {}, label));
}

function scaleOptions(min, max) {
  const out = [];
  for (let v = min; v <= max; v++) out.push({ value: v, label: String(v) });
  return out;
}

function radioGroup(name, options, answer, onChange, { invalid, layout = 'scale', extra = [] } = {}) {
  const all = options.concat(extra);
  return h('div', { class: layout },
    all.map((o, i) => radio(name, o.value, o.label, answer === o.value, onChange, invalid, i)));
}

// [SECTION] questions

function legendOf(q, words) {
  return [`${q.number}. ${q.text} `, h('span', { class: 'tag' }, `(${q.required ? words.required : words.optional})`)];
}

function hintOf(q) {
  const parts = [q.help, q.labels ? `${q.min} = ${q.labels[0]}, ${q.max} = ${q.labels[1]}` : null].filter(Boolean);
  return parts.length ? h('span', { class: 'hint', id: hintId(q.id) }, parts.join(' ')) : null;
}

function choiceQuestion(q, ctx) {
  const error = ctx.errors.get(q.id);
  const hint = hintOf(q);
  let control;
  if (q.type === 'choice' && q.multiple) {
    const chosen = new Set(q.answer || []);
    control = h('div', { class: 'list' }, q.options.map((o, i) => h('label', { class: 'option' },
      h('input', { type: 'checkbox', name: q.id, value: o.value, checked: chosen.has(o.value), id: optionId(q.id, i),
        'aria-invalid': error ? 'true' : undefined,
        onchange: (e) => {
          if (e.target.checked) chosen.add(o.value); else chosen.delete(o.value);
          ctx.answer(q.id, chosen.size ? q.options.map((x) => x.value).filter((v) => chosen.has(v)) : null);
        } }),
      h('span', {}, o.label))));
  } else {
    const options = q.options || scaleOptions(q.min, q.max);
    const layout = q.type === 'grade' ? 'scale' : 'list';
    control = radioGroup(q.id, options, q.answer, (v) => ctx.answer(q.id, v), { invalid: !!error, layout });
  }
  return h('fieldset', { class: error ? 'question invalid' : 'question', 'data-question': q.id,
    'aria-describedby': describedBy(q.id, !!hint, error) },
    h('legend', {}, legendOf(q, ctx.words)), hint, errorLine(q.id, error), control);
}

function textQuestion(q, ctx) {
  const error = ctx.errors.get(q.id);
  const countId = `kp-c-${q.id}`;
  const used = (q.answer || '').length;
  // The count is read with the field; only reaching the limit is announced, not every key.
  const count = h('p', { class: 'count', id: countId }, ctx.words.chars(used, q.max_length));
  const full = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  const hint = q.help ? h('span', { class: 'hint', id: hintId(q.id) }, q.help) : null;
  const area = h('textarea', { id: qid(q.id), name: q.id, maxlength: String(q.max_length), rows: '4',
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': [describedBy(q.id, !!hint, error), countId].filter(Boolean).join(' '),
    oninput: (e) => {
      const n = e.target.value.length;
      count.textContent = ctx.words.chars(n, q.max_length);
      full.textContent = n >= q.max_length ? ctx.words.charsFull(q.max_length) : '';
    },
    onchange: (e) => ctx.answer(q.id, e.target.value === '' ? null : e.target.value) });
  area.value = q.answer || '';
  return h('div', { class: error ? 'question invalid' : 'question', 'data-question': q.id },
    h('label', { class: 'label', for: qid(q.id) }, legendOf(q, ctx.words)), hint, errorLine(q.id, error), area, count, full);
}

function gridQuestion(q, ctx) {
  const na = q.allow_na ? [{ value: null, label: ctx.words.na }] : [];
  const rows = q.rows.map((row) => {
    const error = ctx.errors.get(row.id);
    const answer = row.answered ? row.answer : undefined;
    return h('fieldset', { class: error ? 'row invalid' : 'row', 'data-question': row.id,
      'aria-describedby': error ? errId(row.id) : undefined },
      h('legend', {}, row.text), errorLine(row.id, error),
      radioGroup(row.id, scaleOptions(q.min, q.max), answer, (v) => ctx.answer(row.id, v), { invalid: !!error, extra: na }));
  });
  const hint = q.help ? h('span', { class: 'hint', id: hintId(q.id) }, q.help) : null;
  return h('fieldset', { class: 'question grid', 'data-question': q.id, 'aria-describedby': hint ? hintId(q.id) : undefined },
    h('legend', {}, legendOf(q, ctx.words)), hint, rows);
}

function question(q, ctx) {
  if (q.type === 'text') return textQuestion(q, ctx);
  if (q.type === 'grid') return gridQuestion(q, ctx);
  return choiceQuestion(q, ctx);
}

// [SECTION] page

function summary(problems, ctx) {
  if (!problems.length) return null;
  return h('div', { class: 'summary', tabindex: '-1', role: 'group', 'aria-labelledby': 'kp-summary-title' },
    h('p', { id: 'kp-summary-title', class: 'label' }, ctx.words.errorsTitle(problems.length)),
    h('ul', {}, problems.map((p) => h('li', {}, h('a', { href: `#${qid(p.path)}`,
      onclick: (e) => { e.preventDefault(); ctx.focusField(p.path); } }, `${ctx.labelOf(p.path)}: ${p.message}`)))));
}

/**
 * Draws `view` (engine page view) into `container`.
 * ctx: {words, errors: Map(id -> message), problems: [{path, message}], answer(id, value),
 *       next(), back(), switchLanguage(), focusField(id), labelOf(id)}
 */
export function renderPage(container, view, ctx) {
  const { words } = ctx;
  const first = view.progress.first_number;
  const last = first + view.questions.length - 1;
  const position = first === last ? first : `${first}–${last}`;
  const form = h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); ctx.next(); } },
    h('div', { class: 'hp', 'aria-hidden': 'true' },
      h('label', {}, 'Website', h('input', { name: 'website', tabindex: '-1', autocomplete: 'off', onchange: (e) => ctx.honeypot(e.target.value) }))),
    view.questions.map((q) => question(q, ctx)),
    h('div', { class: 'buttons' },
      view.page.is_first ? null : h('button', { type: 'button', class: 'secondary', onclick: () => ctx.back() }, words.back),
      h('button', { type: 'submit', class: 'primary' }, view.page.is_last ? words.submit : words.next)));
  container.replaceChildren(...[
    h('div', { class: 'top' },
      h('p', { class: 'progress' }, words.progress(position, view.progress.visible)),
      view.languages.length > 1
        ? h('button', { type: 'button', class: 'link', lang: words.languageCode, onclick: () => ctx.switchLanguage() }, words.language)
        : null),
    h('progress', { class: 'bar', max: String(view.progress.visible), value: String(view.progress.answered), 'aria-hidden': 'true' }),
    h('h2', { tabindex: '-1', id: 'kp-page-title' }, view.page.title || view.title),
    summary(ctx.problems, ctx),
    form,
  ].filter(Boolean));
}

/** Redraws, in place, the question that holds answer `id` (a grid row's too) and the error summary. */
export function redrawQuestion(container, view, id, ctx) {
  const q = view.questions.find((x) => x.id === id || (x.rows || []).some((r) => r.id === id));
  container.querySelector(`[data-question="${q.id}"]`).replaceWith(question(q, ctx));
  const old = container.querySelector('.summary');
  const fresh = summary(ctx.problems, ctx);
  if (old) old.replaceWith(...(fresh ? [fresh] : []));
}

/** The thank-you (or any closing) screen: a heading that takes focus and status lines. */
export function renderMessage(container, title, lines, action) {
  container.replaceChildren(...[
    h('h2', { tabindex: '-1', id: 'kp-page-title' }, title),
    ...lines.map((line) => h('p', { role: 'status' }, line)),
    action ? h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: action.run }, action.label)) : null,
  ].filter(Boolean));
}
