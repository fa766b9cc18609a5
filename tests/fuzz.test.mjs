// Fuzzing the lesson files (www/lesson-file.js and www/claims.js, in Node: no browser needed): the lab's own lessons mutated at random —
// fields dropped, retyped or replaced by awkward values, claims cut and spliced — must each end as a list of
// messages naming the file and step, or as a valid lesson; never as an exception. 10⁵ cases, seeded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkClaim, parseClaim } from '../www/claims.js';
import { findStep, validate } from '../www/lesson-file.js';
import { loadLab } from './lesson-audit.mjs';

const index = JSON.parse(readFileSync(new URL('../www/lessons/index.json', import.meta.url)));
const lessons = index.map(({ slug }) => JSON.parse(readFileSync(new URL(`../www/lessons/${slug}.json`, import.meta.url))));
// The page's panels, which a step's `look` names, from the shipped wasm.
const panels = JSON.parse((await loadLab()).options()).panels;

/** xorshift32: a seeded generator, so a failing case can be replayed. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x % n; };
}
const AWKWARD = [null, undefined, 0, -1, 1e309, NaN, '', ' ', 'after', 'after -1: x < 1', 'after 10:', '|', '||', '((',
  'after 10: nse(', 'after 10: measure[', 'after 5: 1 < 2', [], {}, [1, 2], { question: 'q' }, 'é', '\u0000', 'a'.repeat(5000),
  'after 99999999999999999999: test_loss < 1', 'after 1: test_loss < 1e-400', 'after 1: |test_loss| > -0'];

function mutate(value, r) {
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length && r(3) === 0) copy.splice(r(copy.length), 1);
    else if (copy.length) copy[r(copy.length)] = mutate(copy[r(copy.length)], r);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy = { ...value };
    const keys = Object.keys(copy);
    const k = keys[r(keys.length)];
    switch (r(4)) {
      case 0: delete copy[k]; break;
      case 1: copy[k] = AWKWARD[r(AWKWARD.length)]; break;
      default: copy[k] = mutate(copy[k], r);
    }
    return copy;
  }
  if (typeof value === 'string') {
    const at = r(value.length + 1);
    const cut = value.slice(0, at) + ['', ';', '<', '|', '(', ')', '·', '-', '9', ':'][r(10)] + value.slice(at + r(3));
    return r(5) === 0 ? AWKWARD[r(AWKWARD.length)] : cut;
  }
  return AWKWARD[r(AWKWARD.length)];
}

test('10⁵ mutated lessons: messages or a valid lesson, never an exception', () => {
  const r = rng(2026);
  const messages = () => [];
  let refused = 0;
  const cases = Number(process.env.PLASTICITY_FUZZ_CASES ?? 100000);
  for (let k = 0; k < cases; k++) {
    let lesson = lessons[r(lessons.length)];
    for (let m = 0; m <= r(3); m++) lesson = mutate(lesson, r);
    let problems;
    try {
      problems = validate(lesson, 'fuzzed.json', messages, panels);
    } catch (e) {
      assert.fail(`case ${k}: validate threw ${e} on ${JSON.stringify(lesson).slice(0, 300)}`);
    }
    assert.ok(Array.isArray(problems));
    assert.ok(problems.every((p) => p.startsWith('fuzzed.json')), `case ${k}: ${problems}`);
    if (problems.length) { refused += 1; continue; }
    // A lesson that passes can be used: every step can be found from a link, and every claim parses and checks
    // against a measurement.
    for (const name of ['1', '0', '99', lesson.steps[0].id, 'nope', '', '1e9']) {
      const i = findStep(lesson, name);
      assert.ok(i >= -1 && i < lesson.steps.length, `case ${k}: step "${name}" found at ${i}`);
    }
    if (Array.isArray(lesson.check)) assert.equal(findStep(lesson, 'check'), lesson.steps.length, `case ${k}: the end check`);
    // A step with no run has no claim.
    for (const s of lesson.steps.filter((x) => x.no_run === undefined)) {
      const d = { step: 10, train_loss: 1, test_loss: 1, test_accuracy: 0.5, nse: 0.1, layers: [], measures: [] };
      try { checkClaim(parseClaim(s.claim), [{ run: 'x', diagnostics: d }]); } catch (e) {
        assert.match(String(e), /no run/, `case ${k}: ${s.claim}`);
      }
    }
  }
  console.log(`# ${cases} mutated lessons: ${refused} refused with messages, ${cases - refused} valid, no exception`);
});
