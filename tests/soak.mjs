// The soak (`cargo xtask soak`): 10⁷ mini-batches on Playground's largest network (7 features, six hidden layers of 8)
// with every plot drawn, many batches a frame, in headless Chromium. Prints the WebAssembly memory and the JS heap
// after warm-up and at the end: both must stay flat (the lab allocates its buffers once and its histories are
// bounded). Exits non-zero if either grew by more than 1 MB after warm-up.

import { launch, open } from './browser.mjs';

const STEPS = Number(process.env.SOAK_STEPS ?? 1e7);
// With gc() exposed, each sample is taken after a full collection: the live heap, not garbage not yet collected.
const browser = await launch(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
const hash = '#task=circle&rule=backprop&hidden=8,8,8,8,8,8&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2';
const { page, problems } = await open(browser, hash);
const result = await page.evaluate(async (steps) => {
  const wasm = await (await import('./www/pkg/plasticity_web.js')).default();
  const app = window.plasticity;
  const sample = () => {
    window.gc?.();
    return { wasm: wasm.memory.buffer.byteLength, heap: performance.memory?.usedJSHeapSize ?? NaN };
  };
  const t0 = performance.now();
  let done = 0;
  let warm = null;
  const rows = [];
  while (done < steps) {
    app.lab.step(20000);
    done += 20000;
    app.lab.measure();
    app.render();
    await new Promise((r) => requestAnimationFrame(r));
    if (done === 1e6) warm = sample();
    if (done % 2e6 === 0) rows.push({ steps: done, ...sample() });
  }
  return { warm, end: sample(), rows, seconds: (performance.now() - t0) / 1000, diverged: app.lab.diverged() ?? null };
}, STEPS);
const mb = (x) => (x / 1048576).toFixed(2);
for (const r of result.rows) console.log(`${r.steps.toLocaleString('en')} steps: wasm ${mb(r.wasm)} MB, JS heap ${mb(r.heap)} MB`);
console.log(`after warm-up (10⁶): wasm ${mb(result.warm.wasm)} MB, JS heap ${mb(result.warm.heap)} MB`);
console.log(`at ${STEPS.toLocaleString('en')}: wasm ${mb(result.end.wasm)} MB, JS heap ${mb(result.end.heap)} MB, ${result.seconds.toFixed(0)} s${result.diverged ? `; ${result.diverged}` : ''}`);
await browser.close();
const grew = result.end.wasm - result.warm.wasm > 1048576 || result.end.heap - result.warm.heap > 1048576;
if (grew || problems.length) { console.error('memory grew after warm-up, or the page reported problems:', problems); process.exit(1); }
