// The plots: one figure per panel of the core's registry (`options().panels`, in its order), each a heading, a canvas
// and its text alternative. Each canvas's backing store is sized to its CSS box times devicePixelRatio (and again
// when the window is resized or zoomed), so the charts are sharp on any screen; each canvas's text alternative is
// kept current, a couple of times a second while the lab plays, so a screen reader can read it without being
// flooded.

import { el } from './dom.js';

/** Sets a canvas's backing store to its CSS size × `dpr`; true if it changed. */
export function fitCanvas(c, dpr) {
  const w = Math.max(1, Math.round(c.clientWidth * dpr));
  const h = Math.max(1, Math.round(c.clientHeight * dpr));
  if (c.width === w && c.height === h) return false;
  c.width = w; c.height = h;
  return true;
}

/** A panel's figure: `plot-NAME` (the canvas), `cap-NAME` (its heading), `sum-NAME` (its text alternative) and
 *  `about-NAME` (its caption). */
function figure({ name, heading }) {
  const canvas = el('canvas', { id: `plot-${name}` });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-labelledby', `cap-${name}`);
  canvas.setAttribute('aria-describedby', `sum-${name}`);
  return el('figure', {}, el('figcaption', { id: `cap-${name}`, textContent: heading }), canvas,
    el('p', { id: `sum-${name}`, className: 'summary' }), el('p', { id: `about-${name}` }));
}

export class Plots {
  /** Builds the figures of `panels` in `root`; `redraw` is called when the canvases change size. */
  constructor(root, panels, redraw) {
    root.replaceChildren(...panels.map(figure));
    this.panels = panels;
    this.canvases = panels.map((p) => document.getElementById(`plot-${p.name}`));
    this.texts = panels.map((p) => ['cap', 'sum', 'about'].map((k) => document.getElementById(`${k}-${p.name}`)));
    this.redraw = redraw;
    this.dpr = window.devicePixelRatio || 1;
    this.minFont = 11;
    this.frame = 0;
    this.described = 0;
    const observer = new ResizeObserver(() => { if (this.fit()) this.redraw(); });
    for (const c of this.canvases) observer.observe(c);
    this.watchZoom();
    this.fit();
  }

  /** Sets every canvas's backing store to its CSS size × devicePixelRatio; true if one changed. */
  fit() {
    this.dpr = window.devicePixelRatio || 1;
    let changed = false;
    for (const c of this.canvases) changed = fitCanvas(c, this.dpr) || changed;
    return changed;
  }

  /** Browser zoom changes devicePixelRatio without resizing anything: refit when it does. */
  watchZoom() {
    const media = matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    media.addEventListener('change', () => { this.fit(); this.redraw(); this.watchZoom(); }, { once: true });
  }

  /** Draws every plot on show; while playing, the costliest (the network) only every fourth frame, and the task's
   *  decision boundary a quarter at a time. */
  draw(lab, playing) {
    const now4 = this.frame % 4 === 0 || !playing;
    const drawn = this.panels.map((p, i) => [p, this.canvases[i]])
      .filter(([p, c]) => c.offsetParent !== null && (now4 || !p.everyFourthFrame));
    // Where a 2-D task's plane was drawn (device pixels), for placing points on it.
    const plane = lab.draw(drawn.map(([p]) => p.name).join(','), drawn.map(([, c]) => c), this.dpr, this.minFont, playing);
    if (plane.length) this.plane = plane;
    this.frame += 1;
    const now = performance.now();
    if (!playing || now - this.described > 500) {
      this.describe(lab);
      this.described = now;
    }
  }

  /** Updates the text alternatives. */
  describe(lab) {
    const s = JSON.parse(lab.summaries());
    this.panels.forEach(({ name }, i) => {
      const { title, text, caption } = s[name];
      [title, text, caption].forEach((t, k) => {
        if (this.texts[i][k].textContent !== t) this.texts[i][k].textContent = t;
      });
    });
  }
}
