// End-to-end tests of how the lab looks and answers: sharp charts that fill their space on every screen, keys that
// do what they say, controls a phone can use, text alternatives, and a page that never freezes at top speed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, text } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PLOTS = ['loss', 'alignment', 'errors', 'activity', 'task', 'network'];
const step = async (page) => Number((await text(page, 'stat-step')).replaceAll(',', ''));

test('charts are drawn at the screen\'s resolution and grow with the window', async () => {
  const sizes = {};
  for (const [width, height, dpr] of [[1920, 1080, 2], [1366, 768, 1]]) {
    const { page, problems } = await open(browser, '#task=xor', { width, height, dpr });
    const boxes = await page.evaluate((names) => names.map((n) => {
      const c = document.getElementById(`plot-${n}`);
      return { name: n, css: c.clientWidth, store: c.width, cssH: c.clientHeight, storeH: c.height };
    }), PLOTS);
    for (const b of boxes) {
      // The backing store is the CSS box × devicePixelRatio (the bound at 2×: at least 1.9× the CSS width).
      assert.ok(b.store >= 0.95 * dpr * b.css && b.storeH >= 0.95 * dpr * b.cssH, `${width}: ${JSON.stringify(b)}`);
    }
    sizes[width] = boxes[1].css;
    assert.deepEqual(problems, []);
    await page.close();
  }
  assert.ok(sizes[1920] > sizes[1366] * 1.2, `alignment plot ${sizes[1920]} px wide at 1920, ${sizes[1366]} at 1366`);
});

