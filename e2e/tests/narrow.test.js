// Every page fits a phone's width (390 CSS pixels) and a desktop's: wide
// tables scroll inside themselves, the page itself never scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, visit, screenshot } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** One demo event with participants, and its report. */
async function samplePaths(page) {
  await visit(page, '/search?type=detention&to=2025-12-31');
  const event = await page.locator('div.results tbody tr td:first-child a').first().getAttribute('href');
  await visit(page, event);
  const report = await page.locator('article.source h3 a').getAttribute('href');
  return { event, report };
}

for (const width of [390, 1280]) {
  test(`no page scrolls sideways at ${width} pixels`, async () => {
    const page = await browser.page();
    const { event, report } = await samplePaths(page);
    await page.setViewportSize({ width, height: 844 });
    const pages = {
      overview: '/', search: '/search?q=detained', event, report, review: '/review', people: '/people',
    };
    for (const [name, path] of Object.entries(pages)) {
      await visit(page, path);
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
      }));
      assert.ok(scroll <= client, `${name} (${path}) is ${scroll} wide in ${client}`);
      const nav = await page.locator('header.top nav a').last().boundingBox();
      assert.ok(nav.x + nav.width <= width, `${name}: the last menu entry is on screen`);
      if (width < 500) await screenshot(page, `10-narrow-${name}`);
    }
  });
}
