// Export: any plot as a PNG (at the canvas's full device resolution), the run's measurements as CSV or JSON, the
// weights and feedback matrices as JSON, the run's link, and the snippet that embeds it in a course page. The files'
// contents come from the wasm side (`history_csv`, `history_json`, `weights_json`), the same as the CLI's `--save`.
// Fetched the first time an Export or Embed button is pressed: a first visit does not download it.

import { $, el } from './dom.js';
import { EMBED_CONTROLS, EMBED_PLOTS } from './view.js';

/** Shows the iframe snippet that embeds the run of `app` (the page's app) in a course page: the run with the view
 *  keys of an embed (no presenter mode; the plots and controls that fit its 800×600 frame unless chosen). */
export function showEmbed(app) {
  const url = new URL(location.href);
  const view = new URLSearchParams(app.view);
  view.delete('present');
  view.set('embed', '1');
  if (!view.has('plots') && !app.comparing) view.set('plots', EMBED_PLOTS.join(','));
  if (!view.has('controls')) view.set('controls', EMBED_CONTROLS.join(','));
  url.hash = `${app.lab.query()}&${view}`;
  const title = app.comparing ? 'rules side by side' : new URLSearchParams(app.lab.query()).get('rule');
  $('embed-code').value = `<iframe src="${url.href}" width="800" height="600" `
    + `sandbox="allow-scripts allow-same-origin" loading="lazy" title="plasticity: ${title}"></iframe>`;
  $('embed-panel').hidden = false;
  $('embed-code').focus();
  $('embed-code').select();
}

/** Offers `blob` as a download called `name`. */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What the Export section's button `id` does for the running lab `lab` (a `Lab` or a `Comparison`): PNG of the plot
 *  chosen in `#export-plot`, the history as CSV or JSON, the weights as JSON, or the link. `notify(lines)` shows a
 *  message. The section's markup is in index.html; this module is fetched the first time a button is pressed. */
export async function run(id, lab, notify) {
  const p = new URLSearchParams(lab.query());
  // A name for a file of this run: `plasticity-xor-fa-step1200-history.csv`.
  const name = (what) => {
    const who = p.get('compare') ? 'compare' : p.get('rule');
    const step = document.getElementById(p.get('compare') ? 'compare-step' : 'stat-step')?.textContent.replaceAll(',', '');
    return `plasticity-${p.get('task')}-${who}-step${step}-${what}`;
  };
  const file = (what, type, text) => download(new Blob([text], { type }), name(what));
  switch (id) {
    case 'export-png': {
      const canvas = document.getElementById(document.getElementById('export-plot').value);
      if (canvas) canvas.toBlob((blob) => download(blob, name(`${canvas.id.replace(/^plot-/, '')}.png`)), 'image/png');
      break;
    }
    case 'export-csv': file('history.csv', 'text/csv', lab.history_csv()); break;
    case 'export-json': file('history.json', 'application/json', lab.history_json()); break;
    case 'export-weights': file('weights.json', 'application/json', lab.weights_json()); break;
    case 'export-link':
      try {
        await navigator.clipboard.writeText(location.href);
        notify(['The link to this run is on the clipboard.']);
      } catch {
        notify([`Copy this link: ${location.href}`]);
      }
      break;
    default:
  }
}
