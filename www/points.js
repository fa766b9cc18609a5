// Points of one's own on a 2-D task: a click or a tap on the task view places a point of the chosen class, a
// drag moves a placed point, Delete (or "Remove") takes the selected one away. The run trains on the edited set
// from its next mini-batch (the core's Lab.set_points), and the set goes into the URL (`pts=`), so a link, or the
// command line's --pts, starts the same run. The keyboard does all of it on the focused view: arrows move the
// selected point or the cursor, Enter places a point there (or takes or lets go of one), Delete removes. Fetched
// when "Place your own points" is first pressed.

import { $, el, button, loadStyle } from './dom.js';

/** How near a click (a touch) must be to a placed point to take it, in CSS pixels: a placed point's radius, and a
 *  fingertip's. */
const REACH = { mouse: 7, pen: 7, touch: 16 };
/** How long the URL waits after an edit before it is written (a drag or a held arrow key edits every frame, and
 *  browsers refuse a page that rewrites its URL a hundred times in a few seconds). */
const WRITE_MS = 300;

export class PointEditor {
  /** The editor for `app` (the page's app), in the bar under the plots. */
  constructor(app) {
    this.app = app;
    const values = app.options.settings.pts.values;
    this.max = values.max;
    this.range = values.range;
    this.editing = false;
    this.colour = 1; // the class a new point gets: 1 blue, 0 orange
    this.lab = app.lab; // the run the state below belongs to
    this.reset();
    this.writing = null; // the URL's pending write
    const choice = (text, colour) => {
      const b = button(text, `points-class-${colour}`, false, () => { this.colour = colour; this.show(); });
      b.classList.add(`points-class-${colour}`);
      return b;
    };
    this.classes = [choice('Blue (class 1)', 1), choice('Orange (class 0)', 0)];
    this.remove = button('Remove selected', 'points-remove', true, () => this.removeSelected());
    this.clear = button('Remove all placed', 'points-clear', true, () => this.edit([], -1, 'Every placed point removed.'));
    this.status = el('p', { className: 'points-status', id: 'points-status' });
    this.status.setAttribute('aria-live', 'polite');
    this.hint = el('p', { className: 'points-hint', id: 'points-hint', textContent: 'Click or tap the task view to '
      + 'place a point, drag one to move it; Delete or “Remove selected” takes the selected one away. Keys on the '
      + 'view: arrows move, Enter places or lets go. Placed points join the training set, drawn larger.' });
    this.tools = el('span', { className: 'points-tools' }, ...this.classes, this.remove, this.clear);
    this.mark = el('span', { className: 'points-mark', hidden: true });
    this.mark.setAttribute('aria-hidden', 'true');
    $('points-bar').append(this.tools, this.status, this.hint);
    loadStyle('points');
    this.listen();
  }

  /** Forgets what belonged to the last run: its selection, a drag, the cursor, the last thing said. */
  reset() {
    this.selected = -1; // the placed point selected (an index into the run's points), or -1
    this.cursor = [0, 0]; // where Enter places a point
    this.dragging = null; // the pointer moving a point
    this.dragged = false; // whether it has moved since it went down
    this.queued = false; // a drag's edit waiting for the next frame
    this.said = '';
  }

  /** The task view's canvas. */
  get canvas() { return $('plot-task'); }

  /** The run's placed points, `[[x, y, class], …]`, read from its query (`pts=x,y,class;…`, as the core writes
   *  it: exactly the numbers it holds). */
  points() {
    const text = new URLSearchParams(this.app.lab.query()).get('pts') ?? '';
    return text.split(';').filter(Boolean).map((p) => p.split(',').map(Number));
  }

  /** Turns placing on or off. */
  toggle(on = !this.editing) {
    this.editing = on;
    const canvas = this.canvas;
    canvas.classList.toggle('placing', on);
    canvas.tabIndex = on ? 0 : -1;
    canvas.setAttribute('role', on ? 'application' : 'img');
    // While placing, the view is described by the editor's status and instructions rather than the chart's.
    canvas.setAttribute('aria-describedby', on ? 'points-status points-hint' : 'sum-task');
    if (on) {
      canvas.setAttribute('aria-roledescription', 'points editor');
      canvas.setAttribute('aria-keyshortcuts', 'Enter Delete ArrowUp ArrowDown ArrowLeft ArrowRight Escape');
      canvas.focus({ preventScroll: true });
    } else {
      for (const a of ['aria-roledescription', 'aria-keyshortcuts']) canvas.removeAttribute(a);
      this.reset();
    }
    $('points-bar').classList.toggle('editing', on);
    // On a phone the view may be a screen away from the tools (which stay in view above the Play bar).
    if (on) canvas.scrollIntoView({ block: 'nearest' });
    $('points-edit').setAttribute('aria-pressed', String(on));
    $('points-edit').textContent = on ? 'Done placing points' : 'Place your own points';
    this.said = '';
    this.hint.hidden = !on;
    this.show();
  }

