// The resident survey's wasm API (engine/wasm/survey_bindings.cpp) as web-shell/ uses it,
// run under node. ctest passes the engine module's path; the survey module sits beside it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(path.resolve(process.argv[2] ?? 'build/wasm/web/klantpeil_engine.js'));
const modulePath = path.join(dir, 'klantpeil_survey.js');
const repoRoot = process.env.KLANTPEIL_SOURCE_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const balie = fs.readFileSync(path.join(repoRoot, 'assets/questionnaires/kto-balie.json'), 'utf8');
const createKlantpeilSurvey = createRequire(import.meta.url)(modulePath);
const wasm = await createKlantpeilSurvey({ wasmBinary: fs.readFileSync(modulePath.replace(/\.js$/, '.wasm')) });

const options = (extra = {}) => JSON.stringify({ municipality: '0363', source: 'kiosk', language: 'nl', ...extra });

function open(extra) {
  const s = new wasm.Survey(balie, options(extra));
  return {
    s,
    view: () => JSON.parse(s.view()),
    answer: (id, v) => JSON.parse(s.answer(id, JSON.stringify(v))),
    next: () => JSON.parse(s.next()),
  };
}

test('a survey opens on its first page with texts in the chosen language', () => {
  const { s, view } = open({ language: 'en' });
  assert.deepEqual(JSON.parse(s.problems()), []);
  const v = view();
  assert.equal(v.language, 'en');
  assert.equal(v.page.is_first, true);
  assert.equal(v.questions[0].id, 'totaaloordeel');
  assert.match(v.questions[0].text, /What mark/);
  s.delete();
});

test('bad questionnaires and options come back as problems, not exceptions', () => {
  const broken = new wasm.Survey('{"id": 1', options());
  assert.equal(JSON.parse(broken.problems())[0].path, '$');
  assert.equal(broken.view(), 'null');
  broken.delete();
  const nowhere = new wasm.Survey(balie, options({ municipality: 'Amsterdam', source: 'fax' }));
  assert.deepEqual(JSON.parse(nowhere.problems()).map((p) => p.path), ['municipality', 'source']);
  nowhere.delete();
});

test('answers are checked, pages advance only when complete, hidden answers are dropped', () => {
  const { s, view, answer, next } = open();
  assert.equal(answer('totaaloordeel', 11).message, 'Kies een cijfer van 1 tot en met 10.');
  assert.equal(answer('totaaloordeel', 8), null);
  assert.deepEqual(next().map((p) => p.path), ['moeite']);
  assert.equal(answer('moeite', 5), null);
  assert.deepEqual(next(), []);
  assert.equal(view().page.id, 'medewerker');
  assert.equal(s.back(), true);
  assert.equal(view().page.id, 'oordeel');
  s.delete();
});

test('completion produces a record the server would accept, or the problems', () => {
  const { s, view, answer, next } = open();
  const id = '0b8f5a8e-7c1d-4c3e-9f70-2a6b1d9e4c55';
  assert.ok(JSON.parse(s.complete(id, '2026-08-14T10:22:00Z')).problems.length > 0);
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
  const done = JSON.parse(s.complete(id, '2026-08-14T10:22:00Z'));
  assert.equal(done.problems, undefined);
  assert.equal(done.record.id, id);
  assert.equal(done.record.source, 'kiosk');
  assert.equal(done.record.answers.tip, undefined, 'the hidden tip is not sent');
  assert.equal(done.record.answers.aspect_wachttijd, null);
  s.delete();
});
