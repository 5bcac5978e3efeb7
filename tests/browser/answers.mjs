// answers.mjs: complete answer sets for the three standard questionnaires, built from the
// questionnaire documents themselves so a new aspect row is answered without editing tests.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

export function questionnaire(id) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/questionnaires', `${id}.json`), 'utf8'));
}

/** id -> value for every visible question of `id`, with one n.v.t. aspect and a tip. */
export function fullAnswers(id) {
  const answers = {};
  let first = true;
  for (const page of questionnaire(id).pages) {
    for (const q of page.questions) {
      if (q.type === 'grid') {
        for (const row of q.rows) {
          answers[row.id] = q.allow_na && first ? null : 7 + (row.id.length % 3);
          if (q.allow_na) first = false;
        }
      } else if (q.type === 'grade') answers[q.id] = 8;
      else if (q.type === 'effort') answers[q.id] = 4;
      else if (q.type === 'yesno') answers[q.id] = 'ja';
      else if (q.type === 'text') answers[q.id] = q.id === 'tip' ? 'Langer open op donderdag' : 'Snel en vriendelijk geholpen';
    }
  }
  return answers;
}
