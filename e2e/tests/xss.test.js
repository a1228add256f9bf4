// Report text is shown escaped: the synthetic reports of data/e2e/ carry
// <script> elements, onerror/onload attributes and javascript: links, and
// text that spells them out. Opening their report and event pages must run
// nothing and show the payloads as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, visit, screenshot } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const REPORTS = [
  {
    name: 'html',
    query: 'Serikova',
    shown: ['<script>window.__pwned=1;alert(', '<img src=x onerror="window.__pwned=2;alert(2)">'],
    title: '<script>',
  },
  {
    name: 'txt',
    query: 'Kuanyshev',
    shown: ["<script>window.__pwned='txt';alert(1)</script>", '<img src=x onerror="window.__pwned=\'txt img\';alert(2)">'],
    title: '<script>alert(1)</script>',
  },
];

/** Fails if anything on the page ran or could run. */
async function assertInert(page, where) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${where}: a payload ran`);
  assert.deepEqual(browser.dialogs, [], `${where}: a dialog opened`);
  assert.deepEqual(browser.errors, [], `${where}: page errors`);
  const live = await page.evaluate(() => ({
    scripts: Array.from(document.scripts, (s) => s.getAttribute('src') || 'inline'),
    handlers: Array.from(document.querySelectorAll('*')).flatMap((el) =>
      Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
    jsLinks: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]').length,
    images: document.querySelectorAll('main img, main iframe, main object, main embed').length,
  }));
  for (const src of live.scripts) assert.ok(src.startsWith('/static/'), `${where}: script ${src}`);
  assert.deepEqual(live.handlers, [], `${where}: event handler attributes`);
  assert.equal(live.jsLinks, 0, `${where}: javascript: links`);
  assert.equal(live.images, 0, `${where}: embedded elements from the report`);
}

for (const report of REPORTS) {
  test(`the ${report.name} report with script payloads runs nothing and shows them as text`, async () => {
    const page = await browser.page();
    await page.addInitScript(() => { delete window.__pwned; });

    await visit(page, `/search?q=${report.query}`);
    await assertInert(page, 'search');
    const events = page.locator('div.results table.events tbody tr td:first-child a');
    assert.ok(await events.count() >= 1, `the ${report.name} report gave an event`);
    const href = await events.first().getAttribute('href');

    await visit(page, href);
    await page.waitForTimeout(300);
    await assertInert(page, `event ${href}`);
    const context = await page.locator('article.source p.context').allTextContents();
    assert.ok(context.length > 0, 'the evidence is shown');
    await screenshot(page, `08-xss-${report.name}-event`);

    const docLink = page.locator('article.source h3 a');
    const docHref = await docLink.getAttribute('href');
    assert.ok((await docLink.textContent()).includes(report.title), 'the title is shown as text');
    await visit(page, docHref);
    await page.waitForTimeout(300);
    await assertInert(page, `report ${docHref}`);
    assert.ok((await page.locator('h1').textContent()).includes(report.title));
    const text = await page.locator('div.report').textContent();
    for (const payload of report.shown) {
      assert.ok(text.includes(payload), `the report shows ${payload} as text`);
    }
    assert.ok(await page.locator('div.report mark, div.report a.m').count() > 0, 'spans are marked');
    await screenshot(page, `09-xss-${report.name}-report`);
  });
}

// The probes above must be able to fail: the same payloads, unescaped, are caught.
test('the probes catch a payload that does run', async () => {
  const page = await browser.context.newPage();
  await page.setContent('<main><p>x</p></main>');
  await page.evaluate(() => {
    const p = document.querySelector('main p');
    p.innerHTML = "<img src=x onerror=\"window.__pwned='probe';alert('probe')\">";
  });
  await page.waitForFunction(() => window.__pwned === 'probe');
  await page.waitForTimeout(200);
  await assert.rejects(assertInert(page, 'probe'), /a payload ran/);
  assert.deepEqual(browser.dialogs, ['alert: probe']);
  browser.dialogs.length = 0;
  await page.evaluate(() => { delete window.__pwned; });
  await assert.rejects(assertInert(page, 'probe'), /event handler attributes/);
  await page.close();
});
