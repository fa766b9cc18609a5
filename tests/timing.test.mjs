// The checks that measure time — a first visit's bytes and first plot, compare mode's display rate, the frame
// budget at top speed for every rule. \`cargo xtask test\` runs this file alone, after the other suites (which run
// two at a time), so that nothing else on the machine's two cores is timed with it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { BASE_URL, launch, open } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FOUR = 'task=xor&compare=backprop,fa,shallow,node-perturbation';

test('compare mode with four rules keeps the display rate with every plot live', { timeout: 60000 }, async () => {
  const { page, problems } = await open(browser, `#${FOUR}`);
  const fps = await page.evaluate(async () => {
    const app = window.plasticity;
    document.querySelector('input[name=speed]').value = 0; // one mini-batch a frame
    document.querySelector('input[name=speed]').dispatchEvent(new Event('input'));
    app.play();
    await new Promise((r) => setTimeout(r, 1000));
    const times = [];
    const count = (t) => { times.push(t); if (app.playing) requestAnimationFrame(count); };
    requestAnimationFrame(count);
    await new Promise((r) => setTimeout(r, 3000));
    app.pause();
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    return { mean: (gaps.length * 1000) / (times.at(-1) - times[0]), median: 1000 / gaps[gaps.length >> 1] };
  });
  console.log(`# compare mode, four runs, every plot: ${fps.mean.toFixed(1)} frames per second (median frame ${fps.median.toFixed(1)} fps)`);
  // The typical frame (the median: a loaded CI machine's odd stall does not count) at 50 fps or better.
  assert.ok(fps.median >= 50, `${fps.median.toFixed(1)} fps`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a first visit downloads at most 250 KB gzipped and draws its first plot within a second', async () => {
  // A fresh context: nothing cached.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const sizes = new Map();
  page.on('response', async (r) => {
    try { sizes.set(r.url(), gzipSync(await r.body(), { level: 9 }).length); } catch { /* a redirect has no body */ }
  });
  await page.goto(new URL('index.html', BASE_URL).href, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('plasticity-first-plot').length > 0);
  const firstPlot = await page.evaluate(() => performance.getEntriesByName('plasticity-first-plot')[0].startTime);
  await page.waitForTimeout(300);
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const files = [...sizes.keys()].map((u) => u.replace(BASE_URL, ''));
  console.log(`first visit: ${files.length} files, ${(total / 1000).toFixed(0)} KB gzipped; first plot at ${firstPlot.toFixed(0)} ms`);
  // The goal (issue 13): 250 KB. Today 249,650 bytes here (Node's gzip of the responses as served; `cargo xtask
  // build` counts 249 KB, the wasm 228): placed points cost 3.5 KB of wasm, paid back by the bench's list of
  // networks and the settings' help texts leaving the first build and the Embed panel leaving the page.
  assert.ok(total <= 250_000, `${total} bytes: ${files.join(', ')}`);
  assert.ok(firstPlot <= 1000, `first plot after ${firstPlot} ms`);
  assert.ok(!files.some((f) => f.endsWith('.csv.gz')), `the default run fetched a data set: ${files}`);
  assert.ok(!files.some((f) => f.startsWith('results/')), `the first visit fetched a lesson's figure: ${files}`);
  assert.ok(!files.some((f) => /(lessons|lesson-parts|claims|lesson-file|compare|export|answers|points)\.js$/.test(f)), `the first visit fetched a script it does not show: ${files}`);
  await context.close();
});

/** The rules on the page's heaviest tasks, each run at top speed (10,000 mini-batches asked for a frame): the frame
 *  budget must hold. The goal is no frame over 50 ms; that figure is printed here (and the frame costs by
 *  `cargo xtask bench`), but asserted only with room for a loaded 2-core CI machine: 150 ms. A frame that ignored its
 *  budget would train all 10,000 mini-batches, which takes seconds for every rule on the digits. */
test('at top speed the frame budget holds (goal 50 ms, fails above 150 ms), for every rule', { timeout: 240000 }, async () => {
  const { page, problems } = await open(browser, '#task=digits');
  const rules = await page.evaluate(() => window.plasticity.options.rules.map((r) => r.name));
  const runs = rules.map((rule) => ({ task: ['hebb', 'oja', 'sanger'].includes(rule) ? 'cloud' : 'digits', rule }));
  runs.push({ task: 'autoencoder', rule: 'dtp' }, { task: 'xor', rule: 'ep' }, { task: 'xor', rule: 'chl' });
  const slow = []; const over = [];
  for (const { task, rule } of runs) {
    const longest = await page.evaluate(async ([task, rule]) => {
      location.hash = `task=${task}&rule=${rule}`;
      await new Promise((r) => setTimeout(r, 100));
      const app = window.plasticity;
      const entries = [];
      const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
      observer.observe({ type: 'longtask' });
      document.querySelector('input[name=speed]').value = 4;
      document.querySelector('input[name=speed]').dispatchEvent(new Event('input'));
      const t0 = performance.now();
      app.play();
      // A third of a second to settle (the run's first frames allocate its charts), then 0.7 s measured, some forty
      // frames at top speed: 27 runs at 2.5 s each took a minute of CI's 8-minute budget.
      await new Promise((r) => setTimeout(r, 1000));
      app.pause();
      observer.disconnect();
      return Math.max(0, ...entries.filter((e) => e.startTime > t0 + 300).map((e) => e.duration));
    }, [task, rule]);
    if (longest > 50) over.push(`${task}/${rule}: ${Math.round(longest)} ms`);
    if (longest > 150) slow.push(`${task}/${rule}: ${Math.round(longest)} ms`);
  }
  console.log(`# longest frame after the first third of a second: ${over.length ? `over 50 ms: ${over.join(', ')}` : 'all under 50 ms'}`);
  assert.deepEqual(slow, []);
  assert.deepEqual(problems, []);
  await page.close();
});
