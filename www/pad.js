// The drawing pad of a digit task: a digit drawn with a mouse, a pen or a finger, made into the data set's form (a
// 32 × 32 bitmap, the drawing scaled to fill it; then its lit pixels counted in 4 × 4 blocks, 0–16 each: the core's
// normalize_drawing and block_counts), and each run's answer for it, live as the runs train. The keyboard
// edits the same 8 × 8 blocks: arrows move between them, + and − light or clear a pixel, Space fills or empties
// one, Delete clears the pad. "Use a test digit" paints the next test digit block by block, which reads back as the
// data file's values. Fetched when a digit task is first shown.

import { $, el, button, loadStyle } from './dom.js';

const SIDE = 32;
const BRUSH = 1.6; // the pen's radius, in pixels of the 32 × 32 bitmap

export class DigitPad {
  /** The pad for `app` (the page's app), placed after the plots. */
  constructor(app) {
    this.app = app;
    this.bitmap = new Uint8Array(SIDE * SIDE); // what the network is shown: the drawing scaled, or blocks
    this.raw = new Uint8Array(SIDE * SIDE); // the strokes as drawn, scaled again as a whole after each one
    this.drawing = false;
    this.pixels = null; // a 32 × 32 canvas the pixels are drawn on before they are magnified
    this.cursor = 0; // the block the keyboard edits, 0–63
    this.next = 0; // the next test digit "Use a test digit" paints
    this.shown = null; // what the bitmap is, in words
    this.drawn = 0; // when the answers were last worked out
    this.canvas = el('canvas', { className: 'pad-canvas', tabIndex: 0, width: SIDE * 8, height: SIDE * 8 });
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-label', 'Drawing pad: draw a digit. With the keyboard: arrows move between the 8 by 8 '
      + 'blocks, + and − light or clear a pixel of a block, Space fills or empties it, Delete clears the pad.');
    this.status = el('p', { className: 'pad-status', id: 'pad-status' });
    this.status.setAttribute('aria-live', 'polite');
    this.answers = el('div', { className: 'pad-answers', id: 'pad-answers' });
    this.root = el('section', { id: 'digit-pad', className: 'pad', hidden: true },
      el('h3', { id: 'pad-heading', textContent: 'Draw a digit and ask the network' }),
      el('div', { className: 'pad-row' },
        el('div', {}, this.canvas,
          el('div', { className: 'pad-buttons' },
            button('Clear', 'pad-clear', false, () => this.set(new Uint8Array(SIDE * SIDE), 'Nothing is drawn.')),
            button('Use a test digit', 'pad-test', false, () => this.testDigit()))),
        el('div', {}, this.status, this.answers)));
    this.root.setAttribute('aria-labelledby', 'pad-heading');
    $('single').after(this.root);
    loadStyle('pad');
    this.listen();
    this.set(this.bitmap, 'Nothing is drawn.');
  }

  /** Shows the pad on a digit task and refreshes the answers (every frame while paused, 4 times a second playing). */
  update(show) {
    this.root.hidden = !show;
    if (!show) return;
    const now = performance.now();
    if (!this.app.playing || now - this.drawn > 250) { this.answer(); this.drawn = now; }
  }

  listen() {
    let last = null;
    const at = (e) => {
      const r = this.canvas.getBoundingClientRect();
      return [(e.clientY - r.top) / r.height * SIDE, (e.clientX - r.left) / r.width * SIDE];
    };
    this.canvas.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      this.canvas.setPointerCapture(e.pointerId);
      // A new drawing starts on a pad that shows a test digit's blocks.
      if (this.shown?.startsWith('Test digit')) this.raw = new Uint8Array(SIDE * SIDE);
      this.drawing = true;
      last = at(e);
      this.ink(last, last);
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!last) return;
      const p = at(e);
      this.ink(last, p);
      last = p;
    });
    const end = () => {
      if (!last) return;
      last = null;
      this.drawing = false;
      // Every stroke so far, scaled as a whole to fill the box (a second stroke is not drawn on a scaled first).
      const scaled = this.app.engine.normalize_drawing(this.raw);
      this.set(scaled ?? new Uint8Array(SIDE * SIDE), scaled ? 'Your drawing, scaled to fill its box.' : 'Nothing is drawn.', this.raw);
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => this.paint());
    this.canvas.addEventListener('blur', () => this.paint());
  }

  /** Lights the pixels within the pen's radius of the segment from `a` to `b` (row, column in pixels). */
  ink(a, b) {
    const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) * 2));
    for (let s = 0; s <= steps; s++) {
      const [y, x] = [a[0] + (b[0] - a[0]) * s / steps, a[1] + (b[1] - a[1]) * s / steps];
      for (let r = Math.floor(y - BRUSH); r <= y + BRUSH; r++) {
        for (let c = Math.floor(x - BRUSH); c <= x + BRUSH; c++) {
          if (r >= 0 && c >= 0 && r < SIDE && c < SIDE && Math.hypot(r + 0.5 - y, c + 0.5 - x) <= BRUSH) this.raw[r * SIDE + c] = 1;
        }
      }
    }
    this.paint();
  }

  /** The keyboard's way: the 8 × 8 blocks, one at a time. */
  key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return; // the browser's zoom, the page's shortcuts
    const [row, col] = [this.cursor >> 3, this.cursor & 7];
    const count = () => this.app.engine.block_counts(this.bitmap)[this.cursor];
    const fill = (v) => {
      const values = this.app.engine.block_counts(this.bitmap);
      values[this.cursor] = Math.max(0, Math.min(16, v));
      this.set(this.app.engine.blocks_to_bitmap(values), 'Your blocks.');
    };
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[e.key]) {
      const [dr, dc] = moves[e.key];
      this.cursor = Math.max(0, Math.min(7, row + dr)) * 8 + Math.max(0, Math.min(7, col + dc));
      this.paint();
    } else if (e.key === '+' || e.key === '=') fill(count() + 1);
    else if (e.key === '-') fill(count() - 1);
    else if (e.key === ' ') fill(count() === 16 ? 0 : 16);
    else if (e.key === 'Delete' || e.key === 'Backspace') this.set(new Uint8Array(SIDE * SIDE), 'Nothing is drawn.');
    else return;
    e.preventDefault(); // the lab's own keys (Space plays, → steps) stay out of the pad
    this.status.textContent = `${this.shown} Block row ${(this.cursor >> 3) + 1}, column ${(this.cursor & 7) + 1}: ${count()} of 16 lit.`;
  }

  /** Paints the next test digit onto the pad block by block. */
  testDigit() {
    const digit = this.app.engine.test_digit(this.next);
    if (!digit) { this.status.textContent = 'The digits are not loaded yet.'; return; }
    const k = this.next;
    this.next = (this.next + 1) % 360;
    this.set(this.app.engine.blocks_to_bitmap(digit.subarray(0, 64)), `Test digit ${k + 1} of 360, a ${digit[64]}.`);
  }

  /** Shows `bitmap` (said as `said`) and each run's answer for it; strokes drawn next add to `raw` (what was
   *  drawn, unscaled) or, by default, to the bitmap itself. */
  set(bitmap, said, raw = bitmap) {
    this.bitmap = Uint8Array.from(bitmap);
    this.raw = Uint8Array.from(raw);
    this.shown = said;
    this.status.textContent = said;
    this.paint();
    this.answer();
  }

  /** The 8 × 8 values the network is given. */
  values() {
    return this.app.engine.block_counts(this.bitmap);
  }

  paint() {
    const g = this.canvas.getContext('2d');
    const cell = this.canvas.width / SIDE;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, this.canvas.width, this.canvas.height);
    // Each block's share of lit pixels as a grey, under the pixels themselves.
    const values = this.values();
    for (let b = 0; b < 64; b++) {
      g.fillStyle = `rgba(8, 119, 189, ${0.35 * values[b] / 16})`;
      g.fillRect((b & 7) * 4 * cell, (b >> 3) * 4 * cell, 4 * cell, 4 * cell);
    }
    // The lit pixels: one 32 × 32 image, drawn magnified without smoothing.
    const pixels = new ImageData(SIDE, SIDE);
    (this.drawing ? this.raw : this.bitmap).forEach((p, i) => { if (p) pixels.data.set([34, 34, 34, 255], 4 * i); });
    this.pixels ??= new OffscreenCanvas(SIDE, SIDE);
    this.pixels.getContext('2d').putImageData(pixels, 0, 0);
    g.imageSmoothingEnabled = false;
    g.drawImage(this.pixels, 0, 0, this.canvas.width, this.canvas.height);
    g.strokeStyle = '#ddd';
    g.lineWidth = 1;
    g.beginPath();
    for (let k = 0; k <= 8; k++) {
      g.moveTo(k * 4 * cell + 0.5, 0); g.lineTo(k * 4 * cell + 0.5, this.canvas.height);
      g.moveTo(0, k * 4 * cell + 0.5); g.lineTo(this.canvas.width, k * 4 * cell + 0.5);
    }
    g.stroke();
    if (document.activeElement === this.canvas) {
      g.strokeStyle = '#f59322';
      g.lineWidth = 3;
      g.strokeRect((this.cursor & 7) * 4 * cell + 1.5, (this.cursor >> 3) * 4 * cell + 1.5, 4 * cell - 3, 4 * cell - 3);
    }
  }

  /** Each run's answer for the pad's digit: its class probabilities as bars, the most likely class said. */
  answer() {
    const values = this.values();
    const empty = values.every((v) => v === 0);
    const lab = this.app.lab;
    // A comparison gives every run's ten outputs in a row, in the runs' order (they share the task).
    const flat = lab.digit_outputs(values);
    const runs = this.app.comparing
      ? JSON.parse(lab.runs()).map((run, k) => ({ ...run, outputs: flat.length ? flat.subarray(10 * k, 10 * k + 10) : null }))
      : [{ label: 'the network', colour: '#0877bd', outputs: flat }];
    this.answers.replaceChildren(...runs.map((run) => {
      if (!run.outputs) return el('p', { textContent: `${run.label}: no answer (its inputs are not the 8×8 digits).` });
      const best = run.outputs.indexOf(Math.max(...run.outputs));
      const said = empty ? `${run.label}: draw a digit to see its answer` : `${run.label} answers ${best} (${Math.round(100 * run.outputs[best])} %)`;
      const bars = Array.from(run.outputs, (p, d) => {
        const bar = el('span', { className: 'pad-bar' });
        bar.style.width = `${Math.round(100 * Math.max(0, Math.min(1, p)))}%`;
        bar.style.background = run.colour;
        return el('div', { className: d === best && !empty ? 'pad-class best' : 'pad-class' },
          el('span', { className: 'pad-digit', textContent: String(d) }), el('span', { className: 'pad-track' }, bar),
          el('span', { className: 'pad-p', textContent: `${Math.round(100 * p)} %` }));
      });
      const box = el('div', { className: 'pad-run' }, el('p', { className: 'pad-said', textContent: said }), ...bars);
      box.setAttribute('aria-label', said);
      return box;
    }));
  }
}
