// Every lesson claim against its seeds and its controls, in Node against the shipped WebAssembly: the same engine,
// the same claim language (www/claims.js) and the same reading of a lesson file (www/lesson-file.js) as the page, with
// no browser to drive. A claim passes the audit when it holds on every seed of its run and every control it names fails
// the comparisons it is listed for, on every seed, with a value on both sides (a control that has no such quantity —
// no feedback angle for a rule without feedback — fails nothing and is reported).

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { checkClaim, parseClaim } from '../www/claims.js';
import { controlRun, queryOf } from '../www/lesson-file.js';

/** The seeds every claim must hold on. */
export const SEEDS = [1, 2, 3];

/** The lab's WebAssembly module, initialised, with the data sets the page would fetch already handed over. */
export async function loadLab() {
  // The build with the rule language (the first visit's, plus written rules): lessons may have a rule written.
  const wasm = await import('../www/pkg/full/plasticity_web.js');
  wasm.initSync({ module: readFileSync(new URL('../www/pkg/full/plasticity_web_bg.wasm', import.meta.url)) });
  const files = new Set(JSON.parse(wasm.options()).tasks.map((t) => t.data).filter(Boolean));
  for (const file of files) {
    wasm.load_data(file, gunzipSync(readFileSync(new URL(`../www/pkg/${file}`, import.meta.url))).toString());
  }
  return wasm;
}

/** Trains the runs of `{base, runs}` (see `controlRun`) with `seed` for `after` mini-batches: `[{run, diagnostics,
 *  initial}]`, as the page's claim reads them. */
export function train(wasm, { base, runs }, after, seed) {
  const params = new URLSearchParams(base);
  params.set('seed', String(seed));
  const query = queryOf(params);
  const one = (lab, read) => {
    const initial = read();
    for (let done = 0; done < after;) {
      const k = Math.min(1000, after - done);
      done += k;
      if (lab.step(k) < k && lab.diverged?.()) break;
    }
    lab.measure();
    const diagnostics = read();
    lab.free();
    return { initial, diagnostics };
  };
  if (runs === null) {
    const lab = new wasm.Lab(query);
    const rule = new URLSearchParams(lab.query()).get('rule');
    return [{ run: rule, ...one(lab, () => JSON.parse(lab.diagnostics())) }];
  }
  return runs.map(({ label, entry }) => {
    const c = new wasm.Comparison(`${query}&compare=${entry}`);
    return { run: label, ...one(c, () => JSON.parse(c.diagnostics())[0].diagnostics) };
  });
}

/** The training runs a step's audit needs, in order: its own run on each seed, then each control's on each seed.
 *  Each is `{ run, after, seed }`, plain data that `train` takes (in this thread or another). */
export function trainings(step, seeds = SEEDS) {
  const { after } = parseClaim(step.claim);
  const runs = [controlRun(step.run), ...(step.controls ?? []).map((c) => controlRun(step.run, c))];
  return runs.flatMap((run) => seeds.map((seed) => ({ run, after, seed })));
}

/** Judges a step on its trainings' results (in `trainings`' order). Returns `{claim, seeds, controls, problems,
 *  measured}`: per seed and per control and seed the claim's results (each comparison's two sides and whether it
 *  held), the problems found (none for a claim that passes), and the measurements themselves (for `judge`). */
export function assess(step, trained, seeds = SEEDS) {
  const claim = parseClaim(step.claim);
  const of = (k) => trained.slice(k * seeds.length, (k + 1) * seeds.length);
  const measured = { seeds: of(0), controls: (step.controls ?? []).map((control, i) => ({ control, seeds: of(i + 1) })) };
  return { ...judge(claim, measured, seeds), measured };
}

/** Audits one step in this thread: its claim on every seed and against every control (see `assess`). */
export function auditStep(wasm, step, seeds = SEEDS) {
  return assess(step, trainings(step, seeds).map(({ run, after, seed }) => train(wasm, run, after, seed)), seeds);
}

/** The verdict on measured runs: `claim` (parsed) must hold on every seed and each control must fail the comparisons it
 *  names. Kept apart from the training so that a changed claim can be judged on the same runs. */