test('at 1280×720 the alignment, error, activity and task plots are all on screen together', async () => {
  const { page, problems } = await open(browser, '#task=xor', { width: 1280, height: 720 });
  const off = await page.evaluate(() => ['alignment', 'errors', 'activity', 'task'].filter((n) => {
    const r = document.getElementById(`plot-${n}`).getBoundingClientRect();
    return r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth || r.width < 250;
  }));
  assert.deepEqual(off, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Space and Enter on a focused Step button advance exactly one step each', async () => {
  const { page, problems } = await open(browser, '#task=circle');
  await page.focus('#step');
  await page.keyboard.press(' ');
  assert.equal(await step(page), 1);
  await page.keyboard.press('Enter');
  assert.equal(await step(page), 2);
  assert.equal(await page.locator('#play').textContent(), 'Play', 'Space on Step does not play');
  assert.deepEqual(problems, []);
  await page.close();
});

test('focus stays on a + or − button after it is pressed, and the run changes as it says', async () => {
  const { page, problems } = await open(browser, '#task=xor&hidden=3');
  await page.focus('button[title="more units in layer 1"]');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /hidden=4&/);
  assert.equal(await page.evaluate(() => document.activeElement.title), 'more units in layer 1');
  await page.keyboard.press('Enter');
  assert.match(page.url(), /hidden=5&/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('arrowing through a closed menu does not restart the run at every option', async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=backprop');
  await page.click('#step');
  await page.focus('select[name=rule]');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  assert.match(page.url(), /rule=backprop&/, 'nothing restarts while the keys move');
  assert.equal(await step(page), 1);
  await page.waitForFunction(() => !location.hash.includes('rule=backprop&'), null, { timeout: 3000 });
  const chosen = await page.evaluate(() => document.querySelector('select[name=rule]').value);
  assert.match(page.url(), new RegExp(`rule=${chosen}&`));
  assert.equal(await step(page), 0, 'the chosen rule starts a new run once');
  assert.deepEqual(problems, []);
  await page.close();
});

test('sliders say their values in real units, and every canvas has a name and a description', async () => {
  const { page, problems } = await open(browser, '#task=xor&lr=0.04');
  assert.equal(await page.getAttribute('input[name=lr]', 'aria-valuetext'), '0.04');
  assert.equal(await page.getAttribute('input[name=speed]', 'aria-valuetext'), '10 steps per frame');
  const named = await page.evaluate((names) => names.map((n) => {
    const c = document.getElementById(`plot-${n}`);
    const by = (attr) => document.getElementById(c.getAttribute(attr))?.textContent.trim() ?? '';
    return { n, role: c.getAttribute('role'), name: by('aria-labelledby'), description: by('aria-describedby') };
  }), PLOTS);
  for (const c of named) {
    assert.equal(c.role, 'img', c.n);
    assert.ok(c.name.length > 3 && c.description.length > 20, JSON.stringify(c));
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('panel titles and captions follow the rule: no test loss for Oja, no feedback matrix for backprop', async () => {
  const { page, problems } = await open(browser, '#task=cloud&rule=oja');
  assert.equal(await text(page, 'cap-loss'), 'What the rule learns');
  assert.doesNotMatch(await text(page, 'about-loss'), /test/);
  assert.match(await text(page, 'about-errors'), /no error signal/);
  await page.evaluate(() => { location.hash = 'task=xor&rule=backprop'; });
  await page.waitForFunction(() => document.getElementById('cap-loss')?.textContent === 'Loss and accuracy');
  assert.match(await text(page, 'about-network'), /no separate feedback weights/);
  assert.doesNotMatch(await text(page, 'about-alignment'), /Thick/);
  await page.evaluate(() => { location.hash = 'task=xor&rule=fa'; });
  await page.waitForFunction(() => /feedback weights B/.test(document.getElementById('about-network')?.textContent));
  assert.match(await text(page, 'about-alignment'), /Thick: each feedback matrix B/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a phone nothing scrolls sideways and every control is at least 44 px', async () => {
  const { page, problems } = await open(browser, '#task=xor', { width: 390, height: 844, dpr: 3, phone: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `${overflow} px of sideways scroll`);
  const small = await page.evaluate(() => [...document.querySelectorAll('button, select, input')]
    .filter((e) => e.offsetParent !== null)
    .map((e) => ({ what: e.name || e.title || e.id || e.textContent, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 44 || r.height < 44)
    .map(({ what, r }) => `${what}: ${Math.round(r.width)}×${Math.round(r.height)}`));
  assert.deepEqual(small, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the phenomena: each new task draws its own view, and spikes, surrogates and delays are settings', async () => {
  const { page, problems } = await open(browser, '#task=prism');
  const views = [
    ['ltp', /LTP.*test response Σw, strong/], ['prism', /Prism adaptation.*each throw/],
    ['random-walk', /Random walk.*value V\(s\), learned/], ['gain-field', /Gain fields.*eye \+0\.8/],
  ];
  for (const [task, words] of views) {
    await page.evaluate((t) => { location.hash = `task=${t}`; }, task);
    await page.waitForFunction((t) => new URLSearchParams(location.hash.slice(1)).get('task') === t, task);
    await page.click('#step');
    await page.click('#step');
    await page.waitForFunction((re) => new RegExp(re).test(document.getElementById('sum-task')?.textContent), words.source);
    assert.equal(await text(page, 'cap-task'), 'The task, as its paper plots it');
  }
  await page.evaluate(() => { location.hash = 'task=xor'; });
  await page.waitForFunction(() => /task=xor/.test(location.hash));
  assert.equal(await page.locator('select[name=surrogate]').isDisabled(), true, 'a surrogate is for spiking units');
  await page.selectOption('select[name=act]', 'spike');
  await page.waitForFunction(() => /act=spike/.test(location.hash));
  await page.selectOption('select[name=surrogate]', 'fast-sigmoid');
  await page.waitForFunction(() => /surrogate=fast-sigmoid/.test(location.hash));
  await page.fill('input[name=delay]', '5');
  await page.press('input[name=delay]', 'Enter');
  await page.waitForFunction(() => /delay=5/.test(location.hash));
  await page.click('#step');
  assert.equal(await step(page), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a rule that is exactly another on this network says so, and only there', async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=dfa&hidden=8');
  assert.match(await page.locator('#rule-note').textContent(), /With one hidden layer, direct feedback alignment is feedback alignment/);
  await page.evaluate(() => { location.hash = 'task=xor&rule=dtp&hidden=8'; });
  await page.waitForFunction(() => /difference target propagation is backprop/.test(document.getElementById('rule-note').textContent));
  await page.evaluate(() => { location.hash = 'task=xor&rule=dtp&hidden=8,8'; });
  await page.waitForFunction(() => document.getElementById('rule-note').hidden);
  await page.evaluate(() => { location.hash = 'task=xor&rule=backprop&hidden=8'; });
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('rule') === 'backprop');
  assert.ok(await page.locator('#rule-note').isHidden());
  assert.deepEqual(problems, []);
  await page.close();
});
