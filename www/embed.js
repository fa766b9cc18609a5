// An embed in a course page: its plots share the height its frame leaves them, it tells the page around it how tall
// it is, and it offers fullscreen where its frame allows it. Fetched for an embed only (view.js).

import { $ } from './dom.js';

/** An embed's plots share the height its frame leaves them, it tells the course page around it how tall it is
 *  whenever that changes (`{type: "plasticity:resize", height}`, which the Embed snippet's script follows), and it
 *  offers fullscreen where its frame allows it. */
let framed = false;
export function inFrame() {
  if (framed) return;
  framed = true;
  const button = $('embed-fullscreen');
  button.hidden = !document.fullscreenEnabled;
  button.addEventListener('click', () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => {}));
  document.addEventListener('fullscreenchange', () => {
    button.textContent = document.fullscreenElement ? 'Leave fullscreen' : 'Fullscreen';
    if (!document.fullscreenElement) fit();
  });
  const body = document.body;
  const height = () => {
    const style = getComputedStyle(body);
    return body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
  };
  const fit = () => {
    // Everything but the plots (controls, numbers, headings, gaps), and the rows the plots make: the plots then
    // take (frame height − the rest) / rows (style.css), so that the page is as tall as its frame or, in a frame
    // too small for it, as tall as it must be — never taller for being given more.
    const rows = new Map();
    for (const canvas of document.querySelectorAll('.plots canvas')) {
      if (!canvas.offsetParent) continue;
      const top = Math.round(canvas.closest('figure').getBoundingClientRect().top);
      rows.set(top, Math.max(rows.get(top) ?? 0, canvas.getBoundingClientRect().height));
    }
    const rest = Math.ceil(height() - [...rows.values()].reduce((a, b) => a + b, 0));
    if (body.style.getPropertyValue('--embed-chrome') !== `${rest}px`) body.style.setProperty('--embed-chrome', `${rest}px`);
    if (body.style.getPropertyValue('--embed-rows') !== String(rows.size || 1)) body.style.setProperty('--embed-rows', String(rows.size || 1));
    // Not from fullscreen: the screen's height is not what the course page's frame needs.
    if (window.parent !== window && !document.fullscreenElement) window.parent.postMessage({ type: 'plasticity:resize', height: Math.ceil(height()) }, '*');
  };
  new ResizeObserver(fit).observe(body);
}
