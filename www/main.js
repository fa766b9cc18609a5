// The lab page: one app object owns the wasm Lab, the controls, the plots and the animation loop. Training and
// drawing are decoupled: each frame trains as many mini-batches as the speed asks for and its time budget allows,
// then measures once and redraws every plot once.

import init, { Comparison, Lab, changed, chart_font, load_data, options, query_messages } from './pkg/plasticity_web.js';
import { Controls } from './controls.js';
import { MY_ANSWERS, fillMenu, lessonStyle, loadIndex } from './lesson-menu.js';
import { Plots } from './plots.js';

const $ = (id) => document.getElementById(id);

/** Milliseconds a frame may spend in all (training, measuring, drawing): well under the 50 that counts as blocking
 *  the page, with room for the odd slow frame. Training gets what measuring and drawing leave, 2 to 8. */
const FRAME_MS = 20;

/** Keys of the URL that say how the page shows a run rather than what the run is: presenter mode, embed mode and
 *  which plots and controls an embed shows. They stay in the URL but never reach the core. */
const VIEW_KEYS = ['present', 'embed', 'plots', 'controls', 'lesson', 'step'];

/** Splits a hash into the run's query and the view's settings. */
function splitHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view = new URLSearchParams();
  for (const key of VIEW_KEYS) {
    if (params.has(key)) { view.set(key, params.get(key)); params.delete(key); }
  }
  return { run: params.toString(), view };
}

