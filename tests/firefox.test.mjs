// A second browser engine: Debian's Firefox ESR, driven through WebDriver BiDi by puppeteer-core. The lab loads
// with no console error and no request off its origin, trains, and every golden run computed in Firefox's
// WebAssembly ends with the same weights, bit for bit, as natively (crates/plasticity/tests/golden/mod.rs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { BASE_URL } from './browser.mjs';
import { KEYS_HASH, keysAfterAClick } from './keys.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const golden = [...readFileSync(new URL('../crates/plasticity/tests/golden/mod.rs', import.meta.url), 'utf8')
  .matchAll(/\("([^"]+)", (\d+), (0x[0-9a-f]+)\)/g)].map(([, query, steps, print]) => ({ query, steps: Number(steps), print }));

let browser;
before(async () => {
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
});
after(async () => { await browser?.close(); });

async function openLab(hash) {
  const page = await browser.newPage();
  const problems = [];
  const origin = new URL(BASE_URL).origin;
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`off the origin: ${r.url()}`); });
  await page.goto(new URL(hash, BASE_URL).href);
  await page.waitForFunction(() => window.plasticity?.lab != null);
  return { page, problems };
}

test('Firefox: the lab loads, trains with Play, and draws every plot', { timeout: 120000 }, async () => {
  const { page, problems } = await openLab('#task=xor&rule=fa');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => Number(document.getElementById('stat-step').textContent.replaceAll(',', '')) > 50);
  await page.keyboard.press(' ');
  const inked = await page.evaluate(() => [...document.querySelectorAll('#single canvas')].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n += 1;
    return n;
  }));
  assert.equal(inked.length, 6);
  assert.ok(inked.every((n) => n > 100), `ink per canvas: ${inked}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Firefox: every golden run gives the native fingerprint, bit for bit', { timeout: 300000 }, async () => {
  assert.ok(golden.length >= 10, 'the golden runs were read');
  const { page, problems } = await openLab('#task=xor');
  const got = await page.evaluate(async (runs) => {
    const { Lab } = await import('./www/pkg/plasticity_web.js');
    // The page's wasm leaves the digits out: fetch them as the page does before a digit task runs.
    await window.plasticity.fetchData(runs.map((r) => r.query));
    return runs.map(({ query, steps }) => {
      const lab = new Lab(query);
      lab.step(steps);
      const print = lab.fingerprint();
      lab.free();
      return print;
    });
  }, golden);
  assert.deepEqual(got, golden.map((g) => g.print));
  assert.deepEqual(problems, []);
  await page.close();
});

test('Firefox: a clicker works whatever was clicked; Space presses a button reached by Tab', { timeout: 120000 }, async () => {
  const { page, problems } = await openLab(KEYS_HASH);
  await keysAfterAClick(page);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Firefox: a written rule\'s link loads the rule language and trains bit for bit as the built-in it writes', { timeout: 120000 }, async () => {
  const fa = "feedback B[l] = random\ndelta[l] = (B[l] * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])";
  const prints = [];
  for (const hash of [`#task=xor&hidden=8,6&rule=custom&expr=${encodeURIComponent(fa)}`, '#task=xor&hidden=8,6&rule=fa']) {
    const { page, problems } = await openLab(hash);
    if (hash.includes('custom')) await page.waitForSelector('#rule-text');
    prints.push(await page.evaluate(() => { window.plasticity.lab.step(50); return window.plasticity.lab.fingerprint(); }));
    assert.deepEqual(problems, []);
    await page.close();
  }
  assert.equal(prints[0], prints[1]);
});
