// The plots: each canvas's backing store is sized to its CSS box times devicePixelRatio (and again when the window
// is resized or zoomed), so the charts are sharp on any screen; each canvas's text alternative is kept current, a
// couple of times a second while the lab plays, so a screen reader can read it without being flooded.

const NAMES = ['loss', 'alignment', 'errors', 'activity', 'task', 'network'];

/** Sets a canvas's backing store to its CSS size × `dpr`; true if it changed. */
export function fitCanvas(c, dpr) {
  const w = Math.max(1, Math.round(c.clientWidth * dpr));
  const h = Math.max(1, Math.round(c.clientHeight * dpr));
  if (c.width === w && c.height === h) return false;
  c.width = w; c.height = h;
  return true;
}

export class Plots {
  /** `redraw` is called when the canvases change size. */
  constructor(redraw) {
    this.canvases = NAMES.map((n) => document.getElementById(`plot-${n}`));
    this.texts = NAMES.map((n) => ['cap', 'sum', 'about'].map((k) => document.getElementById(`${k}-${n}`)));
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

  /** Draws every plot; while playing, the network only every fourth frame (it is the costliest), and the task's
   *  decision boundary a quarter at a time. */
  draw(lab, playing) {
    const c = this.canvases;
    const network = this.frame % 4 === 0 || !playing ? c[5] : undefined;
    lab.draw(c[0], c[1], c[2], c[3], c[4], network, this.dpr, this.minFont, playing);
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
    NAMES.forEach((name, i) => {
      const { title, text, caption } = s[name];
      [title, text, caption].forEach((t, k) => {
        if (this.texts[i][k].textContent !== t) this.texts[i][k].textContent = t;
      });
    });
  }
}