export function judge(claim, measured, seeds = SEEDS) {
  const problems = [];
  const seedResults = measured.seeds.map((runs) => checkClaim(claim, runs));
  seedResults.forEach((r, i) => {
    for (const c of r.results.filter((x) => !x.ok)) problems.push(`seed ${seeds[i]}: "${c.text}" does not hold (${fmt(c.left)} vs ${fmt(c.right)})`);
  });
  const controls = measured.controls.map(({ control, seeds: runs }) => {
    const results = runs.map((r) => checkClaim(claim, r));
    const fails = control.fails ?? claim.checks.map((_, i) => i + 1);
    results.forEach((r, i) => {
      for (const k of fails) {
        const c = r.results[k - 1];
        if (!Number.isFinite(c.left) || !Number.isFinite(c.right)) {
          problems.push(`control "${control.why}", seed ${seeds[i]}: has no value for "${c.text}", so it cannot fail it`);
        } else if (c.ok) {
          problems.push(`control "${control.why}", seed ${seeds[i]}: passes "${c.text}" (${fmt(c.left)} vs ${fmt(c.right)})`);
        }
      }
    });
    return { control, fails, results };
  });
  return { claim, seeds: seedResults, controls, problems };
}

/** The claim with comparison `k` (from 0) made true whatever a finite run does: its right side moved to infinity the
 *  easy way. What a careless edit of a bound does, taken to its end; the audit must then report the comparison's
 *  controls passing it. */
export function weaken(claim, k) {
  const checks = claim.checks.map((c, i) => {
    if (i !== k) return c;
    const slack = c.op.startsWith('<') ? 1 : -1;
    return { ...c, text: `${c.text} (weakened)`, right: [...c.right, { sign: slack, value: Infinity }] };
  });
  return { ...claim, checks };
}

const fmt = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 1000 || (Math.abs(x) < 0.001 && x !== 0) ? x.toExponential(2) : x.toFixed(3)) : String(x));

/** The table rows of an audited step: one per comparison, its value on each seed and each control's value. */
export function rows(name, audit) {
  return audit.claim.checks.map((c, k) => {
    const seeds = audit.seeds.map((r) => `${fmt(r.results[k].left)}${r.results[k].ok ? '' : ' ✗'}`).join('  ');
    const controls = audit.controls.filter((x) => x.fails.includes(k + 1)).map((x) => {
      const values = x.results.map((r) => `${fmt(r.results[k].left)}${r.results[k].ok ? ' (passes!)' : ''}`).join(' ');
      return `${x.control.why}: ${values}`;
    });
    return `${k === 0 ? name.padEnd(34) : ' '.repeat(34)} ${c.text.padEnd(56)} seeds ${seeds} | ${controls.join(' | ') || '–'}`;
  });
}

// `node tests/lesson-audit.mjs SLUG [STEP-ID]` (after `cargo xtask build`): the table for one lesson, or one step of
// it, and its problems — what a lesson's author runs while writing a claim and its controls.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [slug, only] = process.argv.slice(2);
  if (!slug) {
    console.error('usage: node tests/lesson-audit.mjs SLUG [STEP-ID]');
    process.exit(2);
  }
  const wasm = await loadLab();
  const lesson = JSON.parse(readFileSync(new URL(`../www/lessons/${slug}.json`, import.meta.url)));
  let failed = false;
  for (const step of lesson.steps.filter((s) => s.run && (!only || s.id === only))) {
    const audit = auditStep(wasm, step);
    console.log(rows(`${slug}/${step.id}`, audit).join('\n'));
    for (const p of audit.problems) { console.log(`  ✗ ${p}`); failed = true; }
  }
  process.exit(failed ? 1 : 0);
}

/** A step's report for the lesson's table: its audit's rows and problems — including any comparison that, weakened
 *  until anything passes it, is not caught by its controls (so the audit can fail). */
export function report(name, audit) {
  const problems = audit.problems.map((p) => `${name}: ${p}`);
  audit.claim.checks.forEach((_, k) => {
    const weakened = judge(weaken(audit.claim, k), audit.measured);
    if (weakened.problems.length === 0) problems.push(`${name}: comparison ${k + 1} weakened still passes the audit`);
  });
  return { table: rows(name, audit), problems };
}