/** The runs of a compare-mode hash (`compare=…`), or null. */
const compareList = (hash) => new URLSearchParams(hash.replace(/^#/, '')).get('compare');

/** Presenter mode: plot labels of at least this many CSS pixels (the back of a lecture hall), the plots that
 *  carry the lecture's argument, and the controls a lecturer needs. */
const PRESENTER_FONT = 22;
const PRESENTER_PLOTS = ['loss', 'alignment', 'task'];
const PRESENTER_CONTROLS = ['play', 'step', 'reset', 'rule'];
/** An embed without `plots=` or `controls=` (a link written by hand): what the Embed button's snippet names, which
 *  fits its 800×600 frame. */
const EMBED_PLOTS = ['loss', 'alignment', 'task'];
const EMBED_CONTROLS = ['play', 'step', 'reset'];

const app = {
  view: new URLSearchParams(),
  /** The running `Lab`, or in compare mode the `Comparison` (both step, measure, say their query and whether
   *  they diverged). */
  lab: null,
  /** Each run's first measurement (step 0), by its name in the claims: what a lesson's Δ terms compare with. */
  initial: new Map(),
  comparing: false,
  compare: null,
  controls: null,
  plots: null,
  options: null,
  playing: false,
  /** The measured cost of one step, or null until the run has taken one (a new rule or task may cost 1000× more). */
  msPerStep: null,
  /** The measured costs of measuring the run and of drawing it. When the two together take too long for one frame,
   *  frames take turns: one measures, the next draws (the plots then move at half the display rate). */
  msPerMeasure: 5,
  msPerDraw: 5,
  turn: 0,
  broken: false,

  async start() {
    window.addEventListener('plasticity-panic', (e) => this.fail(`The engine stopped: ${e.detail}`, true));
    await init();
    this.options = JSON.parse(options());
    this.controls = new Controls($('controls'), this.options, changed, (query, live) => this.apply(query, live));
    this.plots = new Plots(() => { if (this.lab) this.render(); });
    $('compare-toggle').addEventListener('click', () => this.toggleCompare());
    $('export').addEventListener('click', async (e) => {
      const button = e.target.closest('button');
      if (!button) return;
      try { await (await import('./export.js')).run(button.id, this.lab, (lines) => this.notify(lines)); }
      catch (err) { this.notify([`Export failed: ${err.message ?? err}`]); }
    });
    $('present-toggle').addEventListener('click', () => this.togglePresent());
    $('embed-show').addEventListener('click', () => this.showEmbed());
    $('embed-close').addEventListener('click', () => { $('embed-panel').hidden = true; $('embed-show').focus(); });
    $('embed-copy').addEventListener('click', async () => {
      try { await navigator.clipboard.writeText($('embed-code').value); this.notify(['The embed code is on the clipboard.']); }
      catch { $('embed-code').select(); this.notify(['Press Ctrl+C (⌘C) to copy the selected code.']); }
    });
    this.lessonIndex = [];
    loadIndex().then((index) => {
      this.lessonIndex = index;
      fillMenu($('lesson-menu'), index, this.lessons?.lesson?.slug);
    }).catch((e) => this.notify([`The lessons could not be listed (${e.message ?? e}).`]));
    $('lesson-menu').addEventListener('change', async (e) => {
      const chosen = e.target.value;
      if (chosen === MY_ANSWERS) { this.myAnswers(); return; }
      if (!chosen) { this.closeLesson(); return; }
      const panel = await this.lessonPanel();
      // Another choice made while the panel's script came (the first time): that one stands.
      if (e.target.value !== chosen) return;
      if (panel) panel.open(chosen, 1); else e.target.value = '';
    });
    $('banner-reset').addEventListener('click', () => this.reset(location.hash));
    $('notice-close').addEventListener('click', () => { $('notice').hidden = true; });
    const { play, step, reset } = this.controls.buttons;
    play.addEventListener('click', () => this.toggle());
    step.addEventListener('click', () => this.step());
    reset.addEventListener('click', () => this.reset(location.hash));
    document.addEventListener('keydown', (e) => this.key(e));
    window.addEventListener('hashchange', () => { if (this.hash() !== location.hash) this.reset(location.hash); });
    this.reset(location.hash);
    requestAnimationFrame(() => this.tick());
  },

  /** Fetches the data sets the runs in `queries` need and the wasm leaves out (the digits: a task's `data` in the
   *  options), once each, from the page's own folder. A file that cannot be had is reported; the run then falls
   *  back to the default task with a message, as for any setting it cannot use. */
  async fetchData(queries) {
    this.loaded ??= new Map();
    const files = new Set(queries.map((q) => new URLSearchParams(q.replace(/^#/, '')).get('task'))
      .map((name) => this.options.tasks.find((t) => t.name === name)?.data).filter(Boolean));
    for (const file of files) {
      if (!this.loaded.has(file)) {
        this.loaded.set(file, (async () => {
          const response = await fetch(new URL(`pkg/${file}`, import.meta.url));
          if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
          const text = await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).text();
          load_data(file, text);
        })().catch((e) => {
          this.loaded.delete(file);
          this.notify([`The data set ${file} could not be loaded (${e.message ?? e}).`]);
        }));
      }
      await this.loaded.get(file);
    }
  },

  /** The lesson panel, its script fetched the first time a lesson opens; null (with a message) if it cannot be. */
  lessonPanel() {
    this.lessonsLoading ??= Promise.all([import('./lessons.js'), lessonStyle()]).then(([{ LessonPanel }]) => {
      this.lessons = new LessonPanel($('lesson'), $('lesson-menu'), {
        open: (query, view) => this.reset(`${query}&${new URLSearchParams({ ...Object.fromEntries(this.view), ...view })}`),
        notify: (lines) => this.notify(lines),
        messages: (query) => JSON.parse(query_messages(query)),
        prepare: (queries) => this.fetchData(queries),
        measurements: () => this.measurements(),
        closeLesson: () => this.closeLesson(),
        index: () => this.lessonIndex,
        // A page of the lesson that keeps the run on show (a step with no run, the end check): only the link changes.
        mark: (view) => { for (const [k, v] of Object.entries(view)) this.view.set(k, v); this.writeHash(); },
        rules: () => this.options.rules,
      });
      return this.lessons;
    }).catch((e) => {
      this.lessonsLoading = null;
      this.notify([`The lessons could not be loaded (${e.message ?? e}).`]);
      return null;
    });
    return this.lessonsLoading;
  },

  /** "My answers" over the page (answers.js, fetched the first time); the menu goes back to the open lesson. */
  async myAnswers() {
    const menu = $('lesson-menu');
    const back = () => fillMenu(menu, this.lessonIndex, this.lessons?.lesson?.slug);
    back();
    this.pause();
    try {
      const [{ open }] = await Promise.all([import('./answers.js'), lessonStyle()]);
      await open(this.lessonIndex, (lines) => this.notify(lines), () => { back(); menu.focus(); });
    } catch (e) {
      this.notify([`Your answers could not be shown (${e.message ?? e}).`]);
    }
  },

  /** The side-by-side view, its script fetched the first time a comparison opens; null (with a message) if it
   *  cannot be. */
  compareView() {
    this.compareLoading ??= import('./compare.js').then(({ CompareView }) => {
      this.compare = new CompareView($('compare'), this.options, {
        onAdd: (spec) => this.changeRuns((c) => c.add(spec)),
        onRemove: (k) => this.changeRuns((c) => c.remove(k)),
        redraw: () => { if (this.lab && this.comparing) this.render(); },
      });
      return this.compare;
    }).catch((e) => {
      this.compareLoading = null;
      this.notify([`The side-by-side view could not be loaded (${e.message ?? e}).`]);
      return null;
    });
    return this.compareLoading;
  },

  /** Starts a fresh run from a URL hash; whatever the hash holds, the page ends up with a valid run. A hash whose
   *  task needs a data set first waits for it, as does one that opens a comparison or a lesson for the script that
   *  shows it (the latest reset wins if several wait). */
  async reset(hash) {
    const ticket = (this.resets = (this.resets ?? 0) + 1);
    const { run, view } = splitHash(hash);
    const comparing = compareList(run) !== null;
    await Promise.all([
      this.fetchData([run]),
      comparing && this.compareView(),
      view.get('lesson') && this.lessonPanel(),
    ]);
    if (ticket !== this.resets) return;
    // A lesson closed while this run was on its way (a step's run, say) stays closed.
    if (ticket <= (this.lessonClosed ?? 0)) { view.delete('lesson'); view.delete('step'); }
    hash = run;
    this.view = view;
    this.pause();
    $('banner').hidden = true;
    if (this.broken) { location.reload(); return; }
    // Without its script (a message has said why) a comparison's link opens its first run alone.
    this.comparing = comparing && Boolean(this.compare);
    const notes = [];
    try {
      this.lab?.free();
      this.lab = this.comparing ? new Comparison(hash.replace(/^#/, '')) : new Lab(hash.replace(/^#/, ''));
    } catch (e) {
      this.comparing = false;
      this.lab = new Lab('');
      notes.push(`The link could not be used (${e}); started the default run instead.`);
    }
    this.trained = 0;
    // The new run's first measurements (step 0), for the lessons' Δ terms.
    this.initial = new Map();
    this.measurements();
    this.showMode();
    notes.push(...this.showView());
    this.followLesson();
    notes.push(...JSON.parse(this.lab.messages()).map((m) => `Changed ${m}.`));
    if (notes.length) this.notify(notes);
    else $('notice').hidden = true;
    this.writeHash();
    this.controls.show(this.lab.query());
    this.describe(new URLSearchParams(this.lab.query()));
    this.msPerStep = null;
    // A new run has measured itself at step 0 (measuring again would record step 0 twice).
    this.render();
  },

  /** Opens the lesson step the URL names (a link from a slide), or closes the lesson when the URL names none. */
  followLesson() {
    const name = this.view.get('lesson');
    const step = this.view.get('step') ?? '1';
    const open = this.lessons?.lesson;
    if (!name) { if (open) this.lessons.close(); return; }
    if (!this.lessons) { this.view.delete('lesson'); this.view.delete('step'); return; }
    if (open?.slug === name && this.lessons.stepName === step) { this.lessons.highlight(this.lessons.step?.look ?? null); return; }
    this.lessons.open(name, step);
  },

  closeLesson() {
    this.lessonClosed = this.resets ?? 0;
    this.view.delete('lesson');
    this.view.delete('step');
    this.writeHash();
    this.lessons?.close();
  },

  /** Every run's latest measurement, as the lessons' claims read them: `[{run, diagnostics, initial}]`, `initial`
   *  the run's first measurement (step 0; for a claim's Δ terms). */
  measurements() {
    const runs = this.comparing ? JSON.parse(this.lab.diagnostics())
      : [{ run: new URLSearchParams(this.lab.query()).get('rule'), diagnostics: JSON.parse(this.lab.diagnostics()) }];
    // A run is measured at step 0 when it starts (a run added to a comparison too): that measurement is its first.
    for (const r of runs) if (r.diagnostics.step === 0) this.initial.set(r.run, r.diagnostics);
    return runs.map((r) => ({ ...r, initial: this.initial.get(r.run) }));
  },

  /** The URL hash for the run and the view. */
  hash() {
    const view = this.view?.toString();
    return `#${this.lab.query()}${view ? `&${view}` : ''}`;
  },

  writeHash() { history.replaceState(null, '', this.hash()); },

  /** A run's query with the current view's keys, so that a change of setting keeps presenter or embed mode. */
  withView(query) {
    const view = this.view?.toString();
    return view ? `${query}&${view}` : query;
  },

  /** Shows the iframe snippet that embeds this run in a course page. */
  showEmbed() {
    const url = new URL(location.href);
    const view = new URLSearchParams(this.view);
    view.delete('present');
    view.set('embed', '1');
    if (!view.has('plots') && !this.comparing) view.set('plots', EMBED_PLOTS.join(','));
    if (!view.has('controls')) view.set('controls', EMBED_CONTROLS.join(','));
    url.hash = `${this.lab.query()}&${view}`;
    const title = this.comparing ? 'rules side by side' : new URLSearchParams(this.lab.query()).get('rule');
    $('embed-code').value = `<iframe src="${url.href}" width="800" height="600" `
      + `sandbox="allow-scripts allow-same-origin" loading="lazy" title="plasticity: ${title}"></iframe>`;
    $('embed-panel').hidden = false;
    $('embed-code').focus();
    $('embed-code').select();
  },

  /** Applies the view keys: presenter mode (large type, few controls, the plots that matter), embed mode (no
   *  header or footer; `plots=` and `controls=` choose what shows). Returns what it could not use: a name in
   *  `plots=` or `controls=` the page does not have is said, and dropped from the URL. */
  showView() {
    const v = this.view;
    const presenting = v.get('present') === '1';
    const embedded = v.get('embed') === '1';
    document.body.classList.toggle('presenting', presenting);
    document.body.classList.toggle('embedded', embedded);
    // On a phone, 22 px labels would not fit its plots: presenter mode is for a projector.
    this.plots.minFont = presenting && innerWidth > 700 ? PRESENTER_FONT : 11;
    $('present-toggle').setAttribute('aria-pressed', String(presenting));
    $('present-toggle').textContent = presenting ? 'Leave presenter mode' : 'Presenter mode';
    const problems = [];
    const list = (key, what, known) => {
      const names = v.get(key)?.split(',').filter(Boolean);
      if (!names) return null;
      const kept = names.filter((n) => known.includes(n));
      const unknown = names.filter((n) => !known.includes(n));
      if (unknown.length) {
        problems.push(`Changed ${key}: no ${what} named ${unknown.map((n) => `'${n}'`).join(', ')} (choose from `
          + `${known.join(', ')}); ${kept.length ? 'left out' : `showing the usual ${what}s`}.`);
        if (kept.length) v.set(key, kept.join(',')); else v.delete(key);
      }
      return kept.length ? kept : null;
    };
    const figures = [...document.querySelectorAll('#single .plots figure')]
      .map((figure) => [figure, figure.querySelector('canvas').id.replace(/^plot-/, '')]);
    const plots = list('plots', 'plot', figures.map(([, name]) => name))
      ?? (presenting ? PRESENTER_PLOTS : embedded ? EMBED_PLOTS : null);
    for (const [figure, name] of figures) figure.hidden = plots !== null && !plots.includes(name);
    document.querySelector('#single .plots').dataset.count = plots?.length ?? '';
    const controls = list('controls', 'control', this.controls.names())
      ?? (presenting ? PRESENTER_CONTROLS : embedded ? EMBED_CONTROLS : null);
    this.controls.only(controls);
    return problems;
  },

  togglePresent() {
    if (this.view.get('present') === '1') this.view.delete('present'); else this.view.set('present', '1');
    this.writeHash();
    this.showView();
    this.render();
  },

  /** Shows the single run's panels or the comparison's. */
  showMode() {
    document.body.classList.toggle('comparing', this.comparing);
    $('compare').hidden = !this.comparing;
    $('single').hidden = this.comparing;
    $('compare-toggle').textContent = this.comparing ? 'Back to one run' : 'Compare rules side by side';
    $('compare-toggle').setAttribute('aria-pressed', String(this.comparing));
    if (this.comparing) this.compare.show(this.lab);
    this.listPlots();
  },

  /** Lists the plots on show in the Export section's menu (their captions name them), keeping the choice. */
  listPlots() {
    const menu = $('export-plot');
    const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null);
    const keep = menu.value;
    menu.replaceChildren(...canvases.map((c) => new Option(document.getElementById(c.getAttribute('aria-labelledby'))?.textContent || c.id, c.id)));
    if (canvases.some((c) => c.id === keep)) menu.value = keep;
  },

  /** Switches between one run and a comparison that starts with it (the first run's rule, going back). */
  toggleCompare() {
    const params = new URLSearchParams(this.lab.query());
    if (this.comparing) {
      const first = params.get('compare').split(',')[0].split(':')[0];
      params.delete('compare');
      this.reset(this.withView(changed(params.toString(), 'rule', first)));
    } else {
      this.reset(this.withView(`${this.lab.query()}&compare=${params.get('rule')}`));
    }
  },

  /** Adds or removes a run; the others go on. */
  changeRuns(change) {
    try {
      change(this.lab);
      $('notice').hidden = true;
    } catch (e) {
      this.notify([String(e)]);
      return;
    }
    this.writeHash();
    this.compare.show(this.lab);
    this.render();
  },

  /** The texts that come from the core's facts: the running rule's description (the panels' captions come with
   *  their summaries). */
  describe(params) {
    // The embed shows no header or description: one line names what runs, with a link to the full lab.
    const task = this.options.tasks.find((t) => t.name === params.get('task'));
    const rule = this.options.rules.find((r) => r.name === params.get('rule'));
    // A rule that becomes another algorithm on the reward-only variant is named for the one that runs.
    const title = params.get('reward') === '1' ? rule?.rewardTitle : rule?.title;
    const who = this.comparing ? 'Rules side by side' : title;
    $('embed-title').textContent = `${who ?? ''} · ${task?.title ?? ''}`;
    if (this.comparing) {
      $('rule-title').textContent = 'Runs side by side';
      $('rule-about').textContent = 'Every run learns the same task from the same data, the same initial forward '
        + 'weights and the same sequence of mini-batches, one step each in turn: the differences you see are the '
        + 'rules’. The settings on the left are shared; each run may have its own learning rate.';
      $('rule-citation').textContent = '';
      $('rule-note').hidden = true;
      return;
    }
    const note = this.comparing ? undefined : this.lab.coincidence();
    $('rule-note').hidden = !note;
    $('rule-note').textContent = note ?? '';
    $('rule-title').textContent = title ?? 'The rule';
    $('rule-about').textContent = rule?.about ?? '';
    $('rule-citation').textContent = rule?.citation ?? '';
  },

  /** A control changed: live settings go to the running network, the rest start a new run. */
  apply(query, live) {
    // A comparison restarts on any shared setting; a new task drops the list (as it drops most settings), so it
    // is carried over.
    if (this.comparing) {
      const list = compareList(this.lab.query());
      this.reset(this.withView(compareList(query) === null ? `${query}&compare=${list}` : query));
      return;
    }
    if (!live) { this.reset(this.withView(query)); return; }
    const value = Number(new URLSearchParams(query).get(live));
    try {
      if (live === 'lr') this.lab.set_learning_rate(value);
      else this.lab.set_batch_size(value);
    } catch (e) {
      this.notify([String(e)]);
    }
    this.writeHash();
    this.controls.show(this.lab.query());
  },

  /** Play or pause; a pause draws once more, so the text alternatives (refreshed twice a second while playing)
   *  describe the run as it stopped. */
  toggle() { if (this.playing) { this.pause(); this.guard(() => this.render()); } else this.play(); },
  play() { if (!this.broken && !this.lab.diverged()) { this.playing = true; this.controls.playing(true); } },
  pause() { this.playing = false; this.controls?.playing(false); },

  /** Exactly one mini-batch. */
  step() {
    this.pause();
    this.guard(() => { this.trained += this.lab.step(1); this.lab.measure(); this.render(); });
  },

  tick() {
    if (this.playing && this.lab) {
      this.guard(() => {
        const split = this.msPerMeasure + this.msPerDraw > FRAME_MS / 2;
        this.turn = split ? 1 - this.turn : 0;
        const overhead = split ? Math.max(this.msPerMeasure, this.msPerDraw) : this.msPerMeasure + this.msPerDraw;
        // A lesson's claim is about the run at its step: playing stops there, so the verdict is taken at that step
        // and the plots show the run as the claim describes it (Play goes on from there).
        const stop = this.lessons?.stopAt(this.trained);
        const speed = stop == null ? this.controls.speed() : Math.min(this.controls.speed(), stop - this.trained);
        this.train(speed, Math.min(8, Math.max(2, FRAME_MS - overhead)));
        if (stop != null && this.trained >= stop) { this.pause(); this.lab.measure(); this.render(); return; }
        const t0 = performance.now();
        if (!split || this.turn === 1) {
          this.lab.measure();
          this.msPerMeasure = 0.8 * this.msPerMeasure + 0.2 * (performance.now() - t0);
        }
        const t1 = performance.now();
        if (!split || this.turn === 0) {
          this.render();
          this.msPerDraw = 0.8 * this.msPerDraw + 0.2 * (performance.now() - t1);
        }
      });
    }
    requestAnimationFrame(() => this.tick());
  },

  /** Trains up to `steps` mini-batches but stops once the frame's training budget is spent, so a slow rule
   *  (predictive coding relaxes 40 times a step) at a high speed never freezes the page. Chunks are sized from
   *  the measured cost of a step; a run that has not yet taken one takes exactly one first. */
  train(steps, budget) {
    const start = performance.now();
    let done = 0;
    while (done < steps) {
      const left = budget - (performance.now() - start);
      if (done > 0 && left <= 0) break;
      // Chunks of at most half what is left, so that a misjudged cost cannot overrun the budget by much.
      const chunk = this.msPerStep == null ? 1
        : Math.max(1, Math.min(steps - done, Math.floor((0.5 * Math.max(left, 0)) / this.msPerStep)));
      const t0 = performance.now();
      const ran = this.lab.step(chunk);
      this.trained += ran;
      const cost = Math.max((performance.now() - t0) / chunk, 1e-4);
      this.msPerStep = this.msPerStep == null ? cost : 0.8 * this.msPerStep + 0.2 * cost;
      done += ran;
      if (ran < chunk) break; // diverged
    }
  },

  /** Updates the numbers and redraws every plot (and a lesson's claim, a couple of times a second while playing). */
  render() {
    const now = performance.now();
    if (this.lessons?.lesson && (!this.playing || now - (this.checked ?? 0) > 400)) { this.lessons.update(); this.checked = now; }
    if (this.comparing) { this.renderComparison(); return; }
    this.plots.draw(this.lab, this.playing);
    // For the load-time test: when the first picture was on the page, in ms from navigation.
    if (!this.drawnOnce) { this.drawnOnce = true; performance.mark('plasticity-first-plot'); }
    // The numbers come formatted from the core's side, as the plots write them.
    const s = JSON.parse(this.lab.stats());
    $('stat-step').textContent = s.step;
    $('stat-samples').textContent = s.samples;
    this.showItems(s.items);
    const diverged = this.lab.diverged();
    if (diverged) { this.pause(); this.fail(diverged, false); }
  },

  renderComparison() {
    this.compare.draw(this.lab, this.playing, this.plots.dpr, this.plots.minFont);
    const now = performance.now();
    if (!this.playing || now - (this.described ?? 0) > 500) { this.compare.describe(this.lab); this.described = now; }
    const diverged = this.lab.diverged();
    if (diverged) { this.pause(); this.fail(diverged, false); }
  },

  /** The stats line's other numbers: the same spans updated in place while the items stay the same. */
  showItems(items) {
    const more = $('stat-more');
    const ids = items.map((i) => `${i.id}:${i.label}`).join();
    if (more.dataset.ids !== ids) {
      more.replaceChildren(...items.map((i) => {
        const b = Object.assign(document.createElement('b'), { id: `stat-${i.id}` });
        const span = document.createElement('span');
        span.append(`${i.label} `, b);
        return span;
      }));
      more.dataset.ids = ids;
    }
    for (const i of items) $(`stat-${i.id}`).textContent = i.value;
  },

  guard(f) {
    try { f(); } catch (e) { this.pause(); this.fail(`Something went wrong: ${e}`, true); }
  },

  fail(message, broken) {
    this.broken ||= broken;
    $('banner-text').textContent = message;
    $('banner').hidden = false;
  },

  notify(lines) {
    $('notice-text').textContent = lines.join(' ');
    $('notice').hidden = false;
  },

  /** The page's shortcuts, only while no control has focus: a focused button takes Space and Enter itself. */
  key(e) {
    const focused = document.activeElement;
    if ((focused && focused !== document.body) || e.ctrlKey || e.metaKey || e.altKey) return;
    // "My answers" covers the lab: its keys are its own.
    if (document.body.classList.contains('answers-open')) return;
    if (e.key === ' ') { e.preventDefault(); this.toggle(); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); this.step(); }
    else if (e.key === 'r') { this.reset(location.hash); }
    else if (e.key === 'f') { this.togglePresent(); }
    else if (e.key === 'Escape' && this.view.get('present') === '1') { this.togglePresent(); }
    // Lessons: n and p, or a presentation clicker's PageDown and PageUp.
    else if ((e.key === 'n' || e.key === 'PageDown') && this.lessons?.lesson) { e.preventDefault(); this.lessons.next(); }
    else if ((e.key === 'p' || e.key === 'PageUp') && this.lessons?.lesson) { e.preventDefault(); this.lessons.previous(); }
  },
};

window.plasticity = app; // for the end-to-end tests and the curious
window.chartFont = chart_font; // the charts' label size, for the presenter-mode test
app.start();