  /** Shows the bar on a 2-D task, every frame; a new run (a reset, a new task or setting) starts the editor's
   *  state afresh. */
  update(show) {
    if (!show && this.editing) this.toggle(false);
    this.tools.hidden = !this.editing;
    if (this.app.lab !== this.lab) {
      this.lab = this.app.lab;
      this.reset();
      this.show();
    } else if (this.editing) {
      this.place();
    }
  }

  /** The square the plane was last drawn in (as the core's draw says), in CSS pixels of the canvas:
   *  `[left, top, side]`. */
  plane() {
    const c = this.canvas;
    const [left, top, side] = this.app.plots.plane ?? [0, 0, 0];
    const css = c.getBoundingClientRect().width / c.width || 1;
    return [left * css, top * css, side * css];
  }

  /** A pointer event's place on the plane, `[x₁, x₂]`: null outside it, or with `clamp` its nearest point. */
  at(e, clamp = false) {
    const r = this.canvas.getBoundingClientRect();
    const [left, top, side] = this.plane();
    let [u, v] = [(e.clientX - r.left - left) / side, (e.clientY - r.top - top) / side];
    if (clamp) [u, v] = [Math.min(1, Math.max(0, u)), Math.min(1, Math.max(0, v))];
    if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return null;
    return [this.range * (2 * u - 1), this.range * (1 - 2 * v)];
  }

  /** The placed point nearest `p` within `pixels` CSS pixels, or -1. */
  near(p, pixels = REACH.mouse) {
    const [, , side] = this.plane();
    const reach = pixels / side * 2 * this.range;
    let best = -1;
    let bestD = reach;
    this.points().forEach(([x, y], k) => {
      const d = Math.hypot(x - p[0], y - p[1]);
      if (d <= bestD) { best = k; bestD = d; }
    });
    return best;
  }

  listen() {
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (e) => {
      // The main button, a touch or a pen: a right click is the browser's.
      if (!this.editing || e.button !== 0) return;
      const p = this.at(e);
      if (!p) return;
      e.preventDefault();
      canvas.focus({ preventScroll: true }); // for Delete and the arrows next
      const hit = this.near(p, REACH[e.pointerType] ?? REACH.mouse);
      if (hit >= 0) {
        this.selected = hit;
        this.show();
      } else if (!this.edit([...this.points(), [p[0], p[1], this.colour]], this.points().length, null)) {
        return;
      }
      this.cursor = this.points()[this.selected].slice(0, 2);
      this.dragging = e.pointerId;
      this.dragged = false;
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (this.dragging !== e.pointerId) return;
      // Held at the square's edge rather than lost past it.
      this.cursor = this.at(e, true);
      this.dragged = true;
      // One edit a frame: a drag moves the point the run trains on as it goes.
      if (!this.queued) {
        this.queued = true;
        requestAnimationFrame(() => { this.queued = false; if (this.dragging !== null) this.move(this.cursor, false); });
      }
    });
    const end = (e) => {
      if (this.dragging !== e.pointerId) return;
      this.dragging = null;
      // A click that placed or took a point has nothing more to do; a drag ends where it was let go.
      if (this.dragged) this.move(this.cursor, true);
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('focus', () => this.place());
    canvas.addEventListener('blur', () => this.place());
  }

  /** Moves the selected point to `p`; the URL follows at once when `settled`, else a moment later. */
  move(p, settled) {
    const points = this.points();
    if (this.selected < 0 || !points[this.selected]) return;
    points[this.selected] = [p[0], p[1], points[this.selected][2]];
    this.edit(points, this.selected, null, settled);
  }

  removeSelected() {
    const points = this.points();
    if (this.selected < 0) return;
    points.splice(this.selected, 1);
    this.edit(points, -1, `Point removed; ${points.length} placed.`);
  }

