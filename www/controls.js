// The settings panel. It builds its inputs from the choices the wasm module lists, shows a configuration
// (a URLSearchParams in the core's canonical form) and reports every change as a new query string, which the
// core works out (`changed`): this file knows no rule and no task by name. Learning rate and batch size are
// "live": they change the running network without a reset.

import { el } from './dom.js';

const labelled = (text, input) => el('label', {}, text, input);

const select = (name, choices) =>
  el('select', { name }, ...choices.map(([value, title]) => el('option', { value, textContent: title ?? value })));

/** Keys that change a closed menu's value one option at a time. */
const BROWSING = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);
/** How long a menu waits after the last arrow press before its choice starts a new run. */
const SETTLE_MS = 900;

export class Controls {
  /** `changed(query, key, value)` is the core's rule for what a change of one setting does to the query. */
  constructor(root, options, changed, onChange, onWrite) {
    this.onWrite = onWrite;
    this.options = options;
    // The ranges come from the core's table of settings (`options().settings`).
    const values = (key) => options.settings[key].values;
    this.changed = changed;
    this.onChange = onChange;
    this.params = new URLSearchParams();
    this.pending = null;
    this.inputs = {
      task: select('task', options.tasks.map((t) => [t.name, t.title])),
      // The last choice opens the rule editor (editor.js), which loads the build with the rule language.
      rule: select('rule', [...options.rules.map((r) => [r.name, r.title]), ['custom', 'Write your own…']]),
      reward: select('reward', [['0', 'targets (supervised)'], ['1', 'reward only (right or wrong)']]),
      act: select('act', options.activations.filter((a) => a.hidden).map((a) => [a.name])),
      surrogate: select('surrogate', options.surrogates.map((s) => [s.name, s.title])),
      delay: el('input', { type: 'number', name: 'delay', min: values('delay').lo, max: values('delay').hi, step: 1 }),
      lr: el('input', { type: 'range', name: 'lr', min: Math.log10(values('lr').lo), max: Math.log10(values('lr').hi), step: 0.1 }),
      batch: el('input', { type: 'number', name: 'batch', min: values('batch').lo, max: values('batch').hi, step: 1 }),
      noise: el('input', { type: 'range', name: 'noise', min: values('noise').lo, max: values('noise').hi, step: 5 }),
      seed: el('input', { type: 'number', name: 'seed', min: values('seed').lo, max: values('seed').hi, step: 1 }),
      speed: el('input', { type: 'range', name: 'speed', min: 0, max: 4, step: 1, value: 1 }),
    };
    this.lrText = el('b', { id: 'lr-value' });
    this.speedText = el('b', { id: 'speed-value' });
    this.noiseText = el('b', { id: 'noise-value' });
    this.layers = el('div', { className: 'layers' });
    this.buttons = {
      play: el('button', { type: 'button', id: 'play', textContent: 'Play' }),
      step: el('button', { type: 'button', id: 'step', textContent: 'Step' }),
      reset: el('button', { type: 'button', id: 'reset', textContent: 'Reset' }),
    };
    this.buttons.play.setAttribute('aria-pressed', 'false');
    const i = this.inputs;
    root.append(
      el('div', { className: 'buttons' }, this.buttons.play, this.buttons.step, this.buttons.reset),
      labelled('task', i.task),
      labelled('learning rule', i.rule),
      labelled('the learner is told', i.reward),
      this.layers,
      labelled('activation', i.act),
      labelled('spike derivative', i.surrogate),
      labelled('feedback delay (mini-batches)', i.delay),
      labelled(el('span', {}, 'learning rate ', this.lrText), i.lr),
      labelled('batch size', i.batch),
      labelled(el('span', {}, 'noise (2-D tasks) ', this.noiseText), i.noise),
      labelled('seed', i.seed),
      labelled(el('span', {}, 'steps per frame ', this.speedText), i.speed),
    );
    for (const name of ['task', 'rule', 'reward', 'act', 'surrogate']) this.menu(name);
    for (const name of ['noise', 'seed', 'delay']) i[name].addEventListener('change', () => this.change(name, i[name].value));
    i.noise.addEventListener('input', () => this.label(i.noise, this.noiseText, `${i.noise.value} %`));
    i.lr.addEventListener('input', () => this.change('lr', String(this.learningRate()), true));
    i.batch.addEventListener('change', () => this.change('batch', i.batch.value, true));
    const steps = () => this.label(i.speed, this.speedText, `${this.speed()}`, `${this.speed()} steps per frame`);
    i.speed.addEventListener('input', steps);
    steps();
  }

  /** A menu applies its choice on change — but one browsed with the arrow keys while closed only once the keys
   *  have rested (or on Enter, or when it loses focus), so that arrowing past options does not restart the run
   *  at every one. */
  menu(name) {
    const input = this.inputs[name];
    let keyed = false;
    const apply = () => {
      clearTimeout(this.pending);
      this.pending = null;
      if (input.value !== this.params.get(name)) this.change(name, input.value);
    };
    input.addEventListener('keydown', (e) => {
      if (BROWSING.has(e.key)) keyed = true;
      if (e.key === 'Enter') apply();
    });
    input.addEventListener('pointerdown', () => { keyed = false; });
    input.addEventListener('change', () => {
      if (!keyed) { apply(); return; }
      clearTimeout(this.pending);
      this.pending = setTimeout(apply, SETTLE_MS);
    });
    input.addEventListener('blur', () => { if (this.pending) apply(); keyed = false; });
  }

