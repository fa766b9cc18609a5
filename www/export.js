// Export: any plot as a PNG (at the canvas's full device resolution), the run's measurements as CSV or JSON, the
// weights and feedback matrices as JSON, and the run's link. The files' contents come from the wasm side
// (`history_csv`, `history_json`, `weights_json`), the same as the CLI's `--save`.

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** Offers `blob` as a download called `name`. */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export class Export {
  /** `app()` gives the running lab (a `Lab` or a `Comparison`); `notify(lines)` shows a message. */
  constructor(root, app, notify) {
    this.app = app;
    this.plot = el('select', { name: 'export-plot', id: 'export-plot' });
    this.plot.setAttribute('aria-label', 'plot to save');
    const button = (id, text, action) => {
      const b = el('button', { type: 'button', id, textContent: text });
      b.addEventListener('click', () => { try { action(); } catch (e) { notify([`Export failed: ${e}`]); } });
      return b;
    };
    root.append(
      el('h2', { textContent: 'Export' }),
      el('div', { className: 'export-row' }, this.plot, button('export-png', 'PNG', () => this.png())),
      el('div', { className: 'export-row' },
        button('export-csv', 'History CSV', () => this.file('history.csv', 'text/csv', app().history_csv())),
        button('export-json', 'History JSON', () => this.file('history.json', 'application/json', app().history_json())),
        button('export-weights', 'Weights JSON', () => this.file('weights.json', 'application/json', app().weights_json()))),
      el('div', { className: 'export-row' }, button('export-link', 'Copy link', () => this.link(notify))),
    );
  }

  /** Lists the plots now on show (their captions name them). */
  refresh() {
    const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null);
    const keep = this.plot.value;
    this.plot.replaceChildren(...canvases.map((c) => el('option', {
      value: c.id, textContent: document.getElementById(c.getAttribute('aria-labelledby'))?.textContent || c.id,
    })));
    if (canvases.some((c) => c.id === keep)) this.plot.value = keep;
  }

  /** A name for a file of this run: `plasticity-xor-fa-step1200-history.csv`. */
  name(what) {
    const p = new URLSearchParams(this.app().query());
    const who = p.get('compare') ? 'compare' : p.get('rule');
    const step = document.getElementById(p.get('compare') ? 'compare-step' : 'stat-step')?.textContent.replaceAll(',', '');
    return `plasticity-${p.get('task')}-${who}-step${step}-${what}`;
  }

  file(what, type, text) { download(new Blob([text], { type }), this.name(what)); }

  png() {
    this.refresh();
    const canvas = document.getElementById(this.plot.value);
    if (!canvas) return;
    canvas.toBlob((blob) => download(blob, this.name(`${canvas.id.replace(/^plot-/, '')}.png`)), 'image/png');
  }

  async link(notify) {
    try {
      await navigator.clipboard.writeText(location.href);
      notify(['The link to this run is on the clipboard.']);
    } catch {
      notify([`Copy this link: ${location.href}`]);
    }
  }
}
