// End-to-end tests of the lab page in Debian's Chromium: what only a browser can show.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { launch, open, text } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The stats are written as the plots write numbers: counts with thousands separators.
const num = async (page, id) => Number((await text(page, id)).replaceAll(',', ''));
const pixels = (page, id) => page.evaluate((id) => document.getElementById(id).toDataURL(), id);

test('the page loads and draws with no console error and no request off its origin', async () => {
  const { page, problems } = await open(browser);
  assert.equal(await num(page, 'stat-step'), 0);
  for (const id of ['plot-loss', 'plot-alignment', 'plot-errors', 'plot-activity', 'plot-task', 'plot-network']) {
    const inked = await page.evaluate((id) => {
      const c = document.getElementById(id);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) n++;
      return n;
    }, id);
    assert.ok(inked > 500, `${id} drew ${inked} pixels`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

// The runs whose weights the native tests pin (crates/plasticity/tests/golden/mod.rs), as Firefox's test reads them.
const golden = [...readFileSync(new URL('../crates/plasticity/tests/golden/mod.rs', import.meta.url), 'utf8')
  .matchAll(/\("([^"]+)", (\d+), (0x[0-9a-f]+)\)/g)].map(([, query, steps, print]) => ({ query, steps: Number(steps), print }));

test('every golden run gives the native fingerprint in Chromium\'s WebAssembly, bit for bit', { timeout: 300000 }, async () => {
  assert.ok(golden.length >= 10, 'the golden runs were read');
  const { page, problems } = await open(browser, '#task=xor');
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

test('every panel draws on every kind of task: a chart, or the words that say why its quantity does not exist', async () => {
  const { page, problems } = await open(browser, '#task=xor');
  for (const task of ['xor', 'linear', 'digits', 'autoencoder', 'cloud', 'prism', 'conditioning']) {
    await page.evaluate((t) => { location.hash = `task=${t}`; }, task);
    await page.waitForFunction((t) => new URLSearchParams(window.plasticity.lab.query()).get('task') === t, task);
    const inked = await page.evaluate(() => {
      const app = window.plasticity;
      app.lab.step(20);
      app.lab.measure();
      app.render();
      return [...document.querySelectorAll('#single canvas')].map((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) n++;
        return n;
      });
    });
    assert.equal(inked.length, 6, task);
    assert.ok(inked.every((n) => n > 300), `${task}: ink per panel ${inked}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('play lowers the XOR loss by at least half; the alignment and error plots change', async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=fa&seed=1');
  const start = Number(await text(page, 'stat-train'));
  const before = { a: await pixels(page, 'plot-alignment'), e: await pixels(page, 'plot-errors') };
  await page.locator('input[name=speed]').fill('2'); // 100 steps a frame
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('stat-step').textContent.replaceAll(',', '')) >= 3000, null, { timeout: 30000 });
  await page.click('#play');
  const end = Number(await text(page, 'stat-train'));
  assert.ok(end <= start / 2, `train loss ${start} → ${end}`);
  assert.notEqual(await pixels(page, 'plot-alignment'), before.a);
  assert.notEqual(await pixels(page, 'plot-errors'), before.e);
  mkdirSync('artifacts', { recursive: true });
  await page.screenshot({ path: 'artifacts/lab.png', fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('Step advances exactly one mini-batch; → does the same', async () => {
  const { page, problems } = await open(browser, '#task=circle&batch=7');
  await page.click('#step');
  assert.equal(await num(page, 'stat-step'), 1);
  assert.equal(await num(page, 'stat-samples'), 7);
  // The page's keys work when no control has focus (the clicked button has it now).
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('ArrowRight');
  assert.equal(await num(page, 'stat-step'), 2);
  assert.equal(await num(page, 'stat-samples'), 14);
  assert.deepEqual(problems, []);
  await page.close();
});

test('space plays and pauses; r resets', async () => {
  const { page, problems } = await open(browser, '#task=gauss');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => Number(document.getElementById('stat-step').textContent.replaceAll(',', '')) > 0);
  await page.keyboard.press(' ');
  const paused = await num(page, 'stat-step');
  await page.waitForTimeout(300);
  assert.equal(await num(page, 'stat-step'), paused, 'paused runs do not advance');
  await page.keyboard.press('r');
  assert.equal(await num(page, 'stat-step'), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a copied URL reproduces the same numbers', async () => {
  const run = async (url) => {
    const { page, problems } = await open(browser, url);
    for (let i = 0; i < 25; i++) await page.click('#step');
    const numbers = [await text(page, 'stat-train'), await text(page, 'stat-test'), await text(page, 'stat-extra')];
    const href = page.url();
    assert.deepEqual(problems, []);
    await page.close();
    return { numbers, href };
  };
  const first = await run('#task=spiral&rule=fa&seed=9&lr=0.1&batch=5');
  const again = await run(first.href.slice(first.href.indexOf('#')));
  assert.deepEqual(again.numbers, first.numbers);
  assert.equal(again.href, first.href);
});

test('changing the learning rate mid-run keeps the run and updates the URL', async () => {
  const { page, problems } = await open(browser, '#task=xor');
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.locator('input[name=lr]').fill('-2');
  assert.equal(await num(page, 'stat-step'), 3, 'no reset');
  assert.match(page.url(), /lr=0\.01&/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a malformed hash shows a message, not a crash, and the page still trains', async () => {
  const { page, problems } = await open(browser, '#task=spiral&lr=1e9&hidden=4,x&batch=-3&rule=magic&%%%');
  assert.equal(await page.locator('#notice').isVisible(), true);
  const notice = await text(page, 'notice-text');
  assert.match(notice, /lr/);
  assert.match(notice, /rule/);
  assert.match(page.url(), /task=spiral&rule=fa&hidden=8,8&/);
  await page.click('#step');
  assert.equal(await num(page, 'stat-step'), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a diverging run shows a banner with Reset, which starts again', async () => {
  const { page, problems } = await open(browser, '#task=linear&lr=10');
  await page.click('#play');
  await page.locator('#banner').waitFor({ state: 'visible' });
  assert.match(await text(page, 'banner-text'), /diverged at step \d+/);
  await page.click('#banner-reset');
  assert.equal(await page.locator('#banner').isVisible(), false);
  assert.equal(await num(page, 'stat-step'), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('every rule and task steps on the page without a console error', async () => {
  const { page, problems } = await open(browser);
  const { options } = await page.evaluate(() => ({ options: window.plasticity.options }));
  const unsupervised = options.rules.filter((r) => r.learnsFrom === 'inputs').map((r) => r.name);
  const withoutTargets = options.tasks.filter((t) => !t.targets).map((t) => t.name);
  assert.ok(unsupervised.includes('hebb') && withoutTargets.includes('cloud'));
  // Each pair is chosen through the menus and stepped with the Step button, as a user would, but inside the page:
  // four hundred pairs driven one browser round trip per action took 40 s of CI's 8-minute budget.
  const results = await page.evaluate(async () => {
    const until = async (ok, what) => {
      for (let t0 = performance.now(); !ok();) {
        if (performance.now() - t0 > 10000) throw new Error(`waited 10 s for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const menu = (name) => document.querySelector(`select[name=${name}]`);
    const choose = (name, value) => { menu(name).value = value; menu(name).dispatchEvent(new Event('change')); };
    const hash = (key) => new URLSearchParams(location.hash.slice(1)).get(key);
    const notice = () => !document.getElementById('notice').hidden;
    const step = () => Number(document.getElementById('stat-step').textContent.replaceAll(',', ''));
    const tasks = [...menu('task').options].map((o) => o.value);
    const rules = [...menu('rule').options].map((o) => o.value);
    const out = [];
    // The page writes the hash when a new run has started, so a changed hash (or a refusal's notice, closed
    // before each choice) says the choice has been applied.
    const closeNotice = () => { if (notice()) document.getElementById('notice-close').click(); };
    for (const task of tasks) {
      closeNotice();
      if (hash('task') !== task) {
        choose('task', task);
        await until(() => hash('task') === task, task);
      }
      for (const rule of rules) {
        closeNotice();
        if (hash('rule') !== rule) {
          choose('rule', rule);
          await until(() => hash('rule') === rule || notice(), `${task}/${rule}`);
        }
        const before = step();
        for (let i = 0; i < 3; i++) document.getElementById('step').click();
        await until(() => step() === before + 3, `${task}/${rule} to step 3 times`);
        const refused = notice();
        out.push({ task, rule, refused, notice: refused ? document.getElementById('notice-text').textContent : '', url: location.hash });
      }
    }
    return { tasks, rules, out };
  });
  assert.ok(results.rules.length >= 13 && results.tasks.length >= 8);
  assert.equal(results.out.length, results.rules.length * results.tasks.length);
  for (const { task, rule, refused, notice, url } of results.out) {
    if (refused) {
      // A rule that cannot learn the task is refused with a message, and the task's own rule runs instead.
      assert.match(notice, /cannot learn/, `${task}/${rule}`);
    } else {
      assert.match(url, new RegExp(`task=${task}&rule=${rule}&`));
    }
    // Unsupervised rules learn only the tasks without targets, the others never; no learning runs anywhere.
    if (rule === 'none') assert.equal(refused, false, `${task}/${rule}`);
    if (unsupervised.includes(rule) && !withoutTargets.includes(task)) assert.equal(refused, true, `${task}/${rule}`);
    if (withoutTargets.includes(task) && rule === 'backprop') assert.equal(refused, true, `${task}/${rule}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('hidden layers and units can be added and removed', async () => {
  const { page, problems } = await open(browser, '#task=xor&hidden=3');
  await page.click('button[title="add a hidden layer"]');
  assert.match(page.url(), /hidden=3,3&/);
  await page.click('button[title="more units in layer 2"]');
  assert.match(page.url(), /hidden=3,4&/);
  await page.click('button[title="remove the last hidden layer"]');
  await page.click('button[title="remove the last hidden layer"]');
  assert.match(page.url(), /hidden=&/);
  await page.click('#step');
  assert.equal(await num(page, 'stat-step'), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an engine panic shows a banner with Reset, which reloads the page into a working run', async () => {
  const { page, problems } = await open(browser, '#task=xor');
  // The wasm panic hook dispatches this event with the panic message (crates/plasticity-web/src/panic.rs).
  await page.evaluate(() => window.dispatchEvent(new CustomEvent('plasticity-panic', { detail: 'test panic' })));
  await page.locator('#banner').waitFor({ state: 'visible' });
  assert.match(await text(page, 'banner-text'), /The engine stopped: test panic/);
  await page.click('#play');
  assert.equal(await page.locator('#play').textContent(), 'Play', 'a broken engine does not play');
  await Promise.all([page.waitForEvent('load'), page.click('#banner-reset')]);
  await page.waitForFunction(() => window.plasticity?.lab != null);
  assert.equal(await page.locator('#banner').isVisible(), false);
  await page.click('#step');
  assert.equal(await num(page, 'stat-step'), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the reward-only variant runs REINFORCE, and a rule that needs targets is refused with a message', async () => {
  const { page, problems } = await open(browser, '#task=digits');
  await page.selectOption('select[name=reward]', '1');
  assert.match(page.url(), /rule=node-perturbation&.*out=softmax&.*reward=1/);
  // The rule is named for the algorithm that runs: REINFORCE on a reward, node perturbation on a loss.
  assert.match(await text(page, 'rule-title'), /^REINFORCE/);
  for (let i = 0; i < 5; i++) await page.click('#step');
  assert.equal(await num(page, 'stat-step'), 5);
  await page.selectOption('select[name=rule]', 'backprop');
  assert.equal(await page.locator('#notice').isVisible(), true);
  assert.match(await text(page, 'notice-text'), /reward only/);
  assert.match(page.url(), /reward=0/);
  await page.selectOption('select[name=rule]', 'node-perturbation');
  assert.match(await text(page, 'rule-title'), /^Node perturbation \(loss difference\)/);
  await page.selectOption('select[name=task]', 'linear');
  assert.equal(await page.locator('select[name=reward]').isDisabled(), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the network plot draws direct feedback alignment’s direct paths', async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=fa');
  const fa = await pixels(page, 'plot-network');
  await page.selectOption('select[name=rule]', 'dfa');
  const dfa = await pixels(page, 'plot-network');
  await page.selectOption('select[name=rule]', 'backprop');
  const bp = await pixels(page, 'plot-network');
  // Same forward weights (same seed) in all three: only the right-hand panel differs.
  assert.notEqual(dfa, fa);
  assert.notEqual(dfa, bp);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run stuck with saturated units says so and trains on; a run that learned never does', { timeout: 120000 }, async () => {
  const { page, problems } = await open(browser, '#task=spiral&rule=backprop&lr=10');
  await page.locator('input[name=speed]').fill('2'); // 100 steps a frame
  await page.click('#play');
  await page.waitForFunction(() => /looks stuck/.test(document.querySelector('#notice-text').textContent), null, { timeout: 60000 });
  const text = await text_(page);
  assert.match(text, /has not moved for [\d,]+ mini-batches, its test accuracy is near chance \(\d+(\.\d)? ?%\).*lower learning rate/);
  assert.equal(await page.evaluate(() => window.plasticity.playing), true, 'it trains on');
  // The same network at its preset rate learns the spiral: 3,000 mini-batches and no such note.
  await page.evaluate(() => { location.hash = '#task=spiral&rule=backprop'; });
  await page.waitForFunction(() => !/lr=10/.test(location.hash));
  await page.click('#play');
  await page.waitForFunction(() => window.plasticity.trained >= 3000, null, { timeout: 60000 });
  assert.doesNotMatch(await text_(page), /looks stuck/);
  assert.deepEqual(problems, []);
  await page.close();
});

const text_ = (page) => page.evaluate(() => document.querySelector('#notice').hidden ? '' : document.querySelector('#notice-text').textContent);
