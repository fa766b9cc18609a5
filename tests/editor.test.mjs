// The rule editor: a student writes a rule in the page (the build with the rule language loads when first asked
// for), runs it, compares it with backprop, and its link reproduces it bit for bit; a broken rule is refused at its
// line and column.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Steps the running lab `n` mini-batches and returns its fingerprint. */
const trained = (page, n) => page.evaluate((k) => { window.plasticity.lab.step(k); return window.plasticity.lab.fingerprint(); }, n);

test('a rule written in the page runs, beside backprop too, and its link gives the same run; a broken one is refused at its place', async () => {
  const { page, problems } = await open(browser, '#task=xor&hidden=8,6&rule=fa');
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  assert.equal(await page.locator('#editor').count(), 0, 'no editor before a rule is written');
  await page.selectOption('select[name=rule]', 'custom');
  await page.waitForSelector('#rule-text');
  assert.ok(requests.some((p) => p.endsWith('/pkg/full/plasticity_web_bg.wasm')), 'the build with the language is fetched now');
  assert.match(await page.inputValue('#rule-text'), /W\[l\+1\]' \* delta\[l\+1\]/, 'it starts from backprop');
  // Feedback alignment, from the menu of the lab's rules, run: bit for bit the built-in's run.
  await page.selectOption('#rule-start', 'fa');
  await page.click('#rule-use');
  await page.click('#rule-run');
  await page.waitForFunction(() => /rule=custom&/.test(location.hash) && /expr=feedback%20B/.test(location.hash));
  const written = await trained(page, 50);
  const link = page.url();
  const builtIn = await open(browser, '#task=xor&hidden=8,6&rule=fa');
  assert.equal(await trained(builtIn.page, 50), written, 'the written rule trains as the built-in');
  await builtIn.page.close();
  // Its link, opened afresh, gives the same run and the same text.
  const again = await open(browser, new URL(link).hash);
  await again.page.waitForSelector('#rule-text');
  assert.match(await again.page.inputValue('#rule-text'), /^feedback B\[l\] = random\n/);
  assert.equal(await trained(again.page, 50), written, 'the link reproduces the run');
  await again.page.close();
  // A broken rule: its error at line 2, column 28, the caret put there, and the run not changed.
  await page.fill('#rule-text', 'delta[l] = 0\ndW[l] = outer(delta[l], h[l)');
  await page.waitForFunction(() => /Line 2, column 28/.test(document.getElementById('rule-error')?.textContent));
  assert.equal(await page.getAttribute('#rule-text', 'aria-invalid'), 'true');
  await page.click('#rule-run');
  assert.equal(page.url(), link, 'a broken rule does not run');
  assert.equal(await page.evaluate(() => document.getElementById('rule-text').selectionStart), 'delta[l] = 0\n'.length + 27);
  // Beside backprop: two runs from one start, the written one named.
  await page.selectOption('#rule-start', 'fa');
  await page.click('#rule-use');
  await page.click('#rule-compare');
  await page.waitForFunction(() => window.plasticity.comparing && document.querySelectorAll('#compare .run').length === 2);
  assert.match(await page.locator('#compare').textContent(), /Your rule/);
  assert.ok(await page.locator('#rule-text').isVisible(), 'the editor stays while the written rule is compared');
  await page.click('#step');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a written rule that diverges gets the banner, and Reset starts it again with its text kept', async () => {
  const { page, problems } = await open(browser, '#task=xor&hidden=8&rule=custom');
  await page.waitForSelector('#rule-text');
  // Every weight grows by a factor 1 + 1000η a step: it overflows within a few hundred steps.
  await page.fill('#rule-text', 'delta[l] = 0\ndW[l] = -1000 * W[l]');
  await page.click('#rule-run');
  await page.waitForFunction(() => /expr=delta%5Bl%5D%20%3D%200%0AdW%5Bl%5D%20%3D%20-1000/.test(location.hash));
  await page.click('#play');
  await page.locator('#banner').waitFor({ state: 'visible' });
  assert.match(await page.locator('#banner-text').textContent(), /diverged at step \d+/);
  await page.click('#banner-reset');
  assert.equal(await page.locator('#banner').isVisible(), false);
  assert.equal(await page.inputValue('#rule-text'), 'delta[l] = 0\ndW[l] = -1000 * W[l]');
  assert.deepEqual(problems, []);
  await page.close();
});
