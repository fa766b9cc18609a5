// The frame loop: Play, Pause and Step, and each frame's training, measuring and drawing within its time budget.
// Training and drawing are decoupled: a frame trains as many mini-batches as the speed asks for and its budget
// allows, then measures once and redraws every plot once. Methods of the app (main.js), which takes them in.

import { $ } from './dom.js';

/** Milliseconds a frame may spend in all (training, measuring, drawing): well under the 50 that counts as blocking
 *  the page, with room for the odd slow frame. Training gets what measuring and drawing leave, 2 to 8. */
const FRAME_MS = 20;

/** The app's methods for playing and drawing (`this` is the app). */
export const frameLoop = {
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
    if (this.lessons?.lesson && (!this.playing || now - this.checked > 400)) { this.lessons.update(); this.checked = now; }
    this.showPad();
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
    // A run stuck with saturated units is said once, and trains on.
    const stuck = !this.stuckSaid && this.lab.stuck();
    if (stuck) { this.stuckSaid = true; this.notify([stuck]); }
  },

  renderComparison() {
    this.compare.draw(this.lab, this.playing, this.plots.dpr, this.plots.minFont);
    const now = performance.now();
    if (!this.playing || now - this.described > 500) { this.compare.describe(this.lab); this.described = now; }
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
};
