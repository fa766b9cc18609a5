// What the page fetches, and when: the digits, the lesson panel and the side-by-side view only when opened, and
// once. (What a first visit downloads and how soon it draws is measured in timing.test.mjs.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, BASE_URL } from './browser.mjs';

const browser = await launch();
test.after(() => browser.close());

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