  /** Writes a slider's value beside it, and as its accessible value in real units (`spoken`, if it needs more
   *  words than the label beside it). */
  label(input, text, value, spoken = value) {
    text.textContent = value;
    input.setAttribute('aria-valuetext', spoken);
  }

  /** The names `only` knows: every setting, button and the hidden layers' editor. */
  names() { return [...Object.keys(this.inputs), ...Object.keys(this.buttons), 'hidden']; }

  /** Shows only the controls named (`play`, `step`, `reset`, `hidden` for the layers, or a setting's URL key
   *  such as `rule` or `lr`), or all of them for null. */
  only(names) {
    const show = (name) => names === null || names.includes(name);
    for (const [name, input] of Object.entries(this.inputs)) input.closest('label').hidden = !show(name);
    for (const [name, button] of Object.entries(this.buttons)) button.hidden = !show(name);
    this.layers.hidden = !show('hidden');
  }

  /** Shows whether the lab is playing. */
  playing(on) {
    this.buttons.play.textContent = on ? 'Pause' : 'Play';
    this.buttons.play.setAttribute('aria-pressed', String(on));
  }

  /** Steps trained per animation frame: 1, 10, 100, 1000 or 10000. */
  speed() {
    return 10 ** Number(this.inputs.speed.value);
  }

  learningRate() {
    return Number((10 ** Number(this.inputs.lr.value)).toPrecision(2));
  }

  /** Shows the configuration `query` (canonical, from the core). */
  show(query) {
    // The query as the core wrote it (a written rule's text is escaped as the core escapes it, which
    // URLSearchParams would not give back), and read.
    this.query = query;
    this.params = new URLSearchParams(query.replace(/\+/g, '%2B'));
    const p = this.params;
    for (const name of ['task', 'rule', 'reward', 'act', 'batch', 'noise', 'seed']) this.inputs[name].value = p.get(name);
    this.inputs.surrogate.value = p.get('surrogate') ?? this.options.surrogates[0].name;
    this.inputs.surrogate.disabled = p.get('act') !== 'spike';
    this.inputs.delay.value = p.get('delay') ?? '0';
    const lr = Number(p.get('lr'));
    this.inputs.lr.value = Math.log10(lr);
    this.label(this.inputs.lr, this.lrText, String(lr));
    this.label(this.inputs.noise, this.noiseText, `${p.get('noise')} %`);
    const task = this.options.tasks.find((t) => t.name === p.get('task'));
    this.inputs.noise.disabled = !task?.planar;
    this.inputs.reward.disabled = !task?.classification;
    this.showLayers();
  }

  /** The hidden layers' buttons. Redrawn on every change, so the button that had focus gets it back. */
  showLayers() {
    const focused = this.layers.contains(document.activeElement) ? document.activeElement.title : null;
    const sizes = this.hidden();
    const { maxLayers: maxHiddenLayers, hi: maxUnits } = this.options.settings.hidden.values;
    const button = (text, title, disabled, action) => {
      const b = el('button', { type: 'button', textContent: text, title, disabled });
      b.setAttribute('aria-label', title);
      b.addEventListener('click', action);
      return b;
    };
    const setLayers = (next) => this.change('hidden', next.join(','));
    this.layers.replaceChildren(
      el('span', {}, `hidden layers: ${sizes.length} `),
      button('+', 'add a hidden layer', sizes.length >= maxHiddenLayers, () => setLayers([...sizes, sizes.at(-1) ?? 4])),
      button('−', 'remove the last hidden layer', sizes.length === 0, () => setLayers(sizes.slice(0, -1))),
      ...sizes.map((n, k) => el('span', { className: 'layer' },
        button('−', `fewer units in layer ${k + 1}`, n <= 1, () => setLayers(sizes.map((m, j) => (j === k ? m - 1 : m)))),
        el('b', { textContent: n, className: 'units' }),
        button('+', `more units in layer ${k + 1}`, n >= maxUnits, () => setLayers(sizes.map((m, j) => (j === k ? m + 1 : m)))),
      )),
    );
    const again = focused && [...this.layers.querySelectorAll('button')].find((b) => b.title === focused);
    if (again) {
      // A button that can no longer be pressed (the last layer removed) passes focus to its neighbour.
      (again.disabled ? this.layers.querySelector('button:not(:disabled)') : again)?.focus();
    }
  }

  hidden() {
    const h = this.params.get('hidden');
    return h ? h.split(',').map(Number) : [];
  }

  /** Reports a change of one setting as the full query string the core makes of it (a new task starts from its
   *  preset; a rule that trains one layer drops the hidden layers; …). The next change builds on this one even
   *  before the run has started (a digit task waits for its data): a task and then a rule chosen quickly are
   *  both kept. `show` then sets what the run really is. */
  change(name, value, live = false) {
    if (name === 'rule' && value === 'custom') { this.onWrite(); return; }
    const query = this.changed(this.query ?? this.params.toString(), name, value);
    this.query = query;
    this.params = new URLSearchParams(query.replace(/\+/g, '%2B'));
    this.onChange(query, live ? name : null);
  }
}
