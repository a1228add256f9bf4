// The review queue: accept one item with the keyboard, then find the
// acceptance in the event's history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, visit, screenshot, USER } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

test('accepting an item with the "a" key adds a version to its history', async () => {
  const page = await browser.page();
  await visit(page, '/review');
  const items = page.locator('section.item');
  assert.ok(await items.count() > 1, 'the demo has items to review');

  // Lowest confidence first.
  const confidences = (await page.locator('section.item h2 span.muted').allTextContents())
    .map((t) => Number(t.replace('confidence ', '')));
  assert.deepEqual(confidences, [...confidences].sort((a, b) => a - b));

  // The first item is selected; j moves to the second, k back to the first.
  assert.match(await items.nth(0).getAttribute('class'), /selected/);
  await page.keyboard.press('j');
  assert.match(await items.nth(1).getAttribute('class'), /selected/);
  assert.doesNotMatch(await items.nth(0).getAttribute('class'), /selected/);
  await page.keyboard.press('k');
  assert.match(await items.nth(0).getAttribute('class'), /selected/);
  await screenshot(page, '05-review');
  await screenshot(items.nth(0), '05a-review-first-item');

  const first = items.nth(0);
  const id = (await first.getAttribute('id')).replace(/^ev/, '');
  const version = Number(await first.locator('input[name=version]').first().inputValue());
  const before = await page.locator('section.item').count();
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/review/${id}`) && r.request().method() === 'POST'),
    page.waitForURL(/\/review$/),
    page.keyboard.press('a'),
  ]);
  await page.waitForLoadState('load');
  assert.equal(await page.locator(`section.item#ev${id}`).count(), 0, 'accepted item left the queue');
  assert.ok(await page.locator('section.item').count() <= before);

  await visit(page, `/events/${id}`);
  const state = await page.locator('dl.facts dt:text-is("Review") + dd .state').textContent();
  assert.equal(state, 'accepted');
  const rows = await page.locator('h2:text-is("History") + table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));
  const accepted = rows.find((r) => r[1] === 'accepted');
  assert.ok(accepted, `an accepted version in ${JSON.stringify(rows)}`);
  assert.equal(Number(accepted[0]), version + 1);
  assert.equal(accepted[2], USER, 'the version is by the logged-in user');
  assert.ok(rows.some((r) => Number(r[0]) === version), 'the earlier version stays listed');
  await screenshot(page, '06-event-after-review');
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});

test('"e" opens the edit form; a saved edit shows on the event page and in its history', async () => {
  const page = await browser.page();
  await visit(page, '/review');
  await page.keyboard.press('j');
  const item = page.locator('section.item.selected');
  const id = (await item.getAttribute('id')).replace(/^ev/, '');
  assert.equal(await item.locator('details.edit').evaluate((d) => d.open), false);
  await page.keyboard.press('e');
  assert.equal(await item.locator('details.edit').evaluate((d) => d.open), true);

  // Typing in a field must not trigger the shortcuts ("a" would accept).
  const charge = 'organising an unsanctioned assembly (edited by the e2e test)';
  await item.locator('input[name=charge]').fill('');
  await item.locator('input[name=charge]').type(charge);
  await item.locator('input[name=note]').fill('checked against the report');
  await screenshot(item, '05b-review-edit-form');
  await Promise.all([
    page.waitForURL(/\/review$/),
    item.locator('button', { hasText: 'Save edit' }).click(),
  ]);

  await visit(page, `/events/${id}`);
  assert.equal(await page.locator('dl.facts dt:text-is("Charge") + dd').textContent(), charge);
  assert.equal(await page.locator('dl.facts dt:text-is("Review") + dd .state').textContent(), 'edited');
  const last = await page.locator('h2:text-is("History") + table tbody tr').last()
    .evaluate((tr) => Array.from(tr.cells, (td) => td.textContent));
  assert.deepEqual([last[1], last[2], last[4]], ['edited', USER, 'checked against the report']);
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});
