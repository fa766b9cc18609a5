// Points of one's own on a 2-D task: clicks place them, a drag moves one, the keyboard places and removes; the run
// trains on them and its boundary bends there; the link carries them, so a reload starts the same run bit for bit;
// a malformed or oversized list in a link gets a message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The page's placed points, `[[x, y, class], …]`, from its URL. */
const placed = (page) => page.evaluate(() => (new URLSearchParams(location.hash.slice(1)).get('pts') ?? '')
  .split(';').filter(Boolean).map((p) => p.split(',').map(Number)));

/** Waits until the URL's points are `expected` (an arrow key's edit reaches the URL a moment later). */
const settled = (page, expected) => page.waitForFunction((want) => (new URLSearchParams(location.hash.slice(1)).get('pts') ?? '')
  === want.map((p) => p.join(',')).join(';'), expected, { timeout: 3000 }).then(() => placed(page));

/** Where the plane's point `[x, y]` is on the page (for the mouse). */
const where = (page, [x, y]) => page.evaluate(([x, y]) => {
  const r = document.getElementById('plot-task').getBoundingClientRect();
  const [left, top, side] = window.plasticity.points.plane();
  return [r.left + left + (x / 6 + 1) / 2 * side, r.top + top + (1 - y / 6) / 2 * side];
}, [x, y]);

/** The colour the task view shows at the plane's point `[x, y]`: `[r, g, b]`. */
const colourAt = (page, [x, y]) => page.evaluate(([x, y]) => {
  const c = document.getElementById('plot-task');
  const [left, top, side] = window.plasticity.plots.plane;
  const px = Math.round(left + (x / 6 + 1) / 2 * side);
  const py = Math.round(top + (1 - y / 6) / 2 * side);
  return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data.slice(0, 3));
}, [x, y]);

/** Trains `steps` mini-batches and draws the whole boundary. */
const train = (page, steps) => page.evaluate((n) => { const a = window.plasticity; a.lab.step(n); a.lab.measure(); a.render(); }, steps);

const CLUSTER = [[3.5, 3.5], [4, 3.5], [4.5, 3.5], [3.5, 4], [4, 4], [4.5, 4], [3.5, 4.5], [4, 4.5], [4.5, 4.5]];
const BETWEEN = [4.25, 4.25]; // a spot among them that no dot covers

