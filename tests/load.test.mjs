// What a first visit costs: the bytes the page downloads (gzipped, as a server sends them), the time to its first
// plot with a cold cache, and the digits, the lesson panel and the side-by-side view fetched only when opened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { launch, open, BASE_URL } from './browser.mjs';

const browser = await launch();
test.after(() => browser.close());

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
  // The goal (issue 13): 250 KB. Today 247 as `cargo xtask build` counts it (the wasm 225), 249 here (Node's
  // gzip of the responses as served).
  assert.ok(total <= 250_000, `${total} bytes: ${files.join(', ')}`);
  assert.ok(firstPlot <= 1000, `first plot after ${firstPlot} ms`);
  assert.ok(!files.some((f) => f.endsWith('.csv.gz')), `the default run fetched a data set: ${files}`);
  assert.ok(!files.some((f) => f.startsWith('results/')), `the first visit fetched a lesson's figure: ${files}`);
  assert.ok(!files.some((f) => /(lessons|lesson-parts|claims|lesson-file|compare|export|answers)\.js$/.test(f)), `the first visit fetched a script it does not show: ${files}`);
  await context.close();
});

test('the lesson panel and the side-by-side view are fetched when first opened, once, and work', async () => {
  const { page, problems } = await open(browser, 'index.html');
  const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)
    .filter((n) => /\/(lessons|claims|lesson-file|compare)\.js$/.test(n)).map((n) => n.split('/').pop()));
  await page.waitForFunction(() => document.querySelectorAll('#lesson-menu option').length > 1);
  assert.deepEqual(await scripts(), [], 'the menu lists the lessons without the panel script');
  await page.click('#compare-toggle');
  await page.waitForFunction(() => window.plasticity.comparing && !document.querySelector('#compare').hidden);
  await page.click('#compare-toggle');
  await page.waitForFunction(() => !window.plasticity.comparing);
  await page.click('#compare-toggle');
  await page.waitForFunction(() => window.plasticity.comparing && document.querySelectorAll('#compare canvas').length > 0);
  await page.selectOption('#lesson-menu', 'feedback-alignment');
  await page.waitForFunction(() => window.plasticity.lessons?.lesson?.slug === 'feedback-alignment');
  assert.equal(await page.locator('#lesson').isVisible(), true);
  await page.click('#lesson-next');
  await page.waitForFunction(() => window.plasticity.lessons.stepIndex === 1);
  await page.selectOption('#lesson-menu', 'ngrad');
  await page.waitForFunction(() => window.plasticity.lessons.lesson?.slug === 'ngrad');
  assert.deepEqual((await scripts()).sort(), ['claims.js', 'compare.js', 'lesson-file.js', 'lessons.js'], 'each fetched once');
  assert.deepEqual(problems, []);
});

test('a digit task fetches the digits once, and runs them', async () => {
  const { page, problems } = await open(browser, 'index.html#task=digits&rule=fa');
  const fetched = [];
  page.on('request', (r) => { if (r.url().endsWith('.csv.gz')) fetched.push(r.url()); });
  await page.waitForFunction(() => new URLSearchParams(window.plasticity.lab.query()).get('task') === 'digits');
  assert.equal(await page.locator('#notice').isHidden(), true, 'no message: the task was not replaced');
  // Over to the autoencoder, which reads the same digits: no second fetch.
  await page.evaluate(() => { location.hash = 'task=autoencoder&rule=dtp'; });
  await page.waitForFunction(() => new URLSearchParams(window.plasticity.lab.query()).get('task') === 'autoencoder');
  await page.click('#step');
  await page.waitForFunction(() => document.querySelector('#stat-step')?.textContent === '1');
  assert.deepEqual(fetched, []);
  const loads = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.csv.gz')).length);
  assert.equal(loads, 1, 'the digits were fetched once, for the first digit task');
  assert.deepEqual(problems, []);
});

test('a task and then a rule chosen while the digits are still on their way are both kept', async () => {
  const { page, problems } = await open(browser, 'index.html#task=xor&rule=fa');
  // The digits take half a second to arrive: the rule is chosen before the digit run can start.
  await page.route('**/*.csv.gz', async (route) => { await new Promise((r) => setTimeout(r, 500)); await route.continue(); });
  await page.selectOption('select[name=task]', 'digits');
  await page.selectOption('select[name=rule]', 'backprop');
  // Without the fix, the rule's run (on the old task) won and the digits never opened.
  await page.waitForFunction(() => new URLSearchParams(window.plasticity.lab.query()).get('task') === 'digits', undefined, { timeout: 5000 });
  await page.waitForTimeout(200);
  const query = new URLSearchParams(await page.evaluate(() => window.plasticity.lab.query()));
  assert.deepEqual([query.get('task'), query.get('rule')], ['digits', 'backprop']);
  assert.equal(await page.locator('select[name=rule]').inputValue(), 'backprop');
  assert.deepEqual(problems, []);
});
