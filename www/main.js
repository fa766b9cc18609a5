// The lab page: one app object owns the wasm Lab, the controls and the animation loop. Training and drawing are
// decoupled: each frame trains `speed` mini-batches, then measures once and redraws every plot once.

import init, { Lab, changed, options } from './pkg/plasticity_web.js';
import { Controls } from './controls.js';

const $ = (id) => document.getElementById(id);

const app = {
  lab: null,
  controls: null,
  playing: false,
  frame: 0,
  msPerStep: 0.01,
  broken: false,
  canvases: {},
  options: null,

  async start() {
    window.addEventListener('plasticity-panic', (e) => this.fail(`The engine stopped: ${e.detail}`, true));
    await init();
    this.options = JSON.parse(options());
    this.controls = new Controls($('controls'), this.options, changed, (query, live) => this.apply(query, live));
    for (const name of ['loss', 'alignment', 'errors', 'activity', 'task', 'network']) this.canvases[name] = $(`plot-${name}`);
    $('banner-reset').addEventListener('click', () => this.reset(location.hash));
    $('notice-close').addEventListener('click', () => { $('notice').hidden = true; });
    const { play, step, reset } = this.controls.buttons;
    play.addEventListener('click', () => this.toggle());
    step.addEventListener('click', () => this.step());
    reset.addEventListener('click', () => this.reset(location.hash));
    document.addEventListener('keydown', (e) => this.key(e));
    window.addEventListener('hashchange', () => { if (`#${this.lab?.query()}` !== location.hash) this.reset(location.hash); });
    this.reset(location.hash);
    requestAnimationFrame(() => this.tick());
  },

  /** Starts a fresh run from a URL hash; whatever the hash holds, the page ends up with a valid run. */
  reset(hash) {
    this.pause();
    $('banner').hidden = true;
    if (this.broken) { location.reload(); return; }
    try {
      this.lab?.free();
      this.lab = new Lab(hash.replace(/^#/, ''));
    } catch (e) {
      this.lab = new Lab('');
      this.notify([`The link could not be used (${e}); started the default run instead.`]);
    }
    const messages = JSON.parse(this.lab.messages());
    if (messages.length) this.notify(messages.map((m) => `Changed ${m}.`));
    else $('notice').hidden = true;
    history.replaceState(null, '', `#${this.lab.query()}`);
    this.controls.show(this.lab.query());
    this.caption(new URLSearchParams(this.lab.query()).get('task'));
    this.frame = 0;
    this.lab.measure(); this.render();
  },

  /** The task panel's caption, from the core's facts about the task. */
  caption(task) {
    $('task-caption').textContent = this.options.tasks.find((t) => t.name === task)?.caption ?? '';
  },

  /** A control changed: live settings go to the running network, the rest start a new run. */
  apply(query, live) {
    if (!live) { this.reset(query); return; }
    const value = Number(new URLSearchParams(query).get(live));
    try {
      if (live === 'lr') this.lab.set_learning_rate(value);
      else this.lab.set_batch_size(value);
    } catch (e) {
      this.notify([String(e)]);
    }
    history.replaceState(null, '', `#${this.lab.query()}`);
    this.controls.show(this.lab.query());
  },

  toggle() { if (this.playing) this.pause(); else this.play(); },
  play() { if (!this.broken && !this.lab.diverged()) { this.playing = true; this.controls.buttons.play.textContent = 'Pause'; } },
  pause() { this.playing = false; if (this.controls) this.controls.buttons.play.textContent = 'Play'; },

  /** Exactly one mini-batch. */
  step() {
    this.pause();
    this.guard(() => { this.lab.step(1); this.lab.measure(); this.render(); });
  },

  tick() {
    if (this.playing) {
      this.guard(() => {
        this.train(this.controls.speed());
        this.lab.measure(); this.render();
      });
    }
    requestAnimationFrame(() => this.tick());
  },

  /** Trains up to `steps` mini-batches, but stops once the frame's training budget (10 ms) is spent, so a slow
   *  rule (predictive coding relaxes 40 times a step) at a high speed setting never freezes the page. Chunks are
   *  sized from the measured cost of a step. */
  train(steps) {
    const start = performance.now();
    let done = 0;
    while (done < steps) {
      const left = 10 - (performance.now() - start);
      if (done > 0 && left <= 0) break;
      const chunk = Math.max(1, Math.min(steps - done, Math.floor(Math.max(left, 1) / this.msPerStep)));
      const t0 = performance.now();
      const ran = this.lab.step(chunk);
      this.msPerStep = 0.8 * this.msPerStep + 0.2 * Math.max((performance.now() - t0) / chunk, 1e-4);
      done += ran;
      if (ran < chunk) break; // diverged
    }
  },

  /** Updates the numbers and redraws every plot (the network graph every fourth frame: it is the costliest). */
  render() {
    const c = this.canvases;
    const network = this.frame % 4 === 0 || !this.playing ? c.network : undefined;
    this.lab.draw(c.loss, c.alignment, c.errors, c.activity, c.task, network);
    this.frame += 1;
    // The numbers come formatted from the core's side, as the plots write them.
    const s = JSON.parse(this.lab.stats());
    $('stat-step').textContent = s.step;
    $('stat-samples').textContent = s.samples;
    $('stat-train').textContent = s.train;
    $('stat-test').textContent = s.test;
    $('stat-extra-label').textContent = s.extraLabel;
    $('stat-extra').textContent = s.extra;
    const diverged = this.lab.diverged();
    if (diverged) { this.pause(); this.fail(diverged, false); }
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

  key(e) {
    if (e.target.closest('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ') { e.preventDefault(); this.toggle(); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); this.step(); }
    else if (e.key === 'r') { this.reset(location.hash); }
  },
};

window.plasticity = app; // for the end-to-end tests and the curious
app.start();
