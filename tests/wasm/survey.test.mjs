// The resident survey's wasm module (engine/wasm/survey_bindings.cpp) through the class
// web-shell/ uses (web-shell/src/survey_module.js), run under node. ctest passes the engine
// module's path; the survey module (klantpeil_survey.mjs + .wasm) sits beside it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = process.env.KLANTPEIL_SOURCE_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { Survey } = await import(pathToFileURL(path.join(repoRoot, 'web-shell/src/survey_module.js')));
const dir = path.dirname(path.resolve(process.argv[2] ?? 'build/wasm/web/klantpeil_engine.js'));
const gluePath = path.join(dir, 'klantpeil_survey.mjs');
const { default: createSurveyModule } = await import(pathToFileURL(gluePath));
const wasmBytes = fs.readFileSync(gluePath.replace(/\.mjs$/, '.wasm'));
const wasm = await createSurveyModule({
  instantiateWasm(imports, done) {
    WebAssembly.instantiate(wasmBytes, imports).then(({ instance }) => done(instance));
    return {};
  },
});
const balie = fs.readFileSync(path.join(repoRoot, 'assets/questionnaires/kto-balie.json'), 'utf8');

const options = (extra = {}) => ({ municipality: '0363', source: 'kiosk', language: 'nl', ...extra });
const open = (extra) => new Survey(wasm, balie, options(extra));
const bound = (s) => ({ answer: s.answer.bind(s), next: s.next.bind(s), view: s.view.bind(s) });

test('a survey opens on its first page with texts in the chosen language', () => {
  const s = open({ language: 'en' });
  assert.deepEqual(s.problems, []);
  const v = s.view();
  assert.equal(v.language, 'en');
  assert.equal(v.page.is_first, true);
  assert.equal(v.questions[0].id, 'totaaloordeel');
  assert.match(v.questions[0].text, /What mark/);
  s.dispose();
});

test('bad questionnaires and options come back as problems, not exceptions', () => {
  const broken = new Survey(wasm, '{"id": 1', options());
  assert.equal(broken.problems[0].path, '$');
  assert.equal(broken.view(), null);
  broken.dispose();
  const nowhere = open({ municipality: 'Amsterdam', source: 'fax' });
  assert.deepEqual(nowhere.problems.map((p) => p.path), ['municipality', 'source']);
  nowhere.dispose();
});

test('answers are checked, pages advance only when complete, hidden answers are dropped', () => {
  const s = open();
  const { answer, next, view } = bound(s);
  assert.equal(answer('totaaloordeel', 11).message, 'Kies een cijfer van 1 tot en met 10.');
  assert.equal(answer('totaaloordeel', 8), null);
  assert.deepEqual(next().map((p) => p.path), ['moeite']);
  assert.equal(answer('moeite', 5), null);
  assert.deepEqual(next(), []);
  assert.equal(view().page.id, 'medewerker');
  assert.equal(s.back(), true);
  assert.equal(view().page.id, 'oordeel');
  s.dispose();
});

test('completion produces a record the server would accept, or the problems', () => {
  const s = open();
  const { answer, next, view } = bound(s);
  const id = '0b8f5a8e-7c1d-4c3e-9f70-2a6b1d9e4c55';
  assert.ok(s.complete(id, '2026-08-14T10:22:00Z').problems.length > 0);
  answer('totaaloordeel', 7);
  answer('moeite', 4);
  next();
  for (const row of view().questions[0].rows) answer(row.id, 8);
  next();
  for (const row of view().questions[0].rows) answer(row.id, null);  // all n.v.t.
  next();
  answer('suggesties', 'ja');
  answer('tip', 'Meer avondopeningen');
  answer('suggesties', 'nee');
  const done = s.complete(id, '2026-08-14T10:22:00Z');
  assert.equal(done.problems, undefined);
  assert.equal(done.record.id, id);
  assert.equal(done.record.source, 'kiosk');
  assert.equal(done.record.answers.tip, undefined, 'the hidden tip is not sent');
  assert.equal(done.record.answers.aspect_wachttijd, null);
  s.dispose();
});

test('texts beyond ASCII and long answers cross the boundary intact', () => {
  const s = open();
  const tip = 'Één loket voor “alles” – graag! 👍 '.repeat(20).trim();
  s.answer('totaaloordeel', 9);
  s.answer('moeite', 2);
  s.next();
  for (const row of s.view().questions[0].rows) s.answer(row.id, 7);
  s.next();
  for (const row of s.view().questions[0].rows) s.answer(row.id, 6);
  s.next();
  assert.equal(s.answer('suggesties', 'ja'), null);
  assert.equal(s.answer('tip', tip), null);
  const done = s.complete('5f0c2b8e-1d3a-4e6f-8a9b-0c1d2e3f4a5b', '2026-08-14T10:22:00Z');
  assert.equal(done.record.answers.tip, tip);
  s.dispose();
});
