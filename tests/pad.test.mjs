// The digit tasks' drawing pad: a drawing changes each run's answer; a test digit painted onto the pad block by
// block with the keyboard reads back as the data file's 8×8 values and gets the probabilities the network gives the
// data set's copy; nothing drawn is said, not answered.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The pad's answer for each run, as shown: its sentence and its ten percentages. */
const shown = (page) => page.evaluate(() => [...document.querySelectorAll('#pad-answers .pad-run')].map((run) => ({
  said: run.querySelector('.pad-said').textContent,
  percents: [...run.querySelectorAll('.pad-p')].map((p) => p.textContent),
})));

/** Drags the mouse along `points` (fractions of the pad's width and height). */
async function draw(page, points) {
  const box = await page.locator('#digit-pad canvas').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

test('a drawn digit is scaled to fill its box and changes the answer; nothing drawn is said', async () => {
  const { page, problems } = await open(browser, '#task=digits&rule=backprop');
  await page.waitForSelector('#digit-pad:not([hidden])');
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(300); a.lab.measure(); a.render(); });
  assert.equal(await page.locator('#pad-status').textContent(), 'Nothing is drawn.');
  assert.match((await shown(page))[0].said, /draw a digit to see its answer/);
  // A one: a short stroke in a corner, scaled to fill the box's height.
  await draw(page, [[0.2, 0.1], [0.2, 0.4]]);
  assert.equal(await page.locator('#pad-status').textContent(), 'Your drawing, scaled to fill its box.');
  const rows = await page.evaluate(() => { const v = window.plasticity.pad.values(); return [0, 7].map((r) => v.slice(8 * r, 8 * r + 8).some((x) => x > 0)); });
  assert.deepEqual(rows, [true, true], 'the stroke spans the box from the top row of blocks to the bottom');
  const one = await shown(page);
  assert.match(one[0].said, /^the network answers \d \(\d+ %\)$/);
  // A zero, drawn after Clear: another answer.
  await page.click('#pad-clear');
  assert.equal(await page.locator('#pad-status').textContent(), 'Nothing is drawn.');
  await draw(page, [[0.5, 0.1], [0.25, 0.3], [0.25, 0.7], [0.5, 0.9], [0.75, 0.7], [0.75, 0.3], [0.5, 0.1]]);
  const zero = await shown(page);
  assert.notDeepEqual(zero[0].percents, one[0].percents, 'a zero and a one get different probabilities');
  // Strokes are scaled together once each ends: the same two strokes in either order make the same digit (a second
  // stroke drawn onto a scaled first would not).
  const strokes = [[[0.3, 0.2], [0.3, 0.5], [0.6, 0.5]], [[0.6, 0.2], [0.6, 0.8]]];
  const four = async (order) => {
    await page.click('#pad-clear');
    for (const k of order) await draw(page, strokes[k]);
    return page.evaluate(() => Array.from(window.plasticity.pad.values()));
  };
  assert.deepEqual(await four([0, 1]), await four([1, 0]));
  // Training changes the answer to the same drawing, and the pad shows the new one.
  const outputs = () => page.evaluate(() => Array.from(window.plasticity.lab.digit_outputs(window.plasticity.pad.values())));
  const before = await outputs();
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(200); a.render(); });
  const later = await outputs();
  assert.notDeepEqual(later, before);
  assert.deepEqual((await shown(page))[0].percents, later.map((p) => `${Math.round(100 * p)} %`));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a test digit painted block by block reads back as the data file\'s values and is answered as the data set\'s copy', async () => {
  const { page, problems } = await open(browser, '#task=digits&rule=fa');
  await page.waitForSelector('#digit-pad:not([hidden])');
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(300); a.lab.measure(); a.render(); });
  // The probe digit: the first test example, whose output the lab measures from its own copy of the data set.
  const digit = await page.evaluate(() => Array.from(window.plasticity.engine.test_digit(0)));
  const step = () => page.evaluate(() => document.getElementById('stat-step').textContent);
  const before = await step();
  await page.focus('#digit-pad canvas');
  // Space fills a block (and empties it again): the pad's own, not the lab's Play.
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.plasticity.pad.values()[0]), 16);
  await page.keyboard.press(' ');
  for (let b = 0; b < 64; b++) {
    for (let k = 0; k < digit[b]; k++) await page.keyboard.press('+');
    await page.keyboard.press(b % 8 === 7 ? 'ArrowDown' : 'ArrowRight');
    if (b % 8 === 7) for (let k = 0; k < 7; k++) await page.keyboard.press('ArrowLeft');
  }
  const back = await page.evaluate(() => Array.from(window.plasticity.pad.values()));
  assert.deepEqual(back, digit.slice(0, 64));
  const [drawn, copy] = await page.evaluate(() => {
    const a = window.plasticity;
    a.lab.measure();
    return [Array.from(a.lab.digit_outputs(a.pad.values())), JSON.parse(a.lab.diagnostics()).probe_output];
  });
  assert.deepEqual(drawn, copy, 'the same probabilities as the data set\'s copy');
  const percents = (await shown(page))[0].percents;
  assert.deepEqual(percents, copy.map((p) => `${Math.round(100 * p)} %`));
  // The lab's own keys stayed out of the pad: → took no step, Space did not play.
  assert.equal(await step(), before);
  assert.equal(await page.evaluate(() => window.plasticity.playing), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('side by side, the pad answers for every run', async () => {
  const { page, problems } = await open(browser, '#task=digits&compare=backprop,fa,shallow');
  await page.waitForSelector('#digit-pad:not([hidden])');
  await page.click('#pad-test');
  const runs = await shown(page);
  assert.equal(runs.length, 3);
  assert.deepEqual(runs.map((r) => r.said.split(' answers')[0]), ['Backpropagation', 'Feedback alignment', 'Shallow learning (output layer only)']);
  assert.match(await page.locator('#pad-status').textContent(), /^Test digit 1 of 360, a \d\.$/);
  // Not on a task without the digits.
  await page.evaluate(() => { location.hash = 'task=xor&rule=backprop'; });
  await page.waitForFunction(() => document.getElementById('digit-pad')?.hidden);
  assert.deepEqual(problems, []);
  await page.close();
});