test('orange points placed by clicks turn the boundary there, and a reload of the link trains the same run', { timeout: 60000 }, async () => {
  const hash = '#task=gauss&rule=backprop&seed=3';
  // The control: the same run without the points calls the spot blue.
  const plain = await open(browser, hash, { width: 1366, height: 768 });
  await train(plain.page, 6000);
  const [r0, , b0] = await colourAt(plain.page, BETWEEN);
  assert.ok(b0 > r0 + 60, `without the points the spot is blue: ${[r0, b0]}`);
  assert.equal(await plain.page.locator('#points-bar').isVisible(), true);
  await plain.page.close();

  const { page, problems } = await open(browser, hash, { width: 1366, height: 768 });
  const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\/points\.(js|css)$/.test(e.name)).length);
  assert.equal(await fetched(), 0, 'the editor is fetched only when asked for');
  await page.click('#points-edit');
  await page.waitForSelector('#points-class-0');
  await page.click('#points-class-0');
  const rows = () => page.evaluate(() => window.plasticity.lab.history_csv().trim().split('\n').length);
  const before = await rows();
  for (const p of CLUSTER) await page.mouse.click(...await where(page, p));
  assert.equal(await rows(), before, 'an edit records no measurement: the plots\' history has one row a measured step');
  // Each is drawn where it was clicked: the orange fill of a placed dot under the click, in the blue cloud's region.
  for (const p of [CLUSTER[0], CLUSTER[8]]) assert.deepEqual(await colourAt(page, p), [245, 147, 34], `the dot at ${p}`);
  const got = await placed(page);
  assert.equal(got.length, CLUSTER.length, 'each click placed a point');
  got.forEach(([x, y, c], k) => {
    assert.ok(Math.abs(x - CLUSTER[k][0]) <= 0.05 && Math.abs(y - CLUSTER[k][1]) <= 0.05, `point ${k} at ${[x, y]}, clicked at ${CLUSTER[k]}`);
    assert.equal(c, 0);
  });
  assert.match(await page.locator('#points-status').textContent(), /^9 of at most 200 points placed/);
  assert.equal(await fetched(), 2, 'its script and style, once');
  // 9 points among 259, each drawn once a pass of 26 mini-batches: after 3,000 steps the spot is pale orange,
  // after 6,000 clearly orange.
  await train(page, 6000);
  const [r1, , b1] = await colourAt(page, BETWEEN);
  assert.ok(r1 > b1 + 60, `with the orange points the spot is orange: ${[r1, b1]}`);
  const print = await page.evaluate(() => window.plasticity.lab.fingerprint());
  const url = page.url();

  // The link: a reload starts the run with the same points, and the same 6,000 steps end on the same weights.
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.plasticity?.lab != null);
  assert.equal(page.url(), url);
  assert.deepEqual(await placed(page), got);
  await train(page, 6000);
  assert.equal(await page.evaluate(() => window.plasticity.lab.fingerprint()), print);
  const [r2, , b2] = await colourAt(page, BETWEEN);
  assert.ok(r2 > b2 + 60);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a drag moves a placed point, the keyboard places and removes them, and the run keeps its steps', { timeout: 60000 }, async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=backprop&seed=2', { width: 1366, height: 768 });
  await train(page, 100);
  await page.click('#points-edit');
  await page.waitForSelector('#points-class-1');
  // A click places a blue point (the class chosen at first); a drag moves it. A right click is the browser's.
  await page.mouse.click(...await where(page, [2, 2]));
  assert.deepEqual(await placed(page), [[2, 2, 1]]);
  await page.mouse.click(...await where(page, [-2, -2]), { button: 'right' });
  assert.deepEqual(await placed(page), [[2, 2, 1]]);
  const [ax, ay] = await where(page, [2, 2]);
  const [bx, by] = await where(page, [-3, 1]);
  await page.mouse.move(ax, ay);
  await page.mouse.down();
  await page.mouse.move(bx, by, { steps: 6 });
  await page.mouse.up();
  assert.deepEqual(await placed(page), [[-3, 1, 1]]);
  // Editing keeps the network and its steps: the run goes on from step 100 on the new set.
  assert.equal(await page.evaluate(() => window.plasticity.lab.query().includes('pts=-3,1,1')), true);
  assert.equal(await page.locator('#stat-step').textContent(), '100');
  // The keyboard: Escape lets go of the selection; arrows move the cursor (from where the pointer left it) by a
  // quarter; Enter places a point there.
  await page.focus('#plot-task');
  await page.keyboard.press('Escape');
  await page.click('#points-class-0');
  await page.focus('#plot-task');
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowUp']) await page.keyboard.press(key);
  await page.keyboard.press('Enter');
  assert.deepEqual(await placed(page), [[-3, 1, 1], [-2.5, 1.25, 0]]);
  // The new point is selected: arrows move it (Shift: a whole unit), Enter lets go, Delete removes a selected one.
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Enter');
  assert.deepEqual(await settled(page, [[-3, 1, 1], [-3.5, 1.25, 0]]), [[-3, 1, 1], [-3.5, 1.25, 0]]);
  await page.keyboard.press('Enter'); // takes the point under the cursor again
  await page.keyboard.press('Delete');
  assert.deepEqual(await placed(page), [[-3, 1, 1]]);
  // axe-core finds no serious or critical violation with the editor open (the view is then an application).
  const { createRequire } = await import('node:module');
  await page.evaluate(await (await import('node:fs/promises')).readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  assert.deepEqual(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id), []);
  await page.click('#points-clear');
  assert.deepEqual(await placed(page), []);
  assert.equal(await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).has('pts')), false);
  const steps = await page.evaluate(() => window.plasticity.lab.step(5));
  assert.equal(steps, 5, 'the run trains on after the edits');
  // Done: clicks no longer place points.
  await page.click('#points-edit');
  await page.mouse.click(...await where(page, [1, 1]));
  assert.deepEqual(await placed(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link with malformed or too many points says what it changed; other tasks and modes show no editor', { timeout: 60000 }, async () => {
  const notice = async (hash) => {
    const { page, problems } = await open(browser, hash);
    await page.waitForSelector('#notice:not([hidden])');
    const said = await page.locator('#notice-text').textContent();
    const kept = await placed(page);
    assert.deepEqual(problems, []);
    await page.close();
    return { said, kept };
  };
  const bad = await notice('#task=xor&pts=1,2,1;x,2,1;1,2;9,-9,0');
  assert.match(bad.said, /Changed pts: 'x,2,1', '1,2': not points x,y,class/);
  assert.match(bad.said, /outside the square from -6 to 6 moved onto its edge/);
  assert.deepEqual(bad.kept, [[1, 2, 1], [6, -6, 0]]);
  const many = Array.from({ length: 1000 }, (_, k) => `${(k % 11) - 5},${(k % 7) - 3},${k % 2}`).join(';');
  const lots = await notice(`#task=circle&pts=${many}`);
  assert.match(lots.said, /At most 200 placed points \(got 1000\): kept the first 200/);
  assert.equal(lots.kept.length, 200);
  const elsewhere = await notice('#task=linear&pts=1,1,1');
  assert.match(elsewhere.said, /placed points are for the 2-D tasks; left out/);
  assert.deepEqual(elsewhere.kept, []);
  // On the page: points of both classes on one spot are said; at the limit a click places nothing and says why.
  const edit = async (hash) => {
    const { page, problems } = await open(browser, hash);
    await page.click('#points-edit');
    await page.waitForSelector('#points-status:not(:empty)');
    return { page, problems };
  };
  const clash = await edit('#task=xor&pts=1,1,1;1,1,0;2,2,1');
  assert.match(await clash.page.locator('#points-status').textContent(), /Points of both classes lie on one spot: no boundary can separate them/);
  assert.deepEqual(clash.problems, []);
  await clash.page.close();
  const full = await edit(`#task=circle&pts=${many}`);
  await full.page.mouse.click(...await where(full.page, [2.5, 1.5])); // away from every placed point
  assert.match(await full.page.locator('#points-status').textContent(), /At most 200 placed points: remove one to place another/);
  assert.equal((await placed(full.page)).length, 200);
  assert.deepEqual(full.problems, []);
  await full.page.close();
  // No editor on a task that is not 2-D, side by side or in an embed (the points of a link are trained on).
  for (const hash of ['#task=linear', '#task=xor&compare=backprop,fa&pts=1,1,0', '#task=xor&embed=1&pts=1,1,0']) {
    const { page, problems } = await open(browser, hash);
    await page.waitForTimeout(200);
    assert.equal(await page.locator('#points-bar').isVisible(), false, hash);
    if (hash.includes('pts')) assert.match(await page.evaluate(() => window.plasticity.lab.query()), /pts=1,1,0/);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
