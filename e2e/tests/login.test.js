// Logging in and out: a private instance sends an anonymous visitor to the
// login page and back where they were going; a wrong password is refused;
// the session cookie is HttpOnly and SameSite=Strict; every page carries a
// Content-Security-Policy without inline scripts and refuses framing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, screenshot, BASE, USER } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser({ login: false }); });
after(async () => { await browser?.close(); });

test('an anonymous visitor logs in, comes back to the page asked for, and logs out', async () => {
  const page = await browser.page();
  const first = await page.goto(`${BASE}/review`, { waitUntil: 'load' });
  assert.equal(new URL(page.url()).pathname, '/login', 'sent to the login page');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/review');
  const headers = first.headers();
  assert.match(headers['content-security-policy'], /script-src 'self'/);
  assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline/);
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(headers['x-frame-options'], 'DENY');
  await screenshot(page, '00-login');

  await page.locator('input[name=name]').fill(USER);
  await page.locator('input[name=password]').fill('not the password');
  const refused = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
    page.locator('form.login button[type=submit]').click(),
  ]).then(([r]) => r);
  assert.equal(refused.status(), 401);
  await page.waitForLoadState('load');
  assert.equal(await page.locator('p.error').textContent(), 'wrong name or password');
  assert.equal((await browser.context.cookies()).filter((c) => c.name === 'vigil_session').length, 0);

  await page.locator('input[name=name]').fill(USER);
  await page.locator('input[name=password]').fill(process.env.VIGIL_PASSWORD);
  await Promise.all([
    page.waitForURL(`${BASE}/review`),
    page.locator('form.login button[type=submit]').click(),
  ]);
  assert.match(await page.locator('header.top .account .who').textContent(), new RegExp(`^${USER} `));
  const session = (await browser.context.cookies()).find((c) => c.name === 'vigil_session');
  assert.ok(session, 'a session cookie');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('vigil_session')), false,
    'scripts cannot read the session');

  await Promise.all([
    page.waitForURL(/\/login$/),
    page.locator('header.top form button', { hasText: 'Log out' }).click(),
  ]);
  await page.goto(`${BASE}/`, { waitUntil: 'load' });
  assert.equal(new URL(page.url()).pathname, '/login', 'logged out');
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});
