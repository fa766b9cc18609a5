// End-to-end tests of the classroom features: runs side by side (compare mode), export, presenter and embed modes,
// and accessibility (axe-core).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, open } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FOUR = 'task=xor&compare=backprop,fa,shallow,node-perturbation';
const runs = (page) => page.evaluate(() => JSON.parse(window.plasticity.lab.runs()));

// embed.js (fetched once the lab runs) has measured the frame and sized the plots to it.
const sized = () => document.body.style.getPropertyValue('--embed-chrome') !== '';

test('compare mode: four runs from one start, drawn side by side, in the URL', async () => {
  const { page, problems } = await open(browser, `#${FOUR}`);
  const start = await runs(page);
  assert.deepEqual(start.map((r) => r.spec), ['backprop', 'fa', 'shallow', 'node-perturbation']);
  // One start: at step 0 every run measures the same loss (same weights, same data).
  const losses = new Set(start.map((r) => r.stats.items.find((i) => i.id === 'train').value));
  assert.equal(losses.size, 1, JSON.stringify(start));
  assert.equal(await page.locator('#runs li').count(), 4);
  assert.equal(await page.locator('.small-multiples canvas').count(), 4);
  assert.ok(await page.locator('#single').isHidden());
  // Each run's colour is the same in its row and its small multiple's caption.
  const colours = await page.evaluate(() => [...document.querySelectorAll('#runs .swatch')].map((s) => s.style.background));
  const captions = await page.evaluate(() => [...document.querySelectorAll('.small-multiples .swatch')].map((s) => s.style.background));
  assert.deepEqual(colours, captions);
  assert.equal(new Set(colours).size, 4);
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(400); a.lab.measure(); a.render(); a.compare.describe(a.lab); });
  const after = await runs(page);
  const accuracy = (r) => Number(r.stats.items.find((i) => i.id === 'extra').value.replace(' %', ''));
  assert.ok(accuracy(after[0]) > 90 && accuracy(after[2]) < 75, `backprop ${accuracy(after[0])}, shallow ${accuracy(after[2])}`);
  // The charts drew something (not a blank canvas) and say what they show.
  const inked = await page.evaluate(() => [...document.querySelectorAll('#compare canvas')].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n += 1;
    return n / (c.width * c.height);
  }));
  assert.ok(inked.every((f) => f > 0.01), `ink per canvas: ${inked}`);
  assert.match(await page.locator('#sum-compare').textContent(), /Backpropagation: test loss .*Shallow learning/);
  assert.match(await page.evaluate(() => location.hash), /compare=backprop,fa,shallow,node-perturbation$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('adding or removing a run keeps the others going; bad runs are refused with a message', async () => {
  const { page, problems } = await open(browser, '#task=xor&compare=backprop,fa');
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(50); a.lab.measure(); a.render(); });
  await page.selectOption('#add-rule', 'shallow');
  await page.click('#add-run');
  let now = await runs(page);
  assert.deepEqual(now.map((r) => [r.spec, r.stats.step]), [['backprop', '50'], ['fa', '50'], ['shallow', '0']]);
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(20); a.lab.measure(); a.render(); });
  now = await runs(page);
  assert.deepEqual(now.map((r) => r.stats.step), ['70', '70', '70'], 'the newcomer catches up');
  await page.click('#runs li:first-child button');
  now = await runs(page);
  assert.deepEqual(now.map((r) => [r.spec, r.stats.step]), [['fa', '70'], ['shallow', '70']]);
  assert.match(await page.evaluate(() => location.hash), /compare=fa,shallow$/);
  // A rule that cannot learn the task: a message, and nothing else changes.
  await page.selectOption('#add-rule', 'oja');
  await page.click('#add-run');
  assert.match(await page.locator('#notice-text').textContent(), /oja cannot learn xor/);
  assert.equal((await runs(page)).length, 2);
  // An absurd learning rate for one run: it is refused in words.
  await page.selectOption('#add-rule', 'backprop');
  await page.fill('#add-lr', '1e9');
  await page.click('#add-run');
  assert.match(await page.locator('#notice-text').textContent(), /learning rate/);
  // The toggle goes back to one run (the first run's rule) and forward again.
  await page.click('#compare-toggle');
  assert.match(await page.evaluate(() => location.hash), /rule=fa&/);
  assert.ok(await page.locator('#compare').isHidden());
  await page.click('#compare-toggle');
  assert.equal((await runs(page)).length, 1);
  assert.match(await page.locator('#notice-text').textContent(), /add a second run/);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Clicks `button` and returns the downloaded file's name and contents (a Buffer). */
