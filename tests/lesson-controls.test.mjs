// Every claim of every lesson, on three seeds and against its controls (tests/lesson-audit.mjs), in Node against the
// shipped WebAssembly. Prints one row per comparison: its value on each seed, and each control's value. A claim that a
// network learning nothing would pass — or a bound weakened so far that its controls pass it — fails here.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { assess, auditStep, loadLab, report, trainings, SEEDS } from './lesson-audit.mjs';
import { validate } from '../www/lesson-file.js';

const index = JSON.parse(readFileSync(new URL('../www/lessons/index.json', import.meta.url)));
const lessons = index.map(({ slug }) => ({ slug, lesson: JSON.parse(readFileSync(new URL(`../www/lessons/${slug}.json`, import.meta.url))) }));
let wasm;
before(async () => { wasm = await loadLab(); });

test('every lesson file is valid: ids, citations, and a control for every comparison of every claim', () => {
  const messages = (q) => JSON.parse(wasm.query_messages(q));
  for (const { slug, lesson } of lessons) assert.deepEqual(validate(lesson, `${slug}.json`, messages, JSON.parse(wasm.options()).panels), [], slug);
});

test('the lesson in docs/lessons.md is valid, and its claims pass their controls', () => {
  const doc = readFileSync(new URL('../docs/lessons.md', import.meta.url), 'utf8');
  const block = /`www\/lessons\/xor-in-two-steps\.json` is:\s*```json\n([\s\S]*?)```/.exec(doc);
  assert.ok(block, 'the example is in the page');
  const lesson = JSON.parse(block[1]);
  assert.deepEqual(validate(lesson, 'xor-in-two-steps.json', (q) => JSON.parse(wasm.query_messages(q)), JSON.parse(wasm.options()).panels), []);
  for (const step of lesson.steps) assert.deepEqual(auditStep(wasm, step).problems, [], step.id);
});

test('a prediction before at least nine steps in ten that have a run', () => {
  const steps = lessons.flatMap(({ lesson }) => lesson.steps.filter((s) => s.run));
  const asked = steps.filter((s) => s.predict).length;
  console.log(`${asked} of ${steps.length} steps with a run ask a prediction`);
  assert.ok(asked >= 0.9 * steps.length, `${asked}/${steps.length}`);
});

// The audits' training runs share two worker threads, one per core of the CI machine (39 s in one thread); each
// lesson's test judges its steps once their runs are in.
const trained = new Map();
before(() => {
  const jobs = lessons.flatMap(({ lesson }) => lesson.steps.filter((s) => s.run).flatMap((step) => trainings(step).map((t) => ({ step, ...t }))));
  for (const job of jobs) {
    job.done = new Promise((resolve, reject) => Object.assign(job, { resolve, reject }));
    job.done.catch(() => {}); // its lesson's test reports the failure
    trained.set(job.step, [...(trained.get(job.step) ?? []), job.done]);
  }
  const queue = [...jobs];
  const thread = () => {
    const worker = new Worker(new URL('./lesson-audit-worker.mjs', import.meta.url));
    let job;
    const next = () => { job = queue.shift(); if (job) worker.postMessage({ run: job.run, after: job.after, seed: job.seed }); else worker.terminate(); };
    worker.on('message', (measured) => { job.resolve(measured); next(); });
    worker.on('error', (e) => { job?.reject(e); for (const j of queue.splice(0)) j.reject(e); });
    next();
  };
  thread();
  thread();
});

for (const { slug, lesson } of lessons) {
  test(`lesson "${lesson.title}": every claim holds on seeds ${SEEDS.join(', ')} and fails for its controls`, { timeout: 600000 }, async () => {
    const reports = [];
    for (const step of lesson.steps.filter((s) => s.run)) reports.push(report(`${slug}/${step.id}`, assess(step, await Promise.all(trained.get(step)))));
    console.log(reports.flatMap((r) => r.table).join('\n'));
    assert.deepEqual(reports.flatMap((r) => r.problems), []);
  });
}
