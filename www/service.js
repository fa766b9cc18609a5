// Offline use: the service worker (sw.js, beside the page), registered a second after the page has loaded and
// drawn (main.js imports this then), so that the first visit's own download comes first; from then on the lab
// opens without a network. A new build is taken up on load: when a page finds one waiting within its first seconds
// it hands over and reloads, so that it never runs one build's page with another's scripts; a build that arrives
// later waits for the next load, and the page says so.

const FRESH_MS = 10000;

/** Registers the service worker (where the page may have one: not a sandboxed embed, not a file). */
export async function keepOffline(notify) {
  if (!/^https?:$/.test(location.protocol)) return;
  let registration;
  try { registration = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI)); }
  catch { return; } // no service worker here (a sandboxed embed, some private windows): the lab works online
  const takeUp = (worker) => {
    if (!navigator.serviceWorker.controller) return; // the first install: the page is already this build
    if (performance.now() > FRESH_MS) { notify(['A new version of the lab is ready: it opens when the page is next loaded.']); return; }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    worker.postMessage('take-over');
  };
  const installing = (worker) => worker?.addEventListener('statechange', () => { if (worker.state === 'installed') takeUp(worker); });
  // A new build may be waiting, installing, or found later.
  if (registration.waiting) takeUp(registration.waiting);
  installing(registration.installing);
  registration.addEventListener('updatefound', () => installing(registration.installing));
  // Ask for a new build now: a visit's own check compares sw.js, not the file list it imports.
  registration.update().catch(() => { /* offline: this build it is */ });
}
