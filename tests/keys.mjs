// The keys a lecturer's clicker and a keyboard send, whatever was clicked last: one scenario for both engines
// (Playwright drives Chromium, puppeteer-core Firefox; both pages have `click`, `keyboard.press` and `evaluate`
// with one argument, and differ in `waitForFunction`, so the scenario polls through `evaluate`).

import assert from 'node:assert/strict';

/** The hash the scenario opens: a lesson's first step, whose prediction choices are buttons. */
export const KEYS_HASH = '#lesson=credit-assignment&step=xor';

/** After a mouse click on a prediction choice or on Play, n/p/PageDown/PageUp still move between steps and Space
 *  still plays and pauses (without also pressing the clicked button); a button reached with Tab keeps Space. */
export async function keysAfterAClick(page) {
  const until = async (what, fn, arg) => {
    for (let tries = 0; tries < 200; tries += 1) {
      if (await page.evaluate(fn, arg)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`waited 10 s for ${what}`);
  };
  const stepId = () => page.evaluate(() => window.plasticity.lessons?.step?.id);
  // A step is there when its panel is drawn (#lesson stays inert while the step's run opens, e.g. fetching compare.js).
  const at = (id) => until(`step ${id}`, (want) => window.plasticity.lessons?.step?.id === want && !document.querySelector('#lesson').inert, id);
  const playing = () => page.evaluate(() => document.getElementById('play').getAttribute('aria-pressed'));
  // Mini-batches trained (the step's run may be a comparison, whose counter is another).
  const trained = () => page.evaluate(() => window.plasticity.trained);
  await at('xor');
  // A prediction chosen with the mouse leaves focus on its button: the clicker's keys still turn the page.
  await page.click('.lesson .choice');
  await page.keyboard.press('n');
  await at('many-random-units');
  await page.keyboard.press('PageUp');
  await at('xor');
  await page.keyboard.press('PageDown');
  await at('many-random-units');
  await page.keyboard.press('p');
  await at('xor');
  // Play clicked with the mouse: Space pauses (once: the button is not pressed as well), and plays again.
  await page.click('#play');
  assert.equal(await playing(), 'true');
  await page.keyboard.press(' ');
  assert.equal(await playing(), 'false', 'Space after a click on Play pauses, once');
  await page.keyboard.press(' ');
  assert.equal(await playing(), 'true');
  await page.keyboard.press(' ');
  assert.equal(await playing(), 'false');
  // Tab to Step (keyboard focus): Space presses Step — one more mini-batch, and the lab stays paused.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'step');
  const before = await trained();
  await page.keyboard.press(' ');
  await until('a step', (n) => window.plasticity.trained > n, before);
  assert.equal(await playing(), 'false', 'Space on a keyboard-focused button presses it, and does not play');
  // With focus in a number field the keys are the field's: n types there, and the step stays.
  await page.click('input[name="seed"]');
  await page.keyboard.press('n');
  await page.keyboard.press('PageDown');
  assert.equal(await stepId(), 'xor');
}
