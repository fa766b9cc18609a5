// End-to-end tests of the lessons: every step of every lesson opens from its link, points at a plot that is there,
// and — after training as long as the step says — the lab shows what the step claims. A lesson cannot say what the
// lab does not do. And a broken lesson file gets a message naming the file and the step.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { launch, open } from './browser.mjs';
import { KEYS_HASH, keysAfterAClick } from './keys.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const index = JSON.parse(readFileSync(new URL('../www/lessons/index.json', import.meta.url)));

const read = (slug) => JSON.parse(readFileSync(new URL(`../www/lessons/${slug}.json`, import.meta.url)));

test('the lessons: ten, in the lecture\'s order, then the rule-writing exercise; the index naming each step by its id, its steps with no run and its end check', () => {
  // The lecture's order: Hebb and LTP (with the amygdala), the cerebellum, credit assignment, backprop and its errors,
  // its difficulties for a brain, the parietal evidence (§6 opens with it), then feedback alignment, NGRAD, DTP.
  assert.deepEqual(index.map((l) => l.slug), ['hebb-ltp', 'cerebellum', 'credit-assignment', 'backprop-errors', 'hard-for-brains',
    'gain-fields', 'feedback-alignment', 'ngrad', 'target-propagation', 'what-we-know', 'write-a-rule']);
  for (const { slug, title, steps, no_run: textOnly = [], checks } of index) {
    const lesson = read(slug);
    assert.equal(lesson.title, title, slug);
    assert.deepEqual(lesson.steps.map((s) => s.id), steps, slug);
    assert.deepEqual(lesson.steps.filter((s) => s.no_run).map((s) => s.id), textOnly, slug);
    assert.equal(lesson.check?.length, checks, slug);
    assert.ok(steps.length >= 3, `${slug}: ${steps.length} steps`);
    // Each lesson opens with two or three objectives and ends with two or three questions, each answer explained.
    assert.ok(lesson.objectives?.length >= 2 && lesson.objectives.length <= 3, `${slug}: objectives`);
    assert.ok(checks >= 2 && checks <= 3 && lesson.check.every((q) => q.why.length > 20), `${slug}: end check`);
  }
  const compares = index.map(({ slug }) => read(slug))
    .map((l, i) => [i + 1, l.steps.some((s) => s.run?.includes('compare='))]).filter(([, c]) => c).map(([i]) => i);
  for (const n of [3, 5, 6, 10]) assert.ok(compares.includes(n), `lesson ${n} uses compare mode`);
});

test('every topic of the lecture has a step, in the lecture\'s order', () => {
  // lesson/step for each topic, in the order the lecture takes them (§2 to §7).
  const topics = [
    ['LTP in the hippocampus', 'hebb-ltp/hippocampus'], ['the amygdala in fear conditioning', 'hebb-ltp/conditioning'],
    ['blocking: error-driven learning', 'hebb-ltp/blocking'], ['the cerebellum: predicted against actual outcomes', 'cerebellum/forward-model'],
    ['credit assignment', 'credit-assignment/xor'], ['supervised error', 'backprop-errors/supervised'],
    ['reconstruction or prediction error', 'backprop-errors/unsupervised'], ['temporal-difference error', 'backprop-errors/td'],
    ['synapse-specific learning, STDP', 'backprop-errors/stdp'], ['coarse or scalar feedback', 'hard-for-brains/one-number'],
    ['spikes', 'hard-for-brains/spikes'], ['signed errors and locality', 'hard-for-brains/signed-local'],
    ['weight transport', 'hard-for-brains/weight-transport'], ['delayed feedback', 'hard-for-brains/delay'],
    ['feedback during inference', 'hard-for-brains/feedback-inference'], ['parietal cortex', 'gain-fields/gain-fields'],
    ['motor and visual cortex', 'gain-fields/motor-visual'], ['feedback alignment', 'feedback-alignment/linear'],
    ['NGRAD', 'ngrad/chl'], ['difference target propagation', 'target-propagation/targets'], ['how local rules scale', 'what-we-know/scaling'],
  ];
  const order = index.flatMap((l) => l.steps.map((id) => `${l.slug}/${id}`));
  const at = topics.map(([topic, key]) => { assert.ok(order.includes(key), `${topic}: no step ${key}`); return order.indexOf(key); });
  assert.deepEqual(at, [...at].sort((a, b) => a - b), 'the topics come in the lecture\'s order');
});