  /** The keyboard's way, on the focused task view. */
  key(e) {
    if (!this.editing || e.ctrlKey || e.metaKey || e.altKey) return;
    const moves = { ArrowUp: [0, 1], ArrowDown: [0, -1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    if (moves[e.key]) {
      const step = e.shiftKey ? 1 : 0.25;
      const clamp = (v) => Math.max(-this.range, Math.min(this.range, v));
      this.cursor = [clamp(this.cursor[0] + moves[e.key][0] * step), clamp(this.cursor[1] + moves[e.key][1] * step)];
      if (this.selected >= 0) this.move(this.cursor, false); else this.show();
    } else if (e.key === 'Enter') {
      // Enter lets go of the selected point, takes the one under the cursor, or places a new one there.
      const hit = this.near(this.cursor);
      if (this.selected >= 0) { this.selected = -1; this.show(); }
      else if (hit >= 0) { this.selected = hit; this.show(); }
      else this.edit([...this.points(), [this.cursor[0], this.cursor[1], this.colour]], this.points().length, null);
    } else if (e.key === 'Delete' || e.key === 'Backspace') this.removeSelected();
    else if (e.key === 'Escape' && this.selected >= 0) { this.selected = -1; this.show(); }
    else return;
    e.preventDefault(); // the lab's own keys (Space plays, → steps) stay out
  }

  /** Gives the run `points` (then `selected` is the selected one) and says `said` (or what the core changed); the
   *  URL follows, at once or, while a drag or a held key goes on (`settled` false), a moment later. False if the
   *  run refused them (it says why). */
  edit(points, selected, said, settled = true) {
    if (points.length > this.max) {
      this.said = `At most ${this.max} placed points: remove one to place another.`;
      this.show();
      return false;
    }
    try {
      this.app.lab.set_points(points.map(([x, y, c]) => `${x.toFixed(2)},${y.toFixed(2)},${c}`).join(';'));
      const changed = JSON.parse(this.app.lab.messages());
      if (changed.length) said = changed.join(' ');
    } catch (err) {
      this.said = `The points could not be used: ${err}`;
      this.show();
      return false;
    }
    this.selected = selected;
    if (said !== null) this.said = said;
    clearTimeout(this.writing);
    this.writing = settled ? null : setTimeout(() => { this.writing = null; this.app.writeHash(); }, WRITE_MS);
    if (settled) this.app.writeHash();
    // Drawn at once (the placed points are the task's data now); measured at the next step, as every step is.
    this.app.render();
    this.show();
    return true;
  }

  /** The status line, the buttons' states and the selection's mark. */
  show() {
    const points = this.points();
    for (const b of this.classes) b.setAttribute('aria-pressed', String(b.id.endsWith(String(this.colour))));
    this.remove.disabled = this.selected < 0;
    this.clear.disabled = points.length === 0;
    const at = (p) => `(${p[0].toFixed(2)}, ${p[1].toFixed(2)})`;
    const spots = new Map();
    for (const [x, y, c] of points) spots.set(`${x},${y}`, (spots.get(`${x},${y}`) ?? 0) | (1 << c));
    const clash = [...spots.values()].some((v) => v === 3)
      ? ' Points of both classes lie on one spot: no boundary can separate them.' : '';
    const chosen = this.selected >= 0 ? ` Selected: ${points[this.selected][2] === 1 ? 'blue' : 'orange'} at ${at(points[this.selected])}.` : '';
    const cursor = this.editing && this.selected < 0 ? ` Cursor at ${at(this.cursor)}.` : '';
    this.status.textContent = this.editing || points.length
      ? `${points.length} of at most ${this.max} points placed.${chosen}${cursor}${clash} ${this.said}`.trim()
      : '';
    this.place();
  }

  /** Puts the mark on the selected point, or on the keyboard's cursor while the view has focus. */
  place() {
    const canvas = this.canvas;
    const figure = canvas.closest('figure');
    if (this.mark.parentNode !== figure) figure.append(this.mark);
    const p = this.selected >= 0 ? this.points()[this.selected] : document.activeElement === canvas ? this.cursor : null;
    this.mark.hidden = !this.editing || !p;
    if (this.mark.hidden) return;
    const [left, top, side] = this.plane();
    const u = (p[0] / this.range + 1) / 2;
    const v = (1 - p[1] / this.range) / 2;
    this.mark.style.left = `${canvas.offsetLeft + left + u * side}px`;
    this.mark.style.top = `${canvas.offsetTop + top + v * side}px`;
    this.mark.classList.toggle('cursor', this.selected < 0);
  }
}
