// Offline and installable: after one visit the lab opens, trains, runs a digit task and a lesson with the network
// gone; a new build is served on the next load; the manifest is valid and Chromium finds the page installable. The
// site is served here from a copy of its files under a subpath (a course's folder), by a server this test stops to
// cut the network, with the page's Content-Security-Policy.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, launchPersistent } from './browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TYPES = { html: 'text/html', js: 'text/javascript', css: 'text/css', wasm: 'application/wasm', json: 'application/json', png: 'image/png', svg: 'image/svg+xml', webmanifest: 'application/manifest+json', gz: 'application/octet-stream' };
const SUBPATH = '/course/lab/';

let site; let server; let port; let browser;
const sockets = new Set();

/** Serves `site` under SUBPATH on `port` (0: any). */
function serve(at = 0) {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = url.pathname.startsWith(SUBPATH) ? path.join(site, url.pathname.slice(SUBPATH.length) || 'index.html') : null;
    if (!file || !file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    const type = TYPES[path.extname(file).slice(1)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...(type === 'text/html' ? { 'Content-Security-Policy': CSP } : {}) });
    res.end(fs.readFileSync(file));
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((resolve) => server.listen(at, '127.0.0.1', () => { port = server.address().port; resolve(); }));
}

/** Cuts the network: the server stops and drops its connections. */
function cut() {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(resolve));
}

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'plasticity-offline-'));
  for (const name of ['index.html', 'sw.js', 'www', 'results']) fs.cpSync(path.join(ROOT, name), path.join(site, name), { recursive: true });
  await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await cut().catch(() => {}); fs.rmSync(site, { recursive: true, force: true }); });

const page0 = () => `http://127.0.0.1:${port}${SUBPATH}`;

/** Steps the running lab `n` mini-batches through the page's Step control, and returns the step counter. */
async function steps(page, n) {
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowRight');
  return page.evaluate(() => Number(document.getElementById('stat-step').textContent.replaceAll(',', '')));
}

let context; let page; const failed = [];

test('after one visit, with the network cut, the lab reloads and trains, and a digit task and a lesson open and run', async () => {
  context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (e) => failed.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(page0()) && !/^(data|blob):/.test(r.url())) failed.push(`off the folder: ${r.url()}`); });
  await page.goto(`${page0()}index.html#task=xor`);
  await page.waitForFunction(() => window.plasticity?.lab != null);
  // The worker is registered after the first plot, installs (the page, scripts, wasm, lessons) and takes the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller != null, null, { timeout: 20000 });
  // A digit task during the visit: its digits are kept when first fetched.
  await page.evaluate(() => { location.hash = 'task=digits'; });
  await page.waitForFunction(() => new URLSearchParams(window.plasticity.lab.query()).get('task') === 'digits');
  await cut();
  await context.setOffline(true);
  page.on('requestfailed', (r) => failed.push(`failed offline: ${r.url()}`));
  await page.goto(`${page0()}index.html#task=xor&rule=fa`);
  await page.waitForFunction(() => window.plasticity?.lab != null);
  assert.ok(await steps(page, 5) >= 5, 'offline: the lab trains');
  await page.evaluate(() => { location.hash = 'task=digits&rule=backprop'; });
  await page.waitForFunction(() => new URLSearchParams(window.plasticity.lab.query()).get('task') === 'digits');
  assert.ok(await steps(page, 3) >= 3, 'offline: a digit task trains');
  await page.evaluate(() => { location.hash = 'lesson=feedback-alignment'; });
  await page.waitForSelector('#lesson-title');
  assert.match(await page.locator('#lesson-title').textContent(), /\S/);
  await page.waitForFunction(() => window.plasticity.lessons?.lesson != null && !document.querySelector('#lesson').inert);
  assert.ok(await steps(page, 3) >= 3, 'offline: a lesson step runs');
  assert.deepEqual(failed, []);
});

test('a new build is served on the next load and the old one\'s cache removed; a page in use is not reloaded under its user', async () => {
  await context.setOffline(false);
  await serve(port);
  // A new build: new files, and a new name in offline.js (what `cargo xtask build` writes).
  const html = path.join(site, 'index.html');
  fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace('<title>plasticity', '<title>plasticity (new build)'));
  const list = path.join(site, 'www/pkg/offline.js');
  fs.writeFileSync(list, fs.readFileSync(list, 'utf8').replace(/version: '[^']*'/, "version: 'next'"));
  // The next load: a new document (the page left the lab first; a link to it differing only in its hash would not
  // load it again).
  await page.goto('about:blank');
  await page.goto(`${page0()}index.html#task=xor`);
  await page.waitForFunction(() => document.title.includes('(new build)'), null, { timeout: 20000 });
  await page.waitForFunction(() => window.plasticity?.lab != null);
  const caches = await page.evaluate(() => self.caches.keys());
  assert.deepEqual(caches, ['plasticity-next']);
  // A page in use (a step trained) is not reloaded under its user by a build that arrives later: it says so.
  await page.keyboard.press('ArrowRight');
  fs.writeFileSync(list, fs.readFileSync(list, 'utf8').replace(/version: '[^']*'/, "version: 'later'"));
  fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace('(new build)', '(later build)'));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.waitForFunction(() => /new version of the lab is ready/.test(document.getElementById('notice-text').textContent), null, { timeout: 20000 });
  assert.match(await page.title(), /\(new build\)/);
  assert.deepEqual(failed, []);
});

test('the manifest is valid and Chromium finds the page installable', async () => {
  await context.close();
  // Installability is not checked in an incognito context (every context `launch` gives): a profile on disk.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plasticity-profile-'));
  const persistent = await launchPersistent(profile, { viewport: { width: 1366, height: 768 } });
  try {
    const tab = await persistent.newPage();
    await tab.goto(`${page0()}index.html`);
    await tab.waitForFunction(() => navigator.serviceWorker.controller != null, null, { timeout: 20000 });
    const cdp = await persistent.newCDPSession(tab);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
    assert.match(manifest.url, /\/course\/lab\/www\/manifest\.webmanifest$/);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));
  } finally {
    await persistent.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
