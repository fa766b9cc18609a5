// Runs side by side (compare mode): a row per run — its colour, label and numbers, and a button that removes it —
// a menu that adds a run, the shared loss and alignment charts, and each run's task view as a small multiple, in
// the run's colour. The runs and every number come from the wasm `Comparison`; this file knows no rule by name.

import { fitCanvas } from './plots.js';
import { $, el } from './dom.js';

export class CompareView {
  /** `onAdd(spec)` and `onRemove(k)` change the runs; `redraw` is called when a canvas changes size. */
  constructor(root, options, { onAdd, onRemove, redraw }) {
    this.root = root;
    this.onRemove = onRemove;
    this.rows = el('ul', { className: 'runs', id: 'runs' });
    this.rule = el('select', { name: 'add-rule', id: 'add-rule' },
      ...options.rules.map((r) => el('option', { value: r.name, textContent: r.title })));
    this.rule.setAttribute('aria-label', 'rule to add');
    this.lr = el('input', { type: 'text', name: 'add-lr', id: 'add-lr', placeholder: 'η (optional)', size: 10 });
    this.lr.setAttribute('aria-label', 'the added run’s own learning rate (optional)');
    const add = el('button', { type: 'button', id: 'add-run', textContent: '+ Add run' });
    add.addEventListener('click', () => onAdd(this.lr.value.trim() ? `${this.rule.value}:lr=${this.lr.value.trim()}` : this.rule.value));
    this.shared = ['loss', 'alignment'].map((name) => this.figure(`compare-${name}`));
    this.tasks = el('div', { className: 'small-multiples' });
    this.summary = el('p', { id: 'sum-compare', className: 'summary' });
    this.step = el('b', { id: 'compare-step', textContent: '0' });
    root.append(
      el('div', { className: 'compare-bar' },
        el('div', { className: 'add' }, el('span', {}, 'mini-batches trained ', this.step), this.rule, this.lr, add),
        this.rows),
      el('div', { className: 'plots compare-plots' }, ...this.shared.map((f) => f.figure)),
      this.tasks,
      this.summary,
    );
    this.taskFigures = [];
    this.redraw = redraw;
    this.observer = new ResizeObserver(() => { if (this.fit()) this.redraw(); });
    this.shared.forEach((f) => this.observer.observe(f.canvas));
  }

  figure(id, caption = '') {
    const cap = el('figcaption', { id: `cap-${id}`, textContent: caption });
    const canvas = el('canvas', { id: `plot-${id}` });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-labelledby', `cap-${id}`);
    canvas.setAttribute('aria-describedby', 'sum-compare');
    return { figure: el('figure', {}, cap, canvas), canvas, cap };
  }

  /** Sets every canvas's backing store to its CSS size × devicePixelRatio; true if one changed. */
  fit() {
    const dpr = window.devicePixelRatio || 1;
    let changed = false;
    for (const c of this.canvases()) changed = fitCanvas(c, dpr) || changed;
    return changed;
  }

  canvases() { return [...this.shared.map((f) => f.canvas), ...this.taskFigures.map((f) => f.canvas)]; }

  /** Rebuilds the rows and the small multiples for the comparison's current runs. */
  show(comparison) {
    $('rule-title').textContent = 'Runs side by side';
    $('rule-about').textContent = 'Every run learns the same task from the same data, the same initial forward '
      + 'weights and the same sequence of mini-batches, one step each in turn: the differences you see are the '
      + 'rules’. The settings on the left are shared; each run may have its own learning rate.';
    $('rule-citation').textContent = '';
    $('rule-note').hidden = true;
    const runs = JSON.parse(comparison.runs());
    this.shared[0].cap.textContent = runs[0]?.targets === false ? 'Output size, every run (no targets, so no loss)'
      : 'Test loss and accuracy, every run';
    this.shared[1].cap.textContent = 'First hidden layer: angle to backprop';
    this.taskFigures.forEach((f) => this.observer.unobserve(f.canvas));
    this.taskFigures = runs.map((run, k) => {
      const f = this.figure(`compare-task-${k}`, run.label);
      f.cap.prepend(el('span', { className: 'swatch', style: `background:${run.colour}` }));
      f.canvas.setAttribute('aria-describedby', `sum-compare-task-${k}`);
      f.figure.append(el('p', { id: `sum-compare-task-${k}`, className: 'summary' }));
      this.observer.observe(f.canvas);
      return f;
    });
    this.tasks.replaceChildren(...this.taskFigures.map((f) => f.figure));
    this.tasks.dataset.runs = runs.length;
    this.root.style.setProperty('--runs', runs.length);
    this.rows.replaceChildren(...runs.map((run, k) => {
      const remove = el('button', { type: 'button', textContent: '×', title: `remove ${run.label}` });
      remove.setAttribute('aria-label', `remove ${run.label}`);
      remove.disabled = runs.length < 2;
      remove.addEventListener('click', () => this.onRemove(k));
      return el('li', { className: 'run' },
        el('span', { className: 'swatch', style: `background:${run.colour}` }),
        el('b', { textContent: run.label, title: run.label }), el('span', { className: 'numbers', id: `run-${k}` }), remove);
    }));
    this.fit();
  }

  /** Updates the rows' numbers and redraws every chart. */
  draw(comparison, playing, dpr, minFont) {
    const [loss, alignment] = this.shared.map((f) => f.canvas);
    comparison.draw(loss, alignment, dpr, minFont);
    this.taskFigures.forEach((f, k) => comparison.draw_task(k, f.canvas, dpr, minFont, playing));
    const runs = JSON.parse(comparison.runs());
    this.step.textContent = runs[0]?.stats.step ?? '0';
    runs.forEach((run, k) => {
      const numbers = document.getElementById(`run-${k}`);
      // The test set's numbers only: four rows of every number would push the charts off a projector's screen.
      const items = run.stats.items.filter((i) => i.id !== 'train');
      const text = run.diverged ?? items.map((i) => `${i.label} ${i.value}`).join(' · ');
      if (numbers && numbers.textContent !== text) {
        numbers.textContent = text;
        // A diverged run's message is a sentence to read in full: it wraps (the numbers stay on one line).
        numbers.classList.toggle('stopped', Boolean(run.diverged));
      }
    });
  }

  /** Updates the text alternatives. */
  describe(comparison) {
    const s = JSON.parse(comparison.summaries());
    this.summary.textContent = s.text;
    s.tasks.forEach((t, k) => {
      const p = document.getElementById(`sum-compare-task-${k}`);
      if (p) p.textContent = `${t.title}: ${t.text}`;
    });
  }
}