async function saved(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const fs = await import('node:fs/promises');
  return { name: download.suggestedFilename(), bytes: await fs.readFile(await download.path()) };
}

test('a slide-ready PNG: the plot laid out 1920 px wide, with its heading, caption and the run\'s settings, for one run and a comparison', async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=fa');
  await page.evaluate(() => { const a = window.plasticity; for (let i = 0; i < 5; i++) { a.lab.step(40); a.lab.measure(); } a.render(); });
  const size = (png) => [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
  for (const plot of ['plot-alignment', 'plot-task']) {
    await page.selectOption('#export-plot', plot);
    const png = await saved(page, '#export-slide');
    const [width, height] = size(png);
    const screen = await page.evaluate((id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.height / r.width; }, plot);
    assert.equal(width, 1920);
    assert.ok(height > 1920 * screen + 100, `${plot}: ${width}×${height}, room for the heading and caption`);
    assert.match(png.name, /-slide\.png$/);
  }
  // A comparison's shared chart and one run's task view.
  await page.evaluate(() => { location.hash = '#task=xor&compare=fa,backprop'; });
  await page.waitForFunction(() => window.plasticity.comparing && document.getElementById('plot-compare-task-1') != null);
  for (const plot of ['plot-compare-alignment', 'plot-compare-task-1']) {
    await page.selectOption('#export-plot', plot);
    assert.equal(size(await saved(page, '#export-slide'))[0], 1920, plot);
  }
  // A shared chart's slide carries the runs' key: each run's colour as a swatch in the text below the chart.
  const keyed = await page.evaluate(async () => {
    const { slide } = await import('./www/pkg/app/export.js');
    const lab = window.plasticity.lab;
    const out = await slide(document.getElementById('plot-compare-alignment'), lab, 1920);
    const band = out.getContext('2d').getImageData(0, Math.round(out.height * 0.8), out.width, Math.round(out.height * 0.2)).data;
    const has = (hex) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      for (let i = 0; i < band.length; i += 4) if (band[i] === r && band[i + 1] === g && band[i + 2] === b) return true;
      return false;
    };
    return JSON.parse(lab.runs()).map((r) => has(r.colour));
  });
  assert.deepEqual(keyed, [true, true]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('export: every plot as a PNG, the history as CSV and JSON, the weights as JSON — and they parse', async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=fa');
  await page.evaluate(() => { const a = window.plasticity; for (let i = 0; i < 5; i++) { a.lab.step(40); a.lab.measure(); } a.render(); });
  const plots = await page.locator('#export-plot option').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(plots, ['plot-loss', 'plot-alignment', 'plot-errors', 'plot-activity', 'plot-task', 'plot-network']);
  for (const plot of ['plot-loss', 'plot-network']) {
    await page.selectOption('#export-plot', plot);
    const png = await saved(page, '#export-png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG signature');
    const width = png.bytes.readUInt32BE(16);
    assert.equal(width, await page.evaluate((id) => document.getElementById(id).width, plot), 'full resolution');
    assert.match(png.name, /^plasticity-xor-fa-step200-.*\.png$/);
  }
  const csv = (await saved(page, '#export-csv')).bytes.toString();
  const rows = csv.trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(rows.slice(1).map((r) => r[0]), ['0', '40', '80', '120', '160', '200']);
  assert.ok(rows[0].includes('layer1_feedback_angle_deg') && rows[0].includes('test_accuracy'), rows[0].join());
  const json = JSON.parse((await saved(page, '#export-json')).bytes.toString());
  assert.equal(json.history.length, 6);
  assert.equal(json.history[5].test_loss, Number(rows[6][rows[0].indexOf('test_loss')]));
  assert.match(json.settings, /^task=xor&rule=fa&/);
  const weights = JSON.parse((await saved(page, '#export-weights')).bytes.toString());
  assert.deepEqual(weights.weights.map((m) => [m.rows, m.cols]), [[8, 2], [8, 8], [1, 8]]);
  assert.equal(weights.feedback.kind, 'layered');
  assert.equal(weights.step, 200);
  // In compare mode, one file holds every run.
  await page.evaluate(() => { location.hash = 'task=xor&compare=backprop,shallow'; });
  await page.waitForFunction(() => window.plasticity.comparing);
  await page.evaluate(() => { const a = window.plasticity; a.lab.step(10); a.lab.measure(); a.render(); });
  const both = (await saved(page, '#export-csv')).bytes.toString().trim().split('\n');
  assert.equal(both[0].split(',')[0], 'run');
  assert.deepEqual(both.slice(1).map((l) => l.split(',').slice(0, 2).join()), ['backprop,0', 'backprop,10', 'shallow,0', 'shallow,10']);
  assert.equal(JSON.parse((await saved(page, '#export-json')).bytes.toString()).runs.length, 2);
  assert.deepEqual(problems, []);
  await page.close();
});

test('presenter mode at 1280×720: labels of at least 22 px, few controls, three plots on one screen, keyboard driven', async () => {
  const { page, problems } = await open(browser, '#task=xor&rule=fa', { width: 1280, height: 720 });
  await page.keyboard.press('f');
  assert.match(await page.evaluate(() => location.hash), /&present=1$/);
  // The charts' own setting: the label size each visible plot is drawn with.
  const fonts = await page.evaluate(() => [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent)
    .map((c) => [c.id, window.plasticity.plots.minFont, window.chartFont(c.clientWidth, window.plasticity.plots.minFont)]));
  assert.deepEqual(fonts.map((f) => f[0]), ['plot-loss', 'plot-alignment', 'plot-task']);
  assert.ok(fonts.every(([, , font]) => font >= 22), JSON.stringify(fonts));
  const controls = await page.evaluate(() => [...document.querySelectorAll('#controls button, #controls select, #controls input')]
    .filter((e) => e.offsetParent !== null).map((e) => e.id || e.name));
  assert.deepEqual(controls, ['play', 'step', 'reset', 'rule']);
  // Everything on one screen: nothing to scroll to.
  const bottom = await page.evaluate(() => Math.max(...[...document.querySelectorAll('canvas')].filter((c) => c.offsetParent)
    .map((c) => c.getBoundingClientRect().bottom)));
  assert.ok(bottom <= 720, `the plots end at ${bottom} px`);
  // Keyboard: space plays, → steps, Escape leaves; a link with present=1 opens in presenter mode.
  await page.keyboard.press(' ');
  await page.waitForFunction(() => Number(document.getElementById('stat-step').textContent.replaceAll(',', '')) > 0);
  await page.keyboard.press(' ');
  await page.keyboard.press('Escape');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /present/);
  assert.equal(await page.evaluate(() => window.plasticity.plots.minFont), 11);
  await page.goto(new URL('#task=xor&rule=backprop&present=1', page.url()).href);
  await page.waitForFunction(() => document.body.classList.contains('presenting'));
  // Changing the rule keeps presenter mode.
  await page.selectOption('select[name=rule]', 'fa');
  await page.waitForFunction(() => /rule=fa&.*present=1/.test(location.hash));
  assert.ok(await page.evaluate(() => document.body.classList.contains('presenting')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a lesson step beside the plots: its claim, verdict and buttons are in view with Play below (laptop, projector)', async () => {
  for (const [width, height, present] of [[1280, 720, ''], [1920, 1080, '&present=1']]) {
    const { page, problems } = await open(browser, `#lesson=cerebellum&step=3${present}`, { width, height });
    await page.waitForSelector('#lesson-title');
    await page.click('.lesson .choice >> nth=1');
    await page.click('#play');
    await page.waitForFunction(() => /✓ It does/.test(document.querySelector('#lesson-claim')?.textContent), undefined, { timeout: 20000 });
    const box = await page.evaluate(() => {
      const r = (id) => { const b = document.getElementById(id).getBoundingClientRect(); return { top: b.top, bottom: b.bottom }; };
      return { lesson: r('lesson'), claim: r('lesson-claim'), answer: r('lesson-answer'), next: r('lesson-next'), play: r('play'), height: innerHeight };
    });
    // Seen without scrolling the page: inside the panel's box (which scrolls itself to the verdict), and the panel
    // and Play inside the screen — the answer appearing does not push Play off it.
    for (const k of ['claim', 'next']) {
      assert.ok(box[k].top >= box.lesson.top && box[k].bottom <= box.lesson.bottom, `${width}: ${k} outside the panel: ${JSON.stringify(box)}`);
    }
    assert.ok(box.answer.bottom > box.lesson.top, `${width}: the answer is out of sight: ${JSON.stringify(box)}`);
    assert.ok(box.lesson.bottom < box.play.top && box.play.bottom <= box.height, `${width}: ${JSON.stringify(box)}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('presenter mode from 900 px tall: the lesson is a strip across the screen whose claim wraps wide, the plots whole below it; at 1280×720 a column', async () => {
  const cases = [[1920, 1080, 'hebb-ltp&step=2'], [1920, 1080, 'feedback-alignment&step=2'], [1600, 900, 'credit-assignment&step=3'], [1280, 720, 'feedback-alignment&step=2']];
  for (const [width, height, step] of cases) {
    const { page, problems } = await open(browser, `#lesson=${step}&present=1`, { width, height });
    await page.waitForSelector('#lesson-claim');
    const box = await page.evaluate(() => {
      const r = (e) => e.getBoundingClientRect();
      const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null);
      return {
        lesson: r(document.getElementById('lesson')).width, claim: r(document.getElementById('lesson-claim')).width,
        lessonBottom: r(document.getElementById('lesson')).bottom, plotsTop: Math.min(...canvases.map((c) => r(c).top)),
        plotsBottom: Math.max(...canvases.map((c) => r(c).bottom)), scroll: document.documentElement.scrollHeight,
      };
    });
    const at = `${width}×${height} ${step}: ${JSON.stringify(box)}`;
    if (height >= 900) {
      assert.ok(box.lesson >= 0.9 * width && box.claim >= 0.3 * width, `a strip with a wide claim at ${at}`);
      assert.ok(box.lessonBottom <= box.plotsTop && box.plotsBottom <= height, `every plot whole below the strip at ${at}`);
    } else {
      assert.ok(box.lesson <= 340, `a column at ${at}`);
    }
    assert.ok(box.scroll <= height + 1, `nothing below the screen at ${at}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('embed mode: in a cross-origin sandboxed 800×600 iframe, under the strict CSP, it trains with no scrollbar', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || /Content.Security/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const src = new URL('#task=xor&rule=fa&embed=1&plots=loss,task&controls=play,step,reset', BASE_URL).href;
  // The host page is another origin (about:blank, written here); the frame is sandboxed as the README says.
  await page.setContent(`<iframe src="${src}" width="800" height="600" sandbox="allow-scripts allow-same-origin" title="plasticity"></iframe>`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => window.plasticity?.lab != null);
  await frame.waitForFunction(sized);
  assert.ok(await frame.evaluate(() => document.querySelector('meta[http-equiv=Content-Security-Policy]').content.includes("style-src 'self'")));
  const layout = await frame.evaluate(() => ({
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
    header: document.querySelector('header').offsetParent !== null,
    plots: [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent).map((c) => c.id),
    controls: [...document.querySelectorAll('#controls button, #controls select, #controls input')].filter((e) => e.offsetParent).map((e) => e.id || e.name),
    bottom: Math.max(...[...document.querySelectorAll('canvas')].filter((c) => c.offsetParent).map((c) => c.getBoundingClientRect().bottom)),
  }));
  assert.deepEqual(layout.scroll, [800, 600], 'no scrollbar');
  assert.equal(layout.header, false);
  assert.equal(await frame.evaluate(() => document.getElementById('embed-title').textContent), 'Feedback alignment · Exclusive or (2-D)');
  assert.deepEqual(layout.plots, ['plot-loss', 'plot-task']);
  assert.deepEqual(layout.controls, ['play', 'step', 'reset']);
  assert.ok(layout.bottom <= 600, `plots end at ${layout.bottom}`);
  await frame.click('#play');
  await frame.waitForFunction(() => Number(document.getElementById('stat-step').textContent.replaceAll(',', '')) > 20);
  await frame.click('#play');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an embed in a course page at height 300 takes the height it asks for, and offers fullscreen', async () => {
  // The snippet as the Embed button gives it, for two plots at a course page's smaller height and narrower column.
  const { page: lab } = await open(browser, '#task=xor&rule=fa');
  await lab.click('#embed-show');
  await lab.waitForFunction(() => document.querySelector('#embed-code')?.value.includes('plasticity:resize'));
  const snippet = (await lab.locator('#embed-code').inputValue()).replace('height="600"', 'height="300"')
    .replace(/plots=[a-z,]+/, 'plots=loss,task');
  await lab.close();
  assert.match(snippet, /allowfullscreen/);
  const course = async (html) => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    // A course page's column, 500 px wide: the frame (max-width 100 %) is as wide, and its controls wrap.
    await page.setContent(`<main style="width: 500px"><h1>Week 3</h1>${html}<p>Next: feedback alignment.</p></main>`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame.waitForFunction(() => window.plasticity?.lab != null);
    await frame.waitForFunction(sized);
    await page.waitForTimeout(500);
    const fits = () => frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight);
    return { page, frame, fits, height: () => frame.evaluate(() => innerHeight) };
  };
  // Without the script, the frame stays 300 px and cuts its plots off: the check can fail.
  const fixed = await course(snippet.replace(/<script>[^]*<\/script>/, ''));
  assert.equal(await fixed.height(), 300);
  assert.equal(await fixed.fits(), false, 'two plots and their controls need more than 300 px');
  await fixed.page.close();
  // With it, the frame takes the height the lab posts, everything shows, and the height settles.
  const followed = await course(snippet);
  const height = await followed.height();
  assert.ok(height > 300 && height < 500, `the frame is ${height} px`);
  assert.equal(await followed.fits(), true, 'nothing cut off');
  await followed.page.waitForTimeout(800);
  assert.equal(await followed.height(), height, 'the height settles');
  // Fullscreen from inside the frame, and back.
  const button = followed.frame.locator('#embed-fullscreen');
  assert.ok(await button.isVisible());
  await button.click();
  await followed.frame.waitForFunction(() => document.fullscreenElement != null && document.getElementById('embed-fullscreen').textContent === 'Leave fullscreen');
  await button.click();
  await followed.frame.waitForFunction(() => document.fullscreenElement == null);
  await followed.page.waitForTimeout(300);
  assert.equal(await followed.height(), height, 'back to the height it had: fullscreen posts no height');
  await followed.page.close();
  // A frame that does not allow fullscreen shows no button for it.
  const plain = await course(snippet.replace(/ allow="fullscreen" allowfullscreen/, ''));
  assert.equal(await plain.frame.locator('#embed-fullscreen').isVisible(), false);
  await plain.page.close();
});

test('hand-written view links: unknown plots and controls are said and dropped, a bare embed fits 800×600', async () => {
  const { page, problems } = await open(browser, '#task=xor&embed=1', { width: 800, height: 600 });
  await page.waitForFunction(sized);
  // An embed link without plots= or controls= shows what the Embed button's snippet would, and fits its frame.
  const fit = await page.evaluate(() => ({ plots: [...document.querySelectorAll('#single figure')].filter((f) => !f.hidden).length,
    height: document.documentElement.scrollHeight, notice: document.querySelector('#notice').hidden }));
  assert.deepEqual(fit, { plots: 3, height: 600, notice: true });
  await page.goto(new URL('#task=xor&plots=loss,nope&controls=zzz', page.url()).href);
  await page.waitForFunction(() => /no plot named 'nope'/.test(document.querySelector('#notice-text').textContent));
  const state = await page.evaluate(() => ({ notice: document.querySelector('#notice-text').textContent,
    plots: [...document.querySelectorAll('#single figure')].filter((f) => !f.hidden).map((f) => f.querySelector('canvas').id),
    hash: decodeURIComponent(location.hash) }));
  assert.match(state.notice, /left out\..*no control named 'zzz' .*showing the usual controls/);
  assert.deepEqual(state.plots, ['plot-loss']);
  assert.match(state.hash, /&plots=loss$/, 'the unknown names leave the URL');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Embed button shows a snippet that opens this run in embed mode', async () => {
  const { page, problems } = await open(browser, '#task=circle&rule=kolen-pollack');
  await page.click('#embed-show');
  // The snippet's module is fetched on the first press: wait for the panel it fills.
  await page.locator('#embed-panel').waitFor({ state: 'visible' });
  const code = await page.locator('#embed-code').inputValue();
  assert.match(code, /^<iframe src="[^"]*#task=circle&rule=kolen-pollack&[^"]*embed=1[^"]*" width="800" height="600" [^>]*sandbox="allow-scripts allow-same-origin"[^>]* allowfullscreen[^>]*><\/iframe>\n<script>\n[^]*'plasticity:resize'[^]*<\/script>$/);
  const src = code.match(/src="([^"]+)"/)[1];
  await page.goto(src);
  await page.waitForFunction(() => document.body.classList.contains('embedded'));
  assert.match(await page.evaluate(() => location.hash), /rule=kolen-pollack/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('axe-core: no serious or critical accessibility violation on the lab, compare, presenter and embed pages', { timeout: 120000 }, async () => {
  const { createRequire } = await import('node:module');
  const axe = (await import('node:fs/promises')).readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const found = [];
  const minor = [];
  let checked = 0;
  for (const hash of ['#task=xor', `#${FOUR}`, '#task=digits&rule=fa&present=1', '#task=xor&embed=1&plots=loss,task&controls=play,step,reset']) {
    for (const view of [{ width: 1366, height: 768 }, { width: 390, height: 844, dpr: 2, phone: true }]) {
      const { page, problems } = await open(browser, hash, view);
      if (hash.includes('digits')) await page.waitForSelector('#digit-pad:not([hidden])'); // checked with its pad
      await page.evaluate(() => { const a = window.plasticity; a.lab.step(30); a.lab.measure(); a.render(); });
      // Injected through the dev-tools protocol, which the page's CSP does not govern.
      await page.evaluate(await axe);
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      checked += result.passes.length + result.violations.length;
      minor.push(...result.violations.filter((x) => !['serious', 'critical'].includes(x.impact)).map((v) => `${v.id} (${v.impact})`));
      for (const v of result.violations.filter((x) => ['serious', 'critical'].includes(x.impact))) {
        found.push(`${hash} ${view.width}px: ${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      }
      assert.deepEqual(problems, []);
      await page.close();
    }
  }
  console.log(`# axe-core: ${checked} rule results; moderate or minor: ${[...new Set(minor)].join(', ') || 'none'}`);
  assert.ok(checked > 100, 'axe ran its rules');
  assert.deepEqual(found, []);
});

test('compare, presenter and embed modes on a phone: nothing scrolls sideways, every control at least 44 px', async () => {
  for (const hash of [`#${FOUR}`, '#task=xor&present=1', '#task=xor&embed=1&controls=play,step,reset,rule']) {
    const { page, problems } = await open(browser, hash, { width: 390, height: 844, dpr: 2, phone: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `${hash}: ${overflow} px of sideways scroll`);
    const small = await page.evaluate(() => [...document.querySelectorAll('button, select, input, textarea')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => ({ what: e.id || e.name || e.title || e.textContent, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ what, r }) => `${what}: ${Math.round(r.width)}×${Math.round(r.height)}`));
    assert.deepEqual(small, [], hash);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the server sends the strict Content-Security-Policy with the page', async () => {
  const response = await fetch(BASE_URL);
  assert.equal(response.headers.get('content-security-policy'),
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  assert.match(await response.text(), /http-equiv="Content-Security-Policy"/);
});

test('presenter mode side by side: both charts and every run\'s task view on one screen at 1280×720 and 1920×1080', async () => {
  for (const view of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    const { page, problems } = await open(browser, `#${FOUR}&present=1`, view);
    await page.waitForFunction(() => document.querySelectorAll('#compare .small-multiples canvas').length === 4);
    await page.waitForTimeout(300);
    const off = await page.evaluate(() => [...document.querySelectorAll('#compare canvas')].filter((c) => {
      const r = c.getBoundingClientRect();
      return r.top < 0 || r.bottom > innerHeight || r.right > innerWidth || r.height < 100;
    }).map((c) => c.id));
    assert.deepEqual(off, [], `${view.width}×${view.height}`);
    // The counter keeps its width as it grows: the bar beside it does not jump.
    const width = () => page.evaluate(() => document.getElementById('compare-step').getBoundingClientRect().width);
    const before = await width();
    await page.evaluate(() => { document.getElementById('compare-step').textContent = '100,000'; });
    assert.equal(await width(), before);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
