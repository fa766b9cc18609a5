// Export: any plot as a PNG (at the canvas's full device resolution), the run's measurements as CSV or JSON, the
// weights and feedback matrices as JSON, the run's link, and the snippet that embeds it in a course page. The files'
// contents come from the wasm side (`history_csv`, `history_json`, `weights_json`), the same as the CLI's `--save`.
// Fetched the first time an Export or Embed button is pressed: a first visit does not download it.

import { $, el, button } from './dom.js';
import { EMBED_CONTROLS, EMBED_PLOTS } from './view.js';

/** The course page's few lines that let an embed's frame follow the height of what it shows. */
const FOLLOW = '<script>\n'
  + "addEventListener('message', (e) => { // plasticity: the frame takes the height the lab asks for\n"
  + "  if (e.data?.type !== 'plasticity:resize') return;\n"
  + "  for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = `${e.data.height}px`;\n"
  + '});\n</script>';

/** Shows the iframe snippet that embeds the run of `app` (the page's app) in a course page: the run with the view
 *  keys of an embed (no presenter mode; the plots and controls that fit its 800×600 frame unless chosen), then
 *  the script that lets the frame follow the lab's height. */
export function showEmbed(app) {
  if (!$('embed-panel')) embedPanel(app);
  const url = new URL(location.href);
  const view = new URLSearchParams(app.view);
  view.delete('present');
  view.set('embed', '1');
  if (!view.has('plots') && !app.comparing) view.set('plots', EMBED_PLOTS.join(','));
  if (!view.has('controls')) view.set('controls', EMBED_CONTROLS.join(','));
  url.hash = `${app.lab.query()}&${view}`;
  const title = app.comparing ? 'rules side by side' : new URLSearchParams(app.lab.query()).get('rule');
  $('embed-code').value = `<iframe src="${url.href}" width="800" height="600" style="max-width: 100%" `
    + `sandbox="allow-scripts allow-same-origin" allow="fullscreen" allowfullscreen loading="lazy" title="plasticity: ${title}"></iframe>\n`
    + FOLLOW;
  $('embed-panel').hidden = false;
  $('embed-code').focus();
  $('embed-code').select();
}

/** The Embed panel (made when first asked for): what the snippet is, the snippet, Copy and Close. */
function embedPanel(app) {
  const code = el('textarea', { id: 'embed-code', readOnly: true, rows: 8 });
  code.setAttribute('aria-label', 'embed code');
  const close = () => { $('embed-panel').hidden = true; $('embed-show').focus(); };
  const copy = async () => {
    try { await navigator.clipboard.writeText(code.value); app.notify(['The embed code is on the clipboard.']); }
    catch { code.select(); app.notify(['Press Ctrl+C (⌘C) to copy the selected code.']); }
  };
  const panel = el('section', { id: 'embed-panel', className: 'embed-panel', hidden: true },
    el('p', {}, 'Paste this into a course page to show this run: a sandboxed frame, which works under a strict '
      + 'Content-Security-Policy, and a few lines of script with which the frame takes the height the lab asks for '
      + '(without them it stays 800×600). ', el('code', { textContent: 'plots=' }), ' and ',
      el('code', { textContent: 'controls=' }), ' in its address choose what shows.'),
    code, button('Copy', 'embed-copy', false, copy), ' ', button('Close', 'embed-close', false, close));
  panel.setAttribute('aria-label', 'Embed this run');
  $('compare').before(panel);
}

/** The width of a slide-ready PNG, in pixels: a 1080p slide. */
export const SLIDE_WIDTH = 1920;

/** The plot on `canvas` drawn again `width` pixels wide (laid out at that size, not magnified), with its heading
 *  above and its caption and the run's settings below: a picture for a slide. `lab` is the page's run or
 *  comparison. */