test('each reproduced figure a step shows is shipped, and its RESULTS.md section exists', () => {
  const results = readFileSync(new URL('../RESULTS.md', import.meta.url), 'utf8');
  const headings = new Set(results.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#+\s*/, '')));
  let figures = 0;
  for (const { slug } of index) {
    for (const s of read(slug).steps.filter((x) => x.figure)) {
      figures += 1;
      assert.ok(existsSync(new URL(`../${s.figure.src}`, import.meta.url)), `${slug}/${s.id}: ${s.figure.src}`);
      assert.ok(results.includes(`(results/${s.figure.src.split('/').pop()})`), `${slug}/${s.id}: RESULTS.md shows ${s.figure.src}`);
      assert.ok(headings.has(s.figure.results), `${slug}/${s.id}: RESULTS.md has no section "${s.figure.results}"`);
    }
  }
  assert.ok(figures >= 10, `${figures} figures`);
});

for (const { slug, title } of index) {
  test(`lesson "${title}": every step opens, points at a plot, and its claim holds`, { timeout: 600000 }, async () => {
    const lesson = JSON.parse(readFileSync(new URL(`../www/lessons/${slug}.json`, import.meta.url)));
    const { page, problems } = await open(browser, `#lesson=${slug}&step=${lesson.steps[0].id}`);
    for (let n = 1; n <= lesson.steps.length; n++) {
      const s = lesson.steps[n - 1];
      if (n > 1) await page.keyboard.press('n');
      // The link names the step by its id.
      await page.waitForFunction((id) => new URLSearchParams(location.hash.slice(1)).get('step') === id
        && window.plasticity.lessons.step?.id === id && !document.querySelector('#lesson').inert, s.id);
      assert.equal(await page.locator('#lesson-title').textContent(), s.title);
      if (n === 1) assert.equal(await page.locator('#lesson-objectives li').count(), lesson.objectives.length, `${slug}: objectives`);
      // A reproduced figure is fetched with its step, and shows.
      if (s.figure) {
        await page.waitForFunction(() => { const img = document.querySelector('.lesson-figure img'); return img?.complete && img.naturalWidth > 0; });
      }
      // A step with no run says so and why, claims nothing, and leaves the run on show as it was.
      if (s.no_run) {
        assert.match(await page.locator('#lesson-no-run').textContent(), /^No run for this step\. /);
        assert.equal(await page.locator('#lesson-claim').count(), 0);
        continue;
      }
      // The step's run is the one running, and the plot it points at is there and highlighted.
      const looked = await page.evaluate(() => [...document.querySelectorAll('figure.looked-at')]
        .filter((f) => f.offsetParent !== null).map((f) => f.querySelector('canvas').id));
      assert.ok(looked.length >= 1, `${slug} step ${n}: no visible plot highlighted for "${s.look}"`);
      // A step that has the student write a rule opens with the text the editor starts from, whose run fails the
      // claim; the student writes the step's rule (its run's text) and runs it.
      if (s.write !== undefined) {
        await page.waitForSelector('#rule-text');
        assert.equal(await page.inputValue('#rule-text'), s.write, `${slug} step ${n}: the editor starts from "write"`);
        await page.fill('#rule-text', new URLSearchParams(s.run).get('expr'));
        await page.click('#rule-run');
        await page.waitForFunction(([id, text]) => window.plasticity.lessons.step?.id === id && !document.querySelector('#lesson').inert
          && new URLSearchParams(location.hash.slice(1).replace(/\+/g, '%2B')).get('expr') === text, [s.id, new URLSearchParams(s.run).get('expr')]);
      }
      // A student answers the question first, then leaves the focus to the page.
      if (s.predict) {
        await page.click('.lesson .choice >> nth=0');
        await page.evaluate(() => document.activeElement.blur());
      }
      const verdict = await page.evaluate(async (after) => {
        const app = window.plasticity;
        let steps = app.measurements()[0].diagnostics.step;
        while (steps < after) { const k = Math.min(250, after - steps); app.lab.step(k); steps += k; }
        app.lab.measure();
        app.render();
        app.lessons.update();
        return { ...app.lessons.check(), line: document.getElementById('lesson-claim').textContent };
      }, (await page.evaluate(() => window.plasticity.lessons.claim.after)));
      assert.ok(verdict.done && verdict.ok, `${slug} step ${n}: ${verdict.line} ${JSON.stringify(verdict.results)}`);
      assert.match(verdict.line, /✓ It does\./);
      if (s.predict) assert.ok(await page.locator('#lesson-answer').isVisible(), `${slug} step ${n}: the answer shows with the verdict`);
    }
    // After the last step, the end check: every question, each answer explained as it is given.
    await page.keyboard.press('n');
    await page.waitForFunction(() => /step=check$/.test(location.hash) && document.querySelector('#lesson-check'));
    assert.equal(await page.locator('#lesson-check > li').count(), lesson.check.length);
    for (let k = 0; k < lesson.check.length; k++) {
      const q = lesson.check[k];
      await page.click(`#lesson-check > li >> nth=${k} >> .choice >> nth=${q.answer}`);
      assert.equal(await page.locator(`#lesson-check > li >> nth=${k} >> .answer`).textContent(), `Right. ${q.why}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('claims are read and checked as written, and a claim that does not hold fails', async () => {
  const { parseClaim, checkClaim } = await import('../www/claims.js');
  const d = (over) => ({ step: 500, train_loss: 0.2, test_loss: 0.3, test_accuracy: 0.9, nse: null, layers: [{ update_angle_deg: 40, feedback_angle_deg: 70, error_norm: 1 }], measures: [{ label: 'throw error, last trial', value: -0.3 }], ...over });
  const start = d({ step: 0, test_loss: 0.7, measures: [{ label: 'throw error, last trial', value: -0.1 }] });
  const runs = [{ run: 'fa', diagnostics: d({}), initial: start }, { run: 'shallow', diagnostics: d({ test_accuracy: 0.5 }), initial: start }];
  const check = (text) => checkClaim(parseClaim(text), runs);
  assert.equal(parseClaim('after 2000: test_loss < 1').after, 2000);
  assert.ok(check('after 1: test_accuracy(fa) - test_accuracy(shallow) > 0.3').ok);
  assert.ok(!check('after 1: test_accuracy(fa) - test_accuracy(shallow) > 0.5').ok);
  assert.ok(check('after 1: feedback_angle[1] < 75; update_angle[1] > 39.5').ok);
  assert.ok(!check('after 1: feedback_angle[1] < 75; update_angle[1] > 41').ok, 'every comparison must hold');
  assert.ok(check('after 1: |measure[throw error, last trial]| > 0.25; measure[throw error, last trial] < -0.25').ok);
  assert.ok(check('after 1: test_loss < 1.5·train_loss').ok && !check('after 1: test_loss < 1.4·train_loss').ok);
  // Δ reads the change since the run's first measurement.
  assert.ok(check('after 1: Δtest_loss < -0.39; Δtest_loss > -0.41').ok);
  assert.ok(check('after 1: |Δmeasure[throw error, last trial]| > 0.19; Δmeasure[throw error, last trial](shallow) < -0.19').ok);
  assert.ok(!checkClaim(parseClaim('after 1: Δtest_loss < 1'), [{ run: 'fa', diagnostics: d({}) }]).ok, 'no first measurement, no Δ');
  assert.ok(!check('after 1: nse < 1').ok, 'a missing value never passes');
  assert.ok(!check('after 1: feedback_angle[2] < 1000').ok, 'nor a missing layer');
  for (const bad of ['soon: better', 'after 10: loss < 1', 'after 10: test_loss', 'after 10: test_loss < |nse', 'after 10: ΔΔnse < 1']) {
    assert.throws(() => parseClaim(bad), Error, bad);
  }
  assert.throws(() => check('after 1: test_loss(backprop) < 1'), /no run "backprop"/);
});

test('a prediction can change until the run reaches the claim, then locks and shows its answer; progress counts it', async () => {
  const { page, problems } = await open(browser, '#lesson=credit-assignment&step=xor');
  await page.waitForSelector('#lesson-title');
  assert.ok(await page.locator('#lesson-answer').isHidden());
  const pressed = () => page.evaluate(() => [...document.querySelectorAll('.lesson .choice')].map((b) => b.getAttribute('aria-pressed')));
  await page.click('.lesson .choice >> nth=0');
  await page.click('.lesson .choice >> nth=2');
  assert.deepEqual(await pressed(), ['false', 'false', 'true'], 'changed before the run');
  assert.ok(await page.locator('#lesson-answer').isHidden(), 'no answer before the run');
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(1000); a.lab.measure(); a.render(); a.lessons.update(); });
  assert.match(await page.locator('#lesson-answer').textContent(), /Not quite: the answer is “partly: above chance, below backprop”/);
  assert.match(await page.locator('#lesson-claim').textContent(), /✓ It does\./);
  // Locked: a click no longer changes it, and it stays locked when the step is opened again.
  await page.click('.lesson .choice >> nth=1', { force: true });
  assert.deepEqual(await pressed(), ['false', 'false', 'true'], 'locked after the claim');
  assert.equal(await page.locator('.lesson .choice >> nth=1').getAttribute('aria-disabled'), 'true');
  await page.click('#lesson-next');
  await page.waitForFunction(() => window.plasticity.lessons.step?.id === 'many-random-units' && !document.querySelector('#lesson').inert);
  await page.click('#lesson-prev');
  await page.waitForFunction(() => window.plasticity.lessons.step?.id === 'xor' && !document.querySelector('#lesson').inert);
  assert.deepEqual(await pressed(), ['false', 'false', 'true'], 'kept when the step opens again');
  await page.click('.lesson .choice >> nth=0', { force: true });
  assert.deepEqual(await pressed(), ['false', 'false', 'true'], 'still locked');
  // A step whose run reached its claim before any answer: the prediction locks unanswered, and says so.
  await page.click('#lesson-next');
  await page.waitForFunction(() => window.plasticity.lessons.step?.id === 'many-random-units' && !document.querySelector('#lesson').inert);
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(2000); a.lab.measure(); a.render(); a.lessons.update(); });
  assert.match(await page.locator('#lesson-answer').textContent(), /You did not predict before the run reached it/);
  // The menu counts the predictions made and the claims checked.
  const options = await page.locator('#lesson-menu option').allTextContents();
  assert.equal(options.length, 13);
  assert.equal(options.at(-1), 'My answers…');
  assert.match(options.find((o) => o.includes('Credit assignment')), /\(1 predicted, 2 checked of 3; end check 0 of 3\)/);
  // The lecturer's notes are folded, in presenter mode too (the room sees one line), until the lecturer opens them;
  // the controls' line always shows.
  await page.click('#lesson-prev');
  await page.waitForFunction(() => window.plasticity.lessons.step?.id === 'xor' && !document.querySelector('#lesson').inert);
  assert.match(await page.locator('#lesson-controls').textContent(), /must fail it: shallow learning in backprop's place/);
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('f');
  const folded = () => page.evaluate(() => { const d = document.querySelector('.lesson .lecturer'); return [d.open, d.checkVisibility()]; });
  assert.deepEqual(await folded(), [false, true], 'folded, its summary line on show');
  await page.click('.lesson .lecturer summary');
  assert.deepEqual(await folded(), [true, true]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('steps are found by id, an old number lands on the step that moved, and an unknown id is said', async () => {
  const { page, problems } = await open(browser, '#lesson=ngrad&step=ep');
  await page.waitForFunction(() => window.plasticity.lessons?.step?.id === 'ep');
  assert.equal(await page.locator('#lesson-title').textContent(), 'Equilibrium propagation');
  // Citations are links that open elsewhere; the page itself requests nothing from them.
  const links = await page.evaluate(() => [...document.querySelectorAll('.lesson .citation a')].map((a) => [a.href, a.target, a.rel]));
  assert.ok(links.length >= 2 && links.every(([href, target, rel]) => href.startsWith('https://') && target === '_blank' && rel.includes('noopener')), JSON.stringify(links));
  // credit-assignment's old step 2 (the circle) is now its third step, "few-units", which lists it in "was".
  await page.evaluate(() => { location.hash = 'lesson=credit-assignment&step=2'; });
  await page.waitForFunction(() => window.plasticity.lessons?.step?.id === 'few-units');
  await page.waitForFunction(() => /step=few-units$/.test(location.hash));
  await page.evaluate(() => { location.hash = 'lesson=cerebellum&step=nowhere'; });
  await page.waitForFunction(() => /has no step “nowhere”; opened step 1/.test(document.querySelector('#notice-text').textContent));
  await page.waitForFunction(() => /lesson=cerebellum&step=prisms-on$/.test(location.hash));
  assert.deepEqual(problems, []);
  await page.close();
});

test('leaving a step\'s comparison says its claim cannot be checked, and offers the step\'s run back', async () => {
  const { page, problems } = await open(browser, '#lesson=credit-assignment&step=1');
  await page.waitForSelector('#lesson-title');
  assert.equal(await page.evaluate(() => window.plasticity.comparing), true, 'step 1 is a comparison');
  await page.click('#compare-toggle');
  await page.waitForFunction(() => !window.plasticity.comparing);
  await page.waitForSelector('#lesson-rerun');
  assert.match(await page.locator('#lesson-claim').textContent(), /cannot be checked on this one \(no run "\w+" here\)/);
  await page.click('#lesson-rerun');
  await page.waitForFunction(() => window.plasticity.comparing);
  await page.waitForFunction(() => /The lab should show/.test(document.querySelector('#lesson-claim')?.textContent));
  assert.equal(await page.locator('#lesson-rerun').count(), 0);
  assert.equal(await page.locator('#lesson-title').textContent(), 'Output-only learning falls short on XOR', 'still step 1');
  assert.match(await page.evaluate(() => location.hash), /compare=backprop,shallow.*lesson=credit-assignment&step=xor/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('two steps forward at once end on the second step, its run and its panel together', async () => {
  const { page, problems } = await open(browser, '#lesson=credit-assignment&step=1');
  await page.waitForSelector('#lesson-title');
  await page.evaluate(() => { window.plasticity.lessons.next(); window.plasticity.lessons.next(); });
  await page.waitForFunction(() => document.querySelector('#lesson-title')?.textContent === 'Four hidden units that learn are enough');
  const state = await page.evaluate(() => ({ comparing: window.plasticity.comparing, query: window.plasticity.lab.query(),
    hash: location.hash, inert: document.querySelector('#lesson').inert, claim: document.querySelector('#lesson-claim').textContent }));
  assert.equal(state.comparing, true);
  assert.match(state.query, /task=circle&rule=\w+&hidden=4&.*compare=backprop,shallow/);
  assert.match(state.hash, /step=few-units$/);
  assert.equal(state.inert, false, 'the panel takes clicks again');
  assert.match(state.claim, /^The lab should show, after 2,000 mini-batches: the test accuracy in the backprop run is above 95 %/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('played, a step stops at its claim\'s mini-batch and keeps that verdict when played on', async () => {
  // The prism's after-effect (step 3) lasts a few throws: a verdict taken later, as the run plays on into the next
  // block, said "✗" about a run that had shown it.
  const { page, problems } = await open(browser, '#lesson=cerebellum&step=3');
  await page.waitForSelector('#lesson-title');
  await page.click('.lesson .choice >> nth=0');
  await page.click('#play');
  await page.waitForFunction(() => !window.plasticity.playing, undefined, { timeout: 20000 });
  const at = await page.evaluate(() => JSON.parse(window.plasticity.lab.diagnostics()).step);
  assert.equal(at, 165, 'paused at the claim\'s mini-batch');
  assert.match(await page.locator('#lesson-claim').textContent(), /✓ It does\.$/);
  await page.click('#play');
  await page.waitForFunction(() => JSON.parse(window.plasticity.lab.diagnostics()).step > 400, undefined, { timeout: 20000 });
  await page.click('#play');
  await page.waitForFunction(() => /Checked at mini-batch 165; the run has gone on since/.test(document.querySelector('#lesson-claim')?.textContent));
  assert.match(await page.locator('#lesson-claim').textContent(), /✓ It does\. \(Checked at mini-batch 165/);
  // Reset starts a new run, and with it a new verdict to come.
  await page.click('#reset');
  await page.waitForFunction(() => /0 so far: press Play/.test(document.querySelector('#lesson-claim')?.textContent));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a lesson closed while it or its step\'s run is still opening stays closed', async () => {
  const closed = async (page) => {
    await page.waitForTimeout(900);
    const state = await page.evaluate(() => ({ hidden: document.querySelector('#lesson').hidden, hash: location.hash,
      open: window.plasticity.lessons?.lesson?.slug ?? null, menu: document.querySelector('#lesson-menu').value }));
    assert.deepEqual([state.hidden, state.open, state.menu], [true, null, ''], JSON.stringify(state));
    assert.doesNotMatch(state.hash, /lesson=|step=/);
  };
  const { page, problems } = await open(browser, '#task=xor');
  // Opening: the lesson's digits take half a second to arrive, and the lesson is closed before they do.
  await page.route('**/*.csv.gz', async (route) => { await new Promise((r) => setTimeout(r, 500)); await route.continue(); });
  await page.selectOption('#lesson-menu', 'backprop-errors');
  await page.waitForTimeout(100);
  await page.selectOption('#lesson-menu', '');
  await closed(page);
  // A step's run opening: on to step 2 of "feedback alignment" (a comparison, whose script is slow to come), the
  // lesson is closed from the menu (the panel takes no clicks meanwhile) before the run is open.
  await page.route('**/compare.js', async (route) => { await new Promise((r) => setTimeout(r, 500)); await route.continue(); });
  await page.evaluate(() => { location.hash = '#lesson=feedback-alignment&step=linear'; });
  await page.waitForFunction(() => document.querySelector('#lesson-title')?.textContent === 'The forward weights come to align with B');
  await page.keyboard.press('n');
  await page.waitForTimeout(100);
  await page.selectOption('#lesson-menu', '');
  await closed(page);
  // The run already asked for still opens (no setting is lost); only the lesson stays closed.
  assert.equal(await page.evaluate(() => window.plasticity.comparing), true, 'step 2\'s comparison opened');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a clicker works whatever was clicked: n, p, PageDown, PageUp and Space after a mouse click; Space presses a button reached by Tab', async () => {
  const { page, problems } = await open(browser, KEYS_HASH);
  await keysAfterAClick(page);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a lesson link that cannot be used leaves the URL, and a step out of range is said', async () => {
  const { page, problems } = await open(browser, '#task=xor&lesson=nope');
  await page.waitForFunction(() => /nope\.json could not be read/.test(document.querySelector('#notice-text').textContent));
  assert.doesNotMatch(await page.evaluate(() => location.hash), /lesson=/);
  // Reset reads the URL again: the lesson's message must not come back.
  await page.click('#notice-close');
  await page.click('#reset');
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#notice').isHidden(), true);
  await page.goto(new URL('#lesson=cerebellum&step=99', page.url()).href);
  await page.waitForFunction(() => /has steps 1 to 6; opened step 6/.test(document.querySelector('#notice-text').textContent));
  assert.match(await page.evaluate(() => location.hash), /lesson=cerebellum&step=delta-linear$/);
  // The one expected failure: the missing lesson's 404.
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
  await page.close();
});

test('a malformed lesson, or one naming a setting that does not exist, gets a message naming file and step', async () => {
  const { page, problems } = await open(browser, '#task=xor');
  const broken = [
    ['not-json', '{ "title": "x", ', /broken\.json could not be read/],
    ['bad-step', JSON.stringify({ title: 'x', steps: [{ title: 'a', text: 'b', run: 'task=xor', look: 'loss', claim: 'after 10: test_loss < 1' }, { title: 'c', text: 'd', run: 'task=xor&colour=red', look: 'loss', claim: 'after 10: test_loss < 1' }] }), /broken\.json, step 2: its run: url: unknown setting 'colour'/],
    ['bad-claim', JSON.stringify({ title: 'x', steps: [{ title: 'a', text: 'b', run: 'task=xor', look: 'nowhere', claim: 'soon: better' }] }), /broken\.json, step 1: "look" is "nowhere".*step 1: its claim/],
  ];
  for (const [name, body, message] of broken) {
    await page.route('**/broken.json', (route) => route.fulfill({ body, contentType: 'application/json' }));
    await page.evaluate(() => { location.hash = 'task=xor&lesson=lessons/broken.json&step=1'; });
    await page.waitForFunction(() => !document.getElementById('notice').hidden);
    assert.match(await page.locator('#notice-text').textContent(), message, name);
    await page.unroute('**/broken.json');
    // The page keeps working: it trains.
    const before = await page.evaluate(() => window.plasticity.measurements()[0].diagnostics.step);
    await page.click('#step');
    assert.equal(await page.evaluate(() => window.plasticity.measurements()[0].diagnostics.step), before + 1);
    assert.ok(await page.locator('#lesson').isHidden());
    await page.evaluate(() => { location.hash = 'task=xor'; });
  }
  assert.deepEqual(problems.filter((p) => !p.includes('broken.json')), []);
  await page.close();
});

test('"My answers" lists predictions, verdicts and end-check answers with their links, saves Markdown and JSON, prints alone, and clears', async () => {
  const { page, problems } = await open(browser, '#lesson=credit-assignment&step=xor');
  await page.waitForSelector('#lesson-title');
  // A right prediction, the claim checked, then the end check: one right answer and one wrong.
  await page.click('.lesson .choice >> nth=1');
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(1000); a.lab.measure(); a.render(); a.lessons.update(); });
  await page.evaluate(() => { location.hash = 'lesson=credit-assignment&step=check'; });
  await page.waitForSelector('#lesson-check');
  await page.click('#lesson-check > li >> nth=0 >> .choice >> nth=0');
  await page.click('#lesson-check > li >> nth=1 >> .choice >> nth=2');
  assert.match(await page.locator('#lesson-check > li >> nth=1 >> .answer').textContent(), /^Not quite: the answer is “64 random hidden units instead of 8”\. /);
  assert.match(await page.locator('#lesson-menu option:checked').textContent(), /\(1 predicted, 1 checked of 3; end check 2 of 3\)/);

  await page.selectOption('#lesson-menu', '#my-answers');
  await page.waitForSelector('#my-answers h3');
  const view = await page.locator('#my-answers').textContent();
  assert.match(view, /Credit assignment/);
  assert.match(view, /You said “partly: above chance, below backprop”; the answer is “partly: above chance, below backprop” \(right\)\./);
  assert.match(view, /checked at mini-batch 1000: shown ✓/);
  assert.match(view, /You said “training longer with 8 units”; the answer is “64 random hidden units instead of 8” \(not quite\)\./);
  const link = await page.locator('#my-answers a >> nth=0').getAttribute('href');
  assert.match(link, /index\.html#lesson=credit-assignment&step=xor$/);
  // The lab underneath takes no keys while the answers cover it, and the menu is back on the lesson.
  assert.equal(await page.locator('#lesson-menu').inputValue(), 'credit-assignment');

  const saved = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
  };
  const md = await saved('#answers-md');
  assert.equal(md.name, 'my-answers.md');
  assert.match(md.text, /^# My answers \(plasticity\)/);
  assert.match(md.text, /\n## Credit assignment\n/);
  assert.match(md.text, /\n### \[Step 1: Output-only learning falls short on XOR\]\(http[^)]*#lesson=credit-assignment&step=xor\)\n/);
  assert.match(md.text, /\n- The lab's claim, checked at mini-batch 1000: shown \(✓\)\.\n/);
  assert.match(md.text, /\n### End check\n\n1\. With two random layers of 8 on XOR/);
  const json = await saved('#answers-json');
  assert.equal(json.name, 'my-answers.json');
  const data = JSON.parse(json.text);
  const lesson = data.lessons.find((l) => l.name === 'credit-assignment');
  assert.equal(lesson.steps[0].prediction.right, true);
  assert.deepEqual(lesson.steps[0].claim, { shown: true, at: 1000 });
  assert.deepEqual(lesson.check.map((q) => q.right), [true, false]);

  // Printed, the answers are all there is: the lab and the view's buttons are left out.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => ({
    board: document.querySelector('.board').checkVisibility(),
    answers: document.querySelector('#my-answers h3').checkVisibility(),
    buttons: document.getElementById('answers-md').checkVisibility(),
  }));
  assert.deepEqual(printed, { board: false, answers: true, buttons: false });
  await page.emulateMedia({ media: 'screen' });

  // Cleared (after a confirmation), nothing is kept and the menu counts nothing.
  page.once('dialog', (d) => d.accept());
  await page.click('#answers-clear');
  await page.waitForFunction(() => !document.getElementById('my-answers'));
  assert.equal(await page.evaluate(() => localStorage.getItem('plasticity-answers')), null);
  assert.match(await page.locator('#lesson-menu option:checked').textContent(), /\(0 predicted, 0 checked of 3; end check 0 of 3\)/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a first visit is welcomed: "Start with lesson 1" opens it, and the welcome is not shown again; embeds, presenter mode and lesson links skip it', async () => {
  // Each page opens in a fresh browser context: a first visit.
  const { page, problems } = await open(browser, '#task=xor');
  assert.equal(await page.locator('#welcome').isVisible(), true);
  await page.click('#welcome-start');
  await page.waitForFunction(() => window.plasticity.lessons?.lesson?.slug === 'hebb-ltp' && window.plasticity.lessons?.step != null);
  assert.equal(await page.locator('#welcome').isHidden(), true);
  await page.evaluate(() => { location.hash = '#task=xor'; });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.plasticity?.lab != null);
  assert.equal(await page.locator('#welcome').isHidden(), true, 'remembered');
  for (const hash of ['#task=xor&embed=1', '#lesson=ngrad&step=ep', '#task=xor&present=1']) {
    const other = await open(browser, hash);
    assert.equal(await other.page.locator('#welcome').isHidden(), true, hash);
    assert.deepEqual(other.problems, []);
    await other.page.close();
  }
  // "or explore freely" answers it too.
  const other = await open(browser, '#task=xor');
  await other.page.click('#welcome-explore');
  assert.equal(await other.page.locator('#welcome').isHidden(), true);
  assert.equal(await other.page.evaluate(() => localStorage.getItem('plasticity-welcomed')), '1');
  await other.page.close();
  assert.deepEqual(problems.filter((p) => !/icon\.svg/.test(p)), []);
  await page.close();
});

test('the plot a step looks at is brought into view, on a laptop with the step\'s title kept in view, and on a phone', async () => {
  const inView = (page) => page.evaluate(() => {
    const r = document.querySelector('figure.looked-at').getBoundingClientRect();
    const t = document.getElementById('lesson-title').getBoundingClientRect();
    return { plot: r.top >= -1 && r.bottom <= innerHeight + 1, title: t.top >= 0 && t.bottom <= innerHeight };
  });
  for (const [hash, view, title] of [
    ['#lesson=credit-assignment&step=few-units', { width: 1366, height: 768 }, true],
    ['#lesson=ngrad&step=chl', { width: 1366, height: 768 }, true],
    ['#lesson=credit-assignment&step=few-units', { width: 390, height: 844, dpr: 2, phone: true }, false],
  ]) {
    const { page, problems } = await open(browser, hash, view);
    await page.waitForFunction(() => document.querySelector('figure.looked-at') != null && window.plasticity.lessons?.step != null);
    await page.waitForFunction(() => {
      const r = document.querySelector('figure.looked-at').getBoundingClientRect();
      return r.top >= -1 && r.bottom <= innerHeight + 1;
    }, null, { timeout: 5000 }).catch(() => {});
    const seen = await inView(page);
    assert.equal(seen.plot, true, `${hash} at ${view.width} px: the plot is off screen`);
    if (title) assert.equal(seen.title, true, `${hash} at ${view.width} px: the step's title left the screen`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('"Look at" names the plot by the heading it has on screen, in a comparison too', async () => {
  // A comparison's task views, one per run, are named together, not by the first run's caption.
  {
    const { page, problems } = await open(browser, '#lesson=credit-assignment&step=few-units');
    await page.waitForFunction(() => [...document.querySelectorAll('figure.looked-at')].filter((f) => f.offsetParent !== null).length === 2);
    await page.waitForFunction(() => document.querySelector('.lesson .look b')?.textContent === 'each run\'s task view');
    assert.deepEqual(problems, []);
    await page.close();
  }
  for (const hash of ['#lesson=credit-assignment&step=xor', '#lesson=ngrad&step=chl']) {
    const { page, problems } = await open(browser, hash);
    await page.waitForFunction(() => [...document.querySelectorAll('figure.looked-at')].some((f) => f.offsetParent !== null));
    await page.waitForTimeout(300);
    const { said, heading } = await page.evaluate(() => ({
      said: document.querySelector('.lesson .look b').textContent,
      heading: [...document.querySelectorAll('figure.looked-at')].find((f) => f.offsetParent !== null).querySelector('figcaption').textContent,
    }));
    assert.equal(said, heading, hash);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('words for colours and line styles match what is drawn: a comparison draws runs in colours given by their order, solid updates and dotted feedback angles; one run draws dashed update angles', () => {
  const wrong = [];
  for (const { slug } of index) {
    for (const step of read(slug).steps) {
      const comparing = /(^|&)compare=/.test(step.run ?? '');
      for (const field of ['text', 'lecturer']) {
        const words = step[field] ?? '';
        if (comparing && /\b(green|orange|blue|red|purple|yellow|grey|gray)\b/i.test(words)) wrong.push(`${slug}/${step.id} ${field}: a colour (runs are coloured by their order: name the run)`);
        if (comparing && /\bdash(ed|es)?\b/i.test(words)) wrong.push(`${slug}/${step.id} ${field}: 'dashed' (a comparison draws solid and dotted lines)`);
        if (!comparing && /\bdotted\b/i.test(words) && step.look === 'alignment') wrong.push(`${slug}/${step.id} ${field}: 'dotted' (one run's alignment plot draws solid and dashed lines)`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('claims are shown in words generated from the claim itself, with the values in their units', async () => {
  const { parseClaim, checkWords, valueWords, checkUnit } = await import('../www/claims.js');
  const claim = parseClaim('after 2000: feedback_angle[1] < 45; nse < 0.01; test_accuracy(backprop) - test_accuracy(shallow) > 0.3; |Δmeasure[weak]| < 0.001');
  assert.deepEqual(claim.checks.map(checkWords), [
    'the angle between B₁ and W₂ᵀ is below 45°',
    'the normalized error (1 is a network that outputs zero) is below 0.01',
    'the test accuracy in the backprop run − the test accuracy in the shallow run is above 30 %',
    'the size of the change in “weak” is below 0.001',
  ]);
  assert.deepEqual(claim.checks.map((c) => valueWords(0.123456, checkUnit(c))), ['0.123°', '0.123', '12.3 %', '0.123']);
  // Every claim of every lesson reads as words: no quantity's code name is left in them.
  for (const { slug } of index) {
    for (const step of read(slug).steps.filter((s) => s.claim)) {
      for (const words of parseClaim(step.claim).checks.map(checkWords)) {
        assert.doesNotMatch(words, /_|\[|undefined/, `${slug}/${step.id}: ${words}`);
      }
    }
  }
});

test('in presenter mode the plot a lesson step looks at is one of the three shown, and on screen at 1280×720', async () => {
  const { page, problems } = await open(browser, '#lesson=ngrad&step=chl&present=1', { width: 1280, height: 720 });
  await page.waitForFunction(() => window.plasticity.lessons?.step?.id === 'chl');
  await page.waitForFunction(() => {
    const f = document.querySelector('figure.looked-at');
    return f && !f.hidden && f.offsetParent !== null;
  });
  const seen = await page.evaluate(() => {
    const r = document.getElementById('plot-activity').getBoundingClientRect();
    const shown = [...document.querySelectorAll('#single .plots figure')].filter((f) => !f.hidden).map((f) => f.querySelector('canvas').id);
    return { shown, inView: r.top >= 0 && r.bottom <= innerHeight && r.width > 200 };
  });
  assert.deepEqual(seen.shown, ['plot-loss', 'plot-alignment', 'plot-activity']);
  assert.equal(seen.inView, true);
  // Closing the lesson brings back presenter mode's usual three.
  await page.click('#lesson-close');
  await page.waitForFunction(() => !document.querySelector('#plot-task').closest('figure').hidden);
  assert.deepEqual(problems, []);
  await page.close();
});
