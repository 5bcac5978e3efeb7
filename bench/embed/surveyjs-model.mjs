// surveyjs-model.mjs: the Klantpeil questionnaire document as a SurveyJS model, so both
// products render the same questions (texts, scales, n.v.t., the tip condition).
const scale = (min, max) => Array.from({ length: max - min + 1 }, (_, i) => min + i);

function element(q, lang) {
  const base = { name: q.id, title: q.text[lang], isRequired: !!q.required, description: q.help && q.help[lang] };
  if (q.visible_if) base.visibleIf = q.visible_if.replace(/(\w+)\s*==\s*"([^"]*)"/g, "{$1} = '$2'");
  switch (q.type) {
    case 'grade': return { ...base, type: 'rating', rateMin: q.min || 1, rateMax: q.max || 10 };
    case 'effort': return { ...base, type: 'radiogroup', choices: q.labels[lang].map((text, i) => ({ value: i + 1, text })) };
    case 'yesno': return { ...base, type: 'radiogroup', choices: [{ value: 'ja', text: 'Ja' }, { value: 'nee', text: 'Nee' }] };
    case 'text': return { ...base, type: 'comment', maxLength: q.max_length || 1000 };
    case 'grid': return { ...base, type: 'matrix', isAllRowRequired: !!q.required,
      columns: [...scale(1, 10), ...(q.allow_na ? [{ value: 'nvt', text: 'n.v.t.' }] : [])],
      rows: q.rows.map((r) => ({ value: r.id, text: r.text[lang] })) };
    default: throw new Error(`no SurveyJS element for ${q.type}`);
  }
}

export function toSurveyJs(doc, lang = 'nl') {
  return {
    title: doc.title[lang], locale: lang, showQuestionNumbers: 'on',
    pages: doc.pages.map((p) => ({ name: p.id, title: p.title && p.title[lang], elements: p.questions.map((q) => element(q, lang)) })),
  };
}
