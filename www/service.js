// Offline use: the service worker (sw.js, beside the page), registered a second after the page has loaded and
// drawn (main.js imports this then), so that the first visit's own download comes first; from then on the lab
// opens without a network. A new build is taken up on load: a page that finds one waiting before anyone has used it
// (nothing trained, no lesson open, no key or click) hands over and reloads, so that it never runs one build's page
// with another's scripts; a page in use keeps its build until the next load, and says so.

/** Registers the service worker (where the page may have one: served over HTTP, not in an embed, which a course
 *  page shows online and which would download the offline copy on every page that embeds it). `inUse` says whether
 *  a reload now would lose something (a run trained, a lesson open). */
export async function keepOffline(notify, inUse) {
  if (!/^https?:$/.test(location.protocol) || new URLSearchParams(location.hash.slice(1)).get('embed') === '1') return;
  let touched = false;
  for (const event of ['pointerdown', 'keydown']) addEventListener(event, () => { touched = true; }, { capture: true, once: true });
  let registration;
  try { registration = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI)); }
  catch { return; } // no service worker here (some private windows, a frame without allow-same-origin): online only
  const takeUp = (worker) => {
    if (!navigator.serviceWorker.controller) return; // the first install: the page is already this build
    const later = () => notify(['A new version of the lab is ready: it opens when the page is next loaded with no other tab of the lab open.']);
    if (touched || inUse()) { later(); return; }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    navigator.serviceWorker.addEventListener('message', (e) => { if (e.data === 'wait') later(); });
    worker.postMessage('take-over');
  };
  const installing = (worker) => worker?.addEventListener('statechange', () => { if (worker.state === 'installed') takeUp(worker); });
  // A new build may be waiting, installing, or found later.
  if (registration.waiting) takeUp(registration.waiting);
  installing(registration.installing);
  registration.addEventListener('updatefound', () => installing(registration.installing));
  // Ask for a new build now: in the tests' Chromium, a visit's own check did not find one whose only change was in
  // the file list sw.js imports.
  registration.update().catch(() => { /* offline: this build it is */ });
}
