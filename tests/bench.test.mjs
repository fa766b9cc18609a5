// The browser benchmark (run by `cargo xtask bench`, skipped by `cargo xtask test`): prints the figures.
//
// With PLAYGROUND_NN set to a JavaScript build of TensorFlow Playground's engine (its `src/nn.ts` compiled to an ES
// module, e.g. `npx tsc --target es2022 --module es2022 src/nn.ts`; not part of this repository), the same page
// then trains Playground's default and largest networks with that engine, the way Playground's own `oneStep`
// does (one example at a time: forwardProp, backProp, updateWeights every 10), and prints the ratios.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

test('bench: WebAssembly throughput and frame cost in headless Chromium', { timeout: 240000 }, async () => {
  const browser = await launch();
  // Playground's engine goes in as an inline module, which the lab's CSP (rightly) forbids: bypassed here only.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(new URL('www/bench.html', BASE_URL).href);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 180000 });
  const results = await page.evaluate(() => window.benchResults);
  const engine = process.env.PLAYGROUND_NN;
  if (engine) {
    const source = readFileSync(engine, 'utf8');
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
    results.playground = 'not measured: set PLAYGROUND_NN to a JavaScript build of Playground\'s src/nn.ts';
  }
  console.log(JSON.stringify(results, null, 2));
  assert.deepEqual(errors, []);
  assert.ok(results.trainSamplesPerSecond.default > 0);
  await browser.close();
});
