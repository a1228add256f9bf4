// Search: the form, the results and facets, and URLs that can be shared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, visit, screenshot, BASE } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** What a results page shows: the total, the event links, the facet headings. */
async function results(page) {
  const total = Number(await page.locator('aside.facets p strong').first().textContent());
  const links = await page.locator('div.results table.events tbody tr td:first-child a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const facets = await page.locator('aside.facets h3').allTextContents();
  return { total, links, facets };
}

test('a query typed in the form gives results, facets and a shareable URL', async () => {
  const page = await browser.page();
  await visit(page, '/search');
  const all = await results(page);
  assert.ok(all.total > 0, 'the demo has events');

  await page.fill('form.search input[name=q]', 'detained');
  await Promise.all([
    page.waitForURL(/\/search\?.*q=detained/),
    page.click('form.search button[type=submit]'),
  ]);
  const found = await results(page);
  assert.ok(found.total > 0, 'something matches "detained"');
  assert.ok(found.total < all.total, `${found.total} of ${all.total} events match`);
  assert.equal(found.links.length, Math.min(found.total, 50));
  for (const href of found.links) assert.match(href, /^\/events\/\d+$/);
  assert.deepEqual(found.facets, ['Type', 'Country', 'City', 'Review']);
  const typeFacet = await page.locator('aside.facets h3:text-is("Type") + ul li').count();
  assert.ok(typeFacet > 0, 'type facet has values');
  assert.equal(await page.inputValue('form.search input[name=q]'), 'detained');
  await screenshot(page, '02-search');

  // The same URL, reloaded and opened afresh, gives the same page.
  const url = page.url();
  await page.reload();
  assert.deepEqual(await results(page), found, 'reload');
  const other = await browser.context.newPage();
  await other.goto(url);
  assert.deepEqual(await results(other), found, 'the URL opened in a new tab');
  assert.ok(url.startsWith(`${BASE}/search?`));

  // A facet value narrows the search and keeps the query.
  const country = other.locator('aside.facets h3:text-is("Country") + ul li a').first();
  const code = (await country.textContent()).trim();
  await Promise.all([other.waitForURL(/country=/), country.click()]);
  assert.match(other.url(), /q=detained/);
  const narrowed = await results(other);
  assert.ok(narrowed.total > 0 && narrowed.total <= found.total, `${code}: ${narrowed.total}`);
  assert.equal(await other.inputValue('form.search input[name=country]'), code);
  await other.close();
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});

test('a search that matches nothing says so', async () => {
  const page = await browser.page();
  await visit(page, '/search?q=zzyzxnotaword');
  assert.equal(Number(await page.locator('aside.facets p strong').textContent()), 0);
  assert.equal(await page.locator('div.results p.muted').textContent(), 'No events.');
});
