// styles.js: the survey's look, as one constructable stylesheet (no inline style, so a
// strict CSP needs no 'unsafe-inline'). Colours come from the host's NL Design System
// tokens (--utrecht-*) when it defines them; the fallbacks meet WCAG contrast 4.5:1
// (#1a1a1a on #fff is 17:1, #fff on #154273 is 10:1, the error red #b00020 on #fff is 7.7:1).
// Two weights, 400 and 700: each weight (and size) is one more font look-up in the browser.
const CSS = `
:host { display: block; }
.kp {
  --kp-font: var(--utrecht-document-font-family, system-ui, "DejaVu Sans", Arial, sans-serif);
  --kp-text: var(--utrecht-document-color, #1a1a1a);
  --kp-bg: var(--utrecht-document-background-color, #ffffff);
  --kp-accent: var(--utrecht-button-primary-action-background-color, #154273);
  --kp-accent-text: var(--utrecht-button-primary-action-color, #ffffff);
  --kp-focus: var(--utrecht-focus-outline-color, #000000);
  --kp-focus-ring: var(--utrecht-focus-background-color, #ffbf47);
  --kp-error: var(--utrecht-form-field-invalid-border-color, #b00020);
  --kp-border: var(--utrecht-form-control-border-color, #595959);
  font-family: var(--kp-font); color: var(--kp-text); background: var(--kp-bg);
  font-size: var(--utrecht-document-font-size, 1.125rem); line-height: 1.5; max-width: 46rem;
}
.kp h2 { font-size: 1.5em; margin: 0 0 .5rem; }
.kp h2:focus { outline: none; }
.kp h2:focus-visible, .kp :focus-visible { outline: 3px solid var(--kp-focus); box-shadow: 0 0 0 6px var(--kp-focus-ring); }
.kp .progress { margin: 0 0 1rem; font-weight: 700; }
.kp .bar { width: 100%; height: .5rem; accent-color: var(--kp-accent); }
.kp fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; min-width: 0; }
.kp legend, .kp .label { font-weight: 700; padding: 0; margin-bottom: .5rem; }
.kp .hint { display: block; font-weight: 400; margin: 0 0 .5rem; }
.kp .tag { font-weight: 400; }
.kp .scale { display: flex; flex-wrap: wrap; gap: .5rem; }
.kp .list { display: flex; flex-direction: column; gap: .5rem; }
.kp .option { position: relative; display: inline-flex; align-items: center; gap: .5rem; min-height: 44px;
  min-width: 44px; padding: 0 .75rem; border: 2px solid var(--kp-border); border-radius: 4px; cursor: pointer; box-sizing: border-box; }
.kp .scale .option { justify-content: center; }
/* Controls in the survey's font: the browser's control font would be one more font look-up
   (a face this machine may not have) before the first question can be laid out. */
.kp input { font: inherit; }
.kp .option input { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: var(--kp-accent); }
.kp .option:has(input:checked) { border-color: var(--kp-accent); background: color-mix(in srgb, var(--kp-accent) 12%, var(--kp-bg)); }
.kp .ends { display: flex; justify-content: space-between; font-size: .9em; margin-top: .25rem; }
.kp .row { margin: 0 0 1rem; padding-bottom: .75rem; border-bottom: 1px solid #d0d0d0; }
.kp .row legend { font-weight: 400; }
.kp textarea { width: 100%; min-height: 6rem; box-sizing: border-box; font: inherit; color: inherit;
  border: 2px solid var(--kp-border); border-radius: 4px; padding: .5rem; background: var(--kp-bg); }
.kp .count { font-size: .9em; margin-top: .25rem; }
.kp .error { color: var(--kp-error); font-weight: 700; margin: 0 0 .5rem; }
.kp .invalid textarea, .kp .invalid .option { border-color: var(--kp-error); }
.kp .summary { border: 3px solid var(--kp-error); padding: 1rem; margin: 0 0 1.5rem; }
.kp .summary a { color: var(--kp-error); }
.kp .buttons { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: 1rem; }
.kp button { font: inherit; min-height: 44px; padding: .5rem 1.25rem; border-radius: 4px; cursor: pointer;
  border: 2px solid var(--kp-accent); }
.kp button.primary { background: var(--kp-accent); color: var(--kp-accent-text); }
.kp button.secondary { background: var(--kp-bg); color: var(--kp-accent); }
.kp .link { background: none; border: 0; color: var(--kp-accent); text-decoration: underline; padding: 0; min-height: 44px; }
.kp .top { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.kp .dialog { border: 3px solid var(--kp-accent); padding: 1rem; margin: 1rem 0; }
.kp.kiosk { font-size: 1.5rem; max-width: none; }
.kp.kiosk .option { min-height: 64px; min-width: 64px; }
.kp.kiosk button { min-height: 64px; }
.kp .hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

let sheet = null;

/** The shared stylesheet; adopted by each shadow root (or document) that shows a survey. */
export function surveySheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