export async function slide(canvas, lab, width) {
  const css = canvas.getBoundingClientRect();
  // Laid out as a chart half the slide's width in CSS pixels with labels of at least 16, at two device pixels each:
  // more room for the data than on screen, labels in proportion to the slide's heading.
  const [scale, minFont] = [2, 16];
  const chart = document.createElement('canvas');
  chart.width = width;
  chart.height = Math.round((width * css.height) / css.width);
  const id = canvas.id.replace(/^plot-/, '');
  const task = /^compare-task-(\d+)$/.exec(id);
  if (task) lab.draw_task(Number(task[1]), chart, scale, minFont, false);
  else if (id === 'compare-loss') lab.draw(chart, undefined, scale, minFont);
  else if (id === 'compare-alignment') lab.draw(undefined, chart, scale, minFont);
  else lab.draw(id, [chart], scale, minFont, false);
  const figure = canvas.closest('figure');
  const heading = figure?.querySelector('figcaption')?.textContent ?? '';
  const caption = [...(figure?.querySelectorAll('p:not(.summary)') ?? [])].map((p) => p.textContent).join(' ');
  const settings = `plasticity · ${decodeURIComponent(lab.query()).replaceAll('&', ' · ')}`;
  const [big, small, pad] = [Math.round(width / 40), Math.round(width / 64), Math.round(width / 48)];
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  const font = (size, weight = 'normal') => `${weight} ${size}px system-ui, sans-serif`;
  const lines = (text, size) => {
    ctx.font = font(size);
    const words = text.split(/\s+/).filter(Boolean);
    const rows = [];
    for (const w of words) {
      const last = rows.at(-1);
      if (last !== undefined && ctx.measureText(`${last} ${w}`).width <= width - 2 * pad) rows[rows.length - 1] = `${last} ${w}`;
      else rows.push(w);
    }
    return rows;
  };
  const captionRows = lines(caption, small);
  // A comparison's shared chart is keyed by the runs' rows on the page: the slide carries the key itself.
  const key = /^compare-(loss|alignment)$/.test(id) ? JSON.parse(lab.runs()).map((r) => [r.colour, r.label]) : [];
  ctx.font = font(small);
  const keyRows = [];
  for (const [colour, label] of key) {
    const w = small * 1.6 + ctx.measureText(label).width;
    const row = keyRows.at(-1);
    if (row && row.width + w <= width - 2 * pad) { row.items.push([colour, label, row.width]); row.width += w; }
    else keyRows.push({ items: [[colour, label, 0]], width: w });
  }
  const settingRows = lines(settings, Math.round(small * 0.8));
  out.width = width;
  out.height = pad + big * 1.3 + chart.height + pad / 2
    + (keyRows.length * 1.4 + captionRows.length * 1.3 + settingRows.length * 1.1) * small + pad;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#111';
  ctx.textBaseline = 'top';
  ctx.font = font(big, 'bold');
  ctx.fillText(heading, pad, pad);
  let y = pad + big * 1.3;
  ctx.drawImage(chart, 0, y);
  y += chart.height + pad / 2;
  ctx.font = font(small);
  for (const row of keyRows) {
    for (const [colour, label, x] of row.items) {
      ctx.fillStyle = colour;
      ctx.fillRect(pad + x, y + small * 0.15, small * 0.9, small * 0.9);
      ctx.fillStyle = '#111';
      ctx.fillText(label, pad + x + small * 1.2, y);
    }
    y += small * 1.4;
  }
  for (const row of captionRows) { ctx.fillText(row, pad, y); y += small * 1.3; }
  ctx.fillStyle = '#555';
  ctx.font = font(Math.round(small * 0.8));
  for (const row of settingRows) { ctx.fillText(row, pad, y); y += small * 1.1; }
  return out;
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
 *  chosen in `#export-plot` (on screen, or laid out for a slide), the history as CSV or JSON, the weights as JSON, or the link. `notify(lines)` shows a
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
    case 'export-slide': {
      const canvas = document.getElementById(document.getElementById('export-plot').value);
      if (canvas) (await slide(canvas, lab, SLIDE_WIDTH)).toBlob((blob) => download(blob, name(`${canvas.id.replace(/^plot-/, '')}-slide.png`)), 'image/png');
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
