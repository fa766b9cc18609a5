// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core, console errors collected.

import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000/';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export async function launch(extra = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: [...FLAGS, ...extra] });
}

/** A browser context with a profile on disk in `dir` (an incognito one, as `launch` gives, cannot install a page). */
export async function launchPersistent(dir, options = {}) {
  return chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS, ...options });
}

/** Opens `path` (relative to the site) and records console errors, page errors and requests that leave the origin.
 *  `view` sets the viewport, device scale factor and whether it is a phone. */
export async function open(browser, path = '', view = {}) {
  const { width = 1320, height = 1100, dpr = 1, phone = false } = view;
  // No service worker: these pages are tested as served (offline.test.mjs tests the worker), and a worker would
  // answer requests a test intercepts with page.route.
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: dpr, isMobile: phone, hasTouch: phone, serviceWorkers: 'block' });
  const problems = [];
  const origin = new URL(BASE_URL).origin;
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !/^(data|blob):/.test(r.url())) problems.push(`request off the origin: ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  // Not "load": a late subresource (the icon) must not hold up a test that needs only the running lab.
  await page.goto(new URL(path, BASE_URL).href, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.plasticity?.lab != null);
  return { page, problems };
}

export const text = (page, id) => page.locator(`#${id}`).textContent();
