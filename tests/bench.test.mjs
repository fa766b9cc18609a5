// The browser benchmark (run by `cargo xtask bench`, skipped by `cargo xtask test`): prints the figures.
//
// The anchor is TensorFlow Playground's own engine, measured in the same page and the same run, trained the way
// Playground's `oneStep` does (one example at a time: forwardProp, backProp, updateWeights every 10). Its sources are
// not part of this repository: set PLAYGROUND_SRC to a checkout of github.com/tensorflow/playground, and the bench
// compiles its `src/nn.ts` with esbuild for ES2022 — the fastest build for today's browsers; Playground's own
// tsconfig names no target, so the build it ships is ES5 — and says which commit and build it measured. (Or set
// PLAYGROUND_NN to a JavaScript build of `src/nn.ts` made another way.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launch, BASE_URL } from './browser.mjs';

/** Runs in the page: Playground's engine on its default (2 → 4 → 2 → 1) or largest (7 → 8×6 → 1) network, tanh,
 *  squared error, learning rate 0.03, batch 10, on 250 circle-like points; training samples per second. */
function playground([shape, seconds]) {
  const nn = window.playgroundNN;
  const inputs = shape[0];
  const net = nn.buildNetwork(shape, nn.Activations.TANH, nn.Activations.TANH, null,
    Array.from({ length: inputs }, (_, i) => `x${i}`), false);
  const points = Array.from({ length: 250 }, () => {
    const [x, y] = [Math.random() * 12 - 6, Math.random() * 12 - 6];
    return { x, y, label: Math.hypot(x, y) < 3 ? 1 : -1 };
  });
  // Playground's constructInput: the chosen features of (x, y).
  const features = [(x) => x.x, (x) => x.y, (x) => x.x * x.x, (x) => x.y * x.y, (x) => x.x * x.y,
    (x) => Math.sin(x.x), (x) => Math.sin(x.y)].slice(0, inputs);
  const epoch = () => {
    points.forEach((p, i) => {
      nn.forwardProp(net, features.map((f) => f(p)));
      nn.backProp(net, p.label, nn.Errors.SQUARE);
      if ((i + 1) % 10 === 0) nn.updateWeights(net, 0.03, 0);
    });
  };
  for (let k = 0; k < 20; k++) epoch();
  let samples = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) { epoch(); samples += points.length; }
  return Math.round(samples / ((performance.now() - t0) / 1000));
}

/** Playground's engine as an ES module's source, and what was built: `{source, engine}`, or null when neither
 *  PLAYGROUND_SRC nor PLAYGROUND_NN is set. */
async function playgroundEngine() {
  const src = process.env.PLAYGROUND_SRC;
  if (src) {
    const entry = join(src, 'src', 'nn.ts');
    const out = await build({ entryPoints: [entry], format: 'esm', target: 'es2022', write: false, logLevel: 'silent' });
    let commit = 'unknown commit';
    try { commit = execFileSync('git', ['-C', src, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { /* not a git checkout */ }
    return { source: out.outputFiles[0].text, engine: `Playground ${commit}, src/nn.ts compiled by esbuild for ES2022` };
  }
  const file = process.env.PLAYGROUND_NN;
  return file ? { source: readFileSync(file, 'utf8'), engine: `${file} (a build made by hand)` } : null;
}

test('bench: WebAssembly throughput and frame cost in headless Chromium', { timeout: 240000 }, async () => {
  const browser = await launch();
  // Playground's engine goes in as an inline module, which the lab's CSP (rightly) forbids: bypassed here only.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(new URL('www/bench.html', BASE_URL).href);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 180000 });
  const results = await page.evaluate(() => window.benchResults);
  const anchor = await playgroundEngine();
  if (anchor) {
    const { source, engine } = anchor;
    await page.addScriptTag({
      type: 'module',
      content: `${source}\nwindow.playgroundNN = { buildNetwork, forwardProp, backProp, updateWeights, Activations, Errors };`,
    });
    await page.waitForFunction(() => window.playgroundNN);
    const pg = {
      default: await page.evaluate(playground, [[2, 4, 2, 1], 3]),
      largest: await page.evaluate(playground, [[7, 8, 8, 8, 8, 8, 8, 1], 3]),
    };
    const lab = results.trainSamplesPerSecond;
    results.playground = {
      engine,
      trainSamplesPerSecond: pg,
      ratio: { default: Number((lab.default / pg.default).toFixed(1)), largest: Number((lab.largest / pg.largest).toFixed(1)) },
      goal: { default: 3, largest: 10 },
    };
  } else {
    results.playground = 'not measured: set PLAYGROUND_SRC to a checkout of github.com/tensorflow/playground';
  }
  console.log(JSON.stringify(results, null, 2));
  assert.deepEqual(errors, []);
  assert.ok(results.trainSamplesPerSecond.default > 0);
  await browser.close();
});
