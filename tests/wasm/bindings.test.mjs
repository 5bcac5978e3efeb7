// The embind module (engine/wasm/bindings.cpp) as the browser uses it, run under node.
// Usage: node bindings.test.mjs build/wasm/web/klantpeil_engine.js   (ctest passes the path)
// The repository root comes from KLANTPEIL_SOURCE_DIR (set by ctest) or this file's place.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const modulePath = path.resolve(process.argv[2] ?? 'build/wasm/web/klantpeil_engine.js');
const repoRoot = process.env.KLANTPEIL_SOURCE_DIR
    ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const asset = (name) => fs.readFileSync(path.join(repoRoot, 'assets/questionnaires', name), 'utf8');

// Node 20 + Emscripten 3.1.6: hand over the .wasm bytes, or the module tries to fetch() a
// file: URL and fails.
const createKlantpeilEngine = createRequire(import.meta.url)(modulePath);
const wasmBinary = fs.readFileSync(modulePath.replace(/\.js$/, '.wasm'));
const wasm = await createKlantpeilEngine({ wasmBinary });

function newEngine(...questionnaires) {
    const engine = new wasm.Engine();
    for (const q of questionnaires) {
        const loaded = JSON.parse(engine.loadQuestionnaire(asset(q)));
        assert.equal(loaded.ok, true, `${q}: ${JSON.stringify(loaded.problems)}`);
    }
    return engine;
}

// A complete balie response: every required question answered, no tip (suggesties "nee").
function balieRecord(n, overrides = {}) {
    const host = Object.fromEntries(['bereidheid', 'deskundigheid', 'inleving', 'verantwoordelijkheid',
        'oplossingen', 'gemeente'].map((item) => [`host_${item}`, 8]));
    const aspects = Object.fromEntries(['openingstijden', 'afspraak', 'wachttijd', 'vriendelijkheid',
        'informatie', 'wachtruimte', 'overzichtelijkheid', 'privacy', 'prijs'].map((a) => [`aspect_${a}`, 7]));
    return {
        id: `6f1c2a3b-4d5e-4f60-8a7b-${String(n).padStart(12, '0')}`,
        questionnaire: 'kto-balie', version: 1, municipality: '0363', channel: 'balie',
        source: 'inviter', invitation: null, submitted_at: '2026-08-14T10:22:00Z', language: 'nl',
        answers: { totaaloordeel: 8, moeite: 4, ...host, ...aspects, suggesties: 'nee', ...overrides },
    };
}

test('the three standard questionnaires load, each with its id and channel', () => {
    const engine = new wasm.Engine();
    for (const [file, channel] of [['kto-balie.json', 'balie'], ['kto-telefoon.json', 'telefoon'],
        ['kto-digitaal.json', 'digitaal']]) {
        const loaded = JSON.parse(engine.loadQuestionnaire(asset(file)));
        assert.deepEqual(loaded.problems, []);
        assert.equal(loaded.ok, true);
        assert.equal(loaded.id, file.replace('.json', ''));
        assert.equal(loaded.channel, channel);
    }
    engine.delete();
});

test('a broken questionnaire is refused with a path to the offending field', () => {
    const engine = new wasm.Engine();
    const doc = JSON.parse(asset('kto-balie.json'));
    doc.pages[0].questions[0].type = 'stars';
    const loaded = JSON.parse(engine.loadQuestionnaire(JSON.stringify(doc)));
    assert.equal(loaded.ok, false);
    assert.ok(loaded.problems.some((p) => p.path === '$.pages[0].questions[0].type'),
        JSON.stringify(loaded.problems));
    assert.equal(JSON.parse(engine.loadQuestionnaire('{"id": ')).ok, false);
    engine.delete();
});

test('a complete record validates; a bad one is refused naming the field', () => {
    const engine = newEngine('kto-balie.json');
    assert.deepEqual(JSON.parse(engine.validateRecord(JSON.stringify(balieRecord(1)))), []);

    const effort = JSON.parse(engine.validateRecord(JSON.stringify(balieRecord(2, { moeite: 9 }))));
    assert.deepEqual(effort.map((p) => p.path), ['answers.moeite']);

    const record = balieRecord(3);
    record.municipality = 'Amsterdam';
    const code = JSON.parse(engine.validateRecord(JSON.stringify(record)));
    assert.deepEqual(code.map((p) => p.path), ['municipality']);

    const unknown = JSON.parse(engine.validateRecord(JSON.stringify({ ...balieRecord(4), questionnaire: 'kto-x' })));
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0].path, 'questionnaire');

    const garbage = JSON.parse(engine.validateRecord('not json'));
    assert.equal(garbage.length, 1);
    assert.equal(garbage[0].path, '$');
    engine.delete();
});

test('factsheets: ten responses publish, a bad line is reported by number, invitations give the rate', () => {
    const engine = newEngine('kto-balie.json');
    // Grades 5..10 then 6..9: sum 75, mean 7.5. moeite: six 4s, two 3s, two 1s -> CES 60 - 20 = 40.
    const grades = [5, 6, 7, 8, 9, 10, 6, 7, 8, 9];
    const efforts = [4, 4, 4, 4, 4, 4, 3, 3, 1, 1];
    const lines = grades.map((g, i) => JSON.stringify(balieRecord(10 + i, { totaaloordeel: g, moeite: efforts[i] })));
    lines.splice(3, 0, JSON.stringify(balieRecord(99, { totaaloordeel: 11 })));  // line 4
    const invitations = JSON.stringify({ municipality: '0363', channel: 'balie', date: '2026-08-01', count: 40 });

    const out = JSON.parse(engine.factsheets(lines.join('\n'), invitations, '{"period": "2026-Q3"}'));
    assert.equal(out.ok, true);
    assert.equal(out.responses.accepted, 10);
    assert.equal(out.responses.skipped, 1);
    assert.equal(out.responses.errors[0].line, 4);
    assert.match(out.responses.errors[0].reason, /totaaloordeel/);
    assert.equal(out.invitations.accepted, 1);
    assert.equal(out.factsheets.length, 1);

    const sheet = out.factsheets[0];
    assert.equal(sheet.municipality, '0363');
    assert.equal(sheet.period, '2026-Q3');
    assert.equal(sheet.responses, 10);
    assert.equal(sheet.published, true);
    assert.equal(sheet.invitations, 40);
    assert.equal(sheet.response_rate, 0.25);  // 10 inviter responses / 40
    assert.equal(sheet.totaaloordeel.mean, 7.5);
    assert.deepEqual(sheet.totaaloordeel.distribution, [0, 0, 0, 0, 1, 2, 2, 2, 2, 1]);
    assert.equal(sheet.ces.score, 40);

    const none = JSON.parse(engine.factsheets(lines.join('\n'), '', '{"period": "2026-Q2"}'));
    assert.deepEqual(none.factsheets, []);
    engine.delete();
});

test('a bad filter fails the call with the field named', () => {
    const engine = newEngine('kto-balie.json');
    const out = JSON.parse(engine.factsheets('', '', '{"channel": "post", "period": "Q3"}'));
    assert.equal(out.ok, false);
    assert.deepEqual(out.problems.map((p) => p.path).sort(), ['filter.channel', 'filter.period']);
    engine.delete();
});
