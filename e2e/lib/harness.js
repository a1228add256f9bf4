// Shared set-up of the browser tests: Debian's Chromium launched headless by
// playwright-core (never Playwright's own browser builds), the server's base
// URL, and full-page screenshots under target/e2e/screenshots/.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The running `vigil serve`, e.g. http://127.0.0.1:41234 (no trailing slash). */
export const BASE = (process.env.VIGIL_URL || '').replace(/\/+$/, '');
if (!BASE) {
  throw new Error('VIGIL_URL is not set: run the tests through .ci/e2e, or start `vigil serve` and set it');
}

/** The account the tests log in with (made by .ci/e2e with `vigil user add`). */
export const USER = process.env.VIGIL_USER || '';
const PASSWORD = process.env.VIGIL_PASSWORD || '';
if (!USER || !PASSWORD) {
  throw new Error('VIGIL_USER and VIGIL_PASSWORD are not set: run the tests through .ci/e2e');
}

export const SCREENSHOTS =
  process.env.VIGIL_SCREENSHOTS || path.resolve(here, '..', '..', 'target', 'e2e', 'screenshots');

// Without the background-networking flags Chromium waits on Google's servers,
// which a closed network never answers.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A fresh browser context with its own temporary profile, logged in through
 * the login page unless `{ login: false }`; `close()` ends the browser and
 * removes the profile. Every dialog a page opens is recorded in `dialogs`
 * and dismissed, so that a test can assert that none opened.
 */
export async function openBrowser({ login = true } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  context.setDefaultTimeout(15_000);
  const dialogs = [];
  const errors = [];
  context.on('page', (page) => watch(page, dialogs, errors));
  for (const page of context.pages()) watch(page, dialogs, errors);
  const browser = {
    context,
    dialogs,
    errors,
    async page() {
      const existing = context.pages().find((p) => p.url() === 'about:blank');
      return existing || context.newPage();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  if (login) {
    const page = await context.newPage();
    await logIn(page, USER, PASSWORD);
    await page.close();
  }
  return browser;
}

/** Logs in through the login page; fails unless it lands on the overview. */
export async function logIn(page, user, password) {
  await page.goto(`${BASE}/login`, { waitUntil: 'load' });
  await page.locator('input[name=name]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.locator('form.login button[type=submit]').click(),
  ]);
}

function watch(page, dialogs, errors) {
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (err) => errors.push(String(err)));
}

/** Opens `pathAndQuery` on the server and fails on any status but 200. */
export async function visit(page, pathAndQuery) {
  const response = await page.goto(BASE + pathAndQuery, { waitUntil: 'load' });
  if (!response || response.status() !== 200) {
    throw new Error(`GET ${pathAndQuery} answered ${response && response.status()}`);
  }
  return response;
}

/**
 * A screenshot named `name`.png: of the full page, or of one element when
 * `target` is a locator (a long page's detail, small enough to look at).
 */
export async function screenshot(target, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (typeof target.goto === 'function') await target.screenshot({ path: file, fullPage: true });
  else await target.screenshot({ path: file });
  return file;
}

let apiCookie;

/** The session cookie of an API login (`POST /api/v1/login`), made once. */
async function apiSession() {
  if (!apiCookie) {
    const response = await fetch(`${BASE}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: USER, password: PASSWORD }),
    });
    if (!response.ok) throw new Error(`API login answered ${response.status}`);
    apiCookie = response.headers.get('set-cookie').split(';')[0];
  }
  return apiCookie;
}

/** The server's JSON at `pathAndQuery` (plain fetch, outside the browser, logged in). */
export async function api(pathAndQuery) {
  const response = await fetch(BASE + pathAndQuery, { headers: { cookie: await apiSession() } });
  if (!response.ok) throw new Error(`GET ${pathAndQuery} answered ${response.status}`);
  return response.json();
}
