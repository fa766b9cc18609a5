// The lab's service worker: it keeps the lab working offline after one visit, from the folder the page is served
// from (its scope). `www/pkg/offline.js`, written by `cargo xtask build`, names the build (a hash of its files)
// and the files it caches when it is installed: the page, its scripts, style, bindings and wasm, and the lessons
// with their figures. Everything else the page fetches from its own folder (the digits, the build with the rule
// language) is kept when first fetched. Each build has its own cache, so a page is never served a mix of two builds:
// a new build's worker waits until a page nobody has used yet asks it to take over (www/service.js) while it is the
// lab's only tab, or until every tab is closed; then the old caches are removed.

importScripts('www/pkg/offline.js');

const { version, files } = self.OFFLINE;
const CACHE = `plasticity-${version}`;
const PAGE = new URL('index.html', self.registration.scope).href;

self.addEventListener('install', (event) => {
  // Past the HTTP cache (a host's max-age could hand a new build's cache an old file): each file revalidated.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(files.map((f) => new Request(f, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((name) => name.startsWith('plasticity-') && name !== CACHE);
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// A page nobody has used yet asks the new build to take over. It does only if that page is the lab's one tab:
// another tab keeps its build until every tab is closed, or it would fetch the new build's scripts.
self.addEventListener('message', (event) => {
  if (event.data !== 'take-over') return;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((tabs) => {
    const lab = tabs.filter((tab) => tab.url.startsWith(self.registration.scope));
    if (lab.length <= 1) self.skipWaiting(); else event.source?.postMessage('wait');
  }));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith(answer(request, url));
});

/** The cached copy (the page itself for a visit to the folder or its index.html), else the network's, kept. */
async function answer(request, url) {
  const cache = await caches.open(CACHE);
  const bare = url.href.split(/[?#]/)[0];
  const page = request.mode === 'navigate' && (bare === self.registration.scope || bare === PAGE);
  const hit = await cache.match(page ? PAGE : request, { ignoreSearch: page });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}
