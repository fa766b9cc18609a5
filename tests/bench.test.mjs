// The browser benchmark (run by `cargo xtask bench`, skipped by `cargo xtask test`): prints the figures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE_URL } from './browser.mjs';

test('bench: WebAssembly throughput and frame cost in headless Chromium', { timeout: 120000 }, async () => {
  const browser = await launch();
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(new URL('www/bench.html', BASE_URL).href);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 110000 });
  const results = await page.evaluate(() => window.benchResults);
  console.log(JSON.stringify(results, null, 2));
  assert.deepEqual(errors, []);
  assert.ok(results.trainSamplesPerSecond.default > 0);
  await browser.close();
});
