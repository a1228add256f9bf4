// The demo overview: counts by type, the SVG timeline and map, recent events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, visit, screenshot } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

test('overview shows counts, timeline, map and recent events', async () => {
  const page = await browser.page();
  await visit(page, '/');
  assert.equal(await page.locator('h1').first().textContent(), 'Overview');

  // The counts are of incidents, each once however many reports tell of it.
  const total = await page.locator('section.counts h2').textContent();
  const m = total.match(/^(\d+) incidents from (\d+) reports \((\d+) events\)$/);
  assert.ok(m, `counts heading: ${total}`);
  const [incidents, reports, events] = m.slice(1).map(Number);
  assert.ok(events > 0 && incidents > 0 && reports > 0, total);
  assert.ok(incidents < events, `stories told twice are counted once: ${total}`);
  const types = await page.locator('section.counts ul.types li').count();
  assert.ok(types >= 3, `${types} event types counted`);

  assert.equal(await page.locator('svg.chart').count() >= 1, true, 'timeline chart');
  const bars = await page.locator('svg.chart rect').count();
  assert.ok(bars > 0, 'timeline has bars');
  const markers = await page.locator('svg.map circle').count();
  assert.ok(markers > 0, 'map has markers');

  const rows = await page.locator('table.events tbody tr').count();
  assert.ok(rows > 0 && rows <= 12, `${rows} recent events`);
  await screenshot(page, '01-overview');

  // A type count links to the search page filtered by that type.
  const first = page.locator('section.counts ul.types li a').first();
  const kind = (await first.locator('.badge').textContent()).trim();
  await first.click();
  await page.waitForURL(/\/search\?/);
  assert.match(page.url(), new RegExp(`type=${kind}`));
  const kinds = await page.locator('table.events tbody tr td:nth-child(2)').allTextContents();
  assert.ok(kinds.length > 0);
  for (const k of kinds) assert.equal(k.trim(), kind);
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});
