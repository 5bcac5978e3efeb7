// embed.js: the one script tag a municipal site adds.
//   <script src="https://HOST/embed.js" data-questionnaire="kto-digitaal" data-municipality="0363"
//           [data-target="element-id"] [data-lang="nl|en"] [data-endpoint="https://HOST"]
//           [data-source="digital"] async></script>
// Renders the survey into a Shadow DOM root after the script (or into data-target), with
// its own stylesheet, loading engine and questionnaire from its own origin.
import { mountSurvey } from './mount.js';

function scriptTag() {
  if (document.currentScript) return document.currentScript;
  // `async` scripts that run late: find ours by its data attribute
  return document.querySelector('script[data-questionnaire][src$="embed.js"]');
}

function host(script) {
  const targetId = script.dataset.target;
  const target = targetId && document.getElementById(targetId);
  if (target) return target;
  const el = document.createElement('div');
  el.className = 'klantpeil-survey';
  script.after(el);
  return el;
}

// A tag pasted twice would show the resident the same survey twice: the first one counts.
function alreadyShown(data) {
  const key = `${data.questionnaire}|${data.municipality}`;
  const shown = (globalThis.__klantpeilEmbeds ||= new Set());
  if (!shown.has(key)) return shown.add(key), false;
  console.warn(`klantpeil: the survey ${data.questionnaire} for ${data.municipality} is on this page already; this tag is ignored`);
  return true;
}

const script = scriptTag();
if (script && !alreadyShown(script.dataset)) {
  const base = new URL('.', script.src).href;
  const data = script.dataset;
  mountSurvey(host(script), {
    base,
    endpoint: data.endpoint || new URL(base).origin,
    questionnaire: data.questionnaire,
    municipality: data.municipality,
    // A language tag's primary subtag, in any case: "nl-NL", "EN-GB"
    language: (data.lang || document.documentElement.lang || 'nl').split('-')[0].toLowerCase(),
    source: data.source || 'link',
    invitation: null,
  });
}
