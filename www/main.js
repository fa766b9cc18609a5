// The lab page: one app object owns the wasm Lab (or a comparison), the controls, the plots, the lesson panel and
// the side-by-side view, and opens runs from the URL. Its view methods are in view.js, its frame loop in loop.js.

import init, * as firstBuild from './pkg/plasticity_web.js';
import { Controls } from './controls.js';
import { MY_ANSWERS, fillMenu, loadIndex } from './lesson-menu.js';

/** The key in `localStorage` that says the welcome was answered. */
const WELCOMED = 'plasticity-welcomed';
import { Plots } from './plots.js';
import { $, loadStyle, typing } from './dom.js';
import { frameLoop } from './loop.js';
import { compareList, splitHash, viewModes, writesRule } from './view.js';

const app = {
  // ---- Every field of the app, declared here (its methods come after, and from view.js and loop.js). ----
  /** The bindings in use: the first visit's build, or once a rule is written the build with the rule language
   *  (writing.js), and their lists of tasks, rules and settings (`options()`). */
  engine: firstBuild,
  options: null,
  languageLoading: null,
  /** The rule editor (editor.js), made when a rule is first written. */
  editor: null,
  /** The view keys of the URL (presenter, embed, plots, controls, lesson, step): see view.js. */
  view: new URLSearchParams(),
  /** The running `Lab`, or in compare mode the `Comparison` (both step, measure, say their query and whether
   *  they diverged). */
  lab: null,
  /** Whether `lab` is a comparison, and the side-by-side view (compare.js, fetched when first needed). */
  comparing: false,
  compare: null,
  compareLoading: null,
  /** The settings panel, the plots, a digit task's drawing pad and a 2-D task's points editor (pad.js, points.js). */
  controls: null,
  plots: null,
  pad: null,
  points: null,
  /** The lessons' index, the lesson panel (lessons.js, fetched when a lesson first opens), and the reset at which
   *  a lesson was last closed (a step's run still on its way then does not reopen it). */
  lessonIndex: [],
  lessons: null,
  lessonsLoading: null,
  lessonClosed: 0,
  /** Each run's first measurement (step 0), by its name in the claims: what a lesson's Δ terms compare with. */
  initial: new Map(),
  /** The data sets fetched (or being fetched), by file, and their texts (for the build loaded later). */
  loaded: new Map(),
  dataTexts: new Map(),
  /** How many resets have started: a slower, older one that finishes late is dropped. */
  resets: 0,
  /** Playing; mini-batches trained by this page since the run started; whether the engine broke (the next reset
   *  reloads the page). */
  playing: false,
  trained: 0,
  broken: false,
  /** Whether this run has been said to be stuck (said once a run; it trains on). */
  stuckSaid: false,
  /** The measured cost of one step, or null until the run has taken one (a new rule or task may cost 1000× more). */
  msPerStep: null,
  /** The measured costs of measuring the run and of drawing it. When the two together take too long for one frame,
   *  frames take turns (`turn`): one measures, the next draws (the plots then move at half the display rate). */
  msPerMeasure: 5,
  msPerDraw: 5,
  turn: 0,
  /** When a lesson's claim and a comparison's text alternatives were last refreshed while playing, and whether
   *  the first plot has been drawn (the load test's mark). */
  checked: 0,
  described: 0,
  drawnOnce: false,

  async start() {
    window.addEventListener('plasticity-panic', (e) => this.fail(`The engine stopped: ${e.detail}`, true));
    await init();
    this.options = JSON.parse(this.engine.options());
    const changed = (query, key, value) => this.engine.changed(query, key, value);
    this.controls = new Controls($('controls'), this.options, changed, (query, live) => this.apply(query, live), () => this.useLanguage().then((m) => m?.writeRule(this)));
    this.plots = new Plots(document.querySelector('#single .plots'), this.options.panels, () => { if (this.lab) this.render(); });
    $('compare-toggle').addEventListener('click', () => this.toggleCompare());
    $('export').addEventListener('click', async (e) => {
      const button = e.target.closest('button');
      if (!button) return;
      try { await (await import('./export.js')).run(button.id, this.lab, (lines) => this.notify(lines)); }
      catch (err) { this.notify([`Export failed: ${err.message ?? err}`]); }
    });
    $('present-toggle').addEventListener('click', () => this.togglePresent());
    $('embed-show').addEventListener('click', async () => {
      try { (await import('./export.js')).showEmbed(this); } catch (e) { this.notify([`The embed code could not be made (${e.message ?? e}).`]); }
    });
    loadIndex().then((index) => {
      this.lessonIndex = index;
      fillMenu($('lesson-menu'), index, this.lessons?.lesson?.slug);
    }).catch((e) => this.notify([`The lessons could not be listed (${e.message ?? e}).`]));
    // Offline use, a second after the page has loaded and drawn (the first visit's own download comes first).
    const offline = () => setTimeout(() => import('./service.js').then((m) => m.keepOffline((lines) => this.notify(lines), () => this.trained > 0 || this.lessons?.lesson != null)).catch(() => {}), 1000);
    if (document.readyState === 'complete') offline(); else addEventListener('load', offline, { once: true });
    $('lesson-menu').addEventListener('change', async (e) => {
      const chosen = e.target.value;
      if (chosen === MY_ANSWERS) { this.myAnswers(); return; }
      if (!chosen) { this.closeLesson(); return; }
      $('welcome').hidden = true;
      const panel = await this.lessonPanel();
      // Another choice made while the panel's script came (the first time): that one stands.
      if (e.target.value !== chosen) return;
      if (panel) panel.open(chosen, 1); else e.target.value = '';
      // A menu keeps its keys while focused: let go, so that a clicker's PageDown turns the lesson's steps.
      e.target.blur();
    });
    this.welcome();
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
    const files = new Set(queries.map((q) => new URLSearchParams(q.replace(/^#/, '')).get('task'))
      .map((name) => this.options.tasks.find((t) => t.name === name)?.data).filter(Boolean));
    for (const file of files) {
      if (!this.loaded.has(file)) {
        this.loaded.set(file, (async () => {
          const response = await fetch(new URL(`./pkg/${file}`, import.meta.url));
          if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
          const text = await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).text();
          this.engine.load_data(file, text);
          this.dataTexts.set(file, text);
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
    this.lessonsLoading ??= Promise.all([import('./lessons.js'), loadStyle('lessons')]).then(([{ LessonPanel }]) => {
      this.lessons = new LessonPanel($('lesson'), $('lesson-menu'), {
        open: (query, view) => this.reset(`${query}&${new URLSearchParams({ ...Object.fromEntries(this.view), ...view })}`),
        notify: (lines) => this.notify(lines),
        messages: (query) => JSON.parse(this.engine.query_messages(query)),
        // A lesson that has the student write a rule is checked by the build with the rule language.
        prepare: async (queries) => { await this.fetchData(queries); if (queries.some(writesRule)) await this.useLanguage(); },
        measurements: () => this.measurements(),
        closeLesson: () => this.closeLesson(),
        index: () => this.lessonIndex,
        // A page of the lesson that keeps the run on show (a step with no run, the end check): only the link changes.
        mark: (view) => { for (const [k, v] of Object.entries(view)) this.view.set(k, v); this.writeHash(); },
        rules: () => this.options.rules,
        panels: () => this.options.panels,
        showView: () => this.showView(),
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
      const [{ open }] = await Promise.all([import('./answers.js'), loadStyle('lessons')]);
      await open(this.lessonIndex, (lines) => this.notify(lines), () => { back(); menu.focus(); });
    } catch (e) {
      this.notify([`Your answers could not be shown (${e.message ?? e}).`]);
    }
  },

  /** The side-by-side view, its script fetched the first time a comparison opens; null (with a message) if it
   *  cannot be. */
  compareView() {
    this.compareLoading ??= Promise.all([import('./compare.js'), loadStyle('compare')]).then(([{ CompareView }]) => {
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
    const ticket = (this.resets += 1);
    const { run, view } = splitHash(hash);
    const comparing = compareList(run) !== null;
    await Promise.all([
      this.fetchData([run]),
      comparing && this.compareView(),
      view.get('lesson') && this.lessonPanel(),
      writesRule(run) && this.useLanguage(),
    ]);
    if (ticket !== this.resets) return;
    // A lesson closed while this run was on its way (a step's run, say) stays closed.
    if (ticket <= this.lessonClosed) { view.delete('lesson'); view.delete('step'); }
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
      const { Comparison, Lab } = this.engine;
      this.lab = this.comparing ? new Comparison(hash.replace(/^#/, '')) : new Lab(hash.replace(/^#/, ''));
    } catch (e) {
      this.comparing = false;
      this.lab = new this.engine.Lab('');
      notes.push(`The link could not be used (${e}); started the default run instead.`);
    }
    this.trained = 0;
    this.stuckSaid = false;
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
    if (this.editor || writesRule(this.lab.query())) this.useLanguage().then((m) => m?.showEditor(this));
    this.msPerStep = null;
    // A new run has measured itself at step 0 (measuring again would record step 0 twice).
    this.render();
    // A lesson step's run, laid out: the plot the step looks at, brought into view.
    if (this.lessons?.lesson) requestAnimationFrame(() => this.lessons?.reveal());
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

  /** The build with the rule language and the rule editor (editor.js), fetched the first time a rule is written;
   *  resolves to the editor's module (null if it could not be had: a message says so). */
  useLanguage() {
    this.languageLoading ??= import('./editor.js').then((m) => m.useLanguage(this)).catch((e) => {
      this.languageLoading = null;
      this.notify([`The rule language could not be loaded (${e.message ?? e}); the run keeps its built-in rule.`]);
      return null;
    });
    return this.languageLoading;
  },

  closeLesson() {
    this.lessonClosed = this.resets;
    this.view.delete('lesson');
    this.view.delete('step');
    this.writeHash();
    this.lessons?.close();
    // Presenter mode's plots go back to its usual three.
    if (this.view.get('present') === '1') { this.showView(); this.render(); }
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

  /** A first visit's way in: "Start with lesson 1" or "explore freely", not shown again once either is chosen (in
   *  this browser), nor in an embed, in presenter mode or when a link opens a lesson. */
  welcome() {
    let seen = true;
    try { seen = localStorage.getItem(WELCOMED) === '1'; } catch { /* no storage: say nothing rather than every time */ }
    const box = $('welcome');
    const v = new URLSearchParams(location.hash.replace(/^#/, ''));
    box.hidden = seen || v.get('embed') === '1' || v.get('present') === '1' || v.has('lesson');
    const done = () => {
      box.hidden = true;
      try { localStorage.setItem(WELCOMED, '1'); } catch { /* nothing is kept */ }
    };
    $('welcome-explore').addEventListener('click', () => { done(); $('play').focus(); });
    $('welcome-start').addEventListener('click', async () => {
      done();
      const first = this.lessonIndex?.[0]?.slug ?? (await loadIndex())[0].slug;
      $('lesson-menu').value = first;
      $('lesson-menu').dispatchEvent(new Event('change'));
    });
  },

  /** The page's shortcuts, unless a text field, slider or menu has focus: a button reached with the keyboard takes
   *  Space and Enter itself, one a mouse or touch left focused does not. */
  key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(document.activeElement)) return;
    // "My answers" covers the lab: its keys are its own.
    if (document.body.classList.contains('answers-open')) return;
    // Space and Enter press a button the keyboard reached (WCAG 2.1.1); a button a mouse or a touch left focused
    // does not keep them, or a clicker's keys, from the lab.
    const button = document.activeElement?.closest?.('button, a[href], summary');
    if (button && (e.key === 'Enter' || (e.key === ' ' && button.matches(':focus-visible')))) return;
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

Object.assign(app, viewModes, frameLoop);
window.plasticity = app; // for the end-to-end tests and the curious
window.chartFont = firstBuild.chart_font; // the charts' label size, for the presenter-mode test
app.start();
