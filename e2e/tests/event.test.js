// The event page: facts, the evidence sentence highlighted in its paragraph,
// the history; and the person page its participants link to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, visit, screenshot, api } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** Code points `start..end` of `text` (the store's offsets are code points). */
const slice = (text, { start, end }) => Array.from(text).slice(start, end).join('');

test('an event opened from search shows its evidence sentence highlighted', async () => {
  const page = await browser.page();
  // Demo events only (to=2025-12-31): the XSS reports of data/e2e/ have their own test.
  await visit(page, '/search?q=detained&type=detention&to=2025-12-31');
  const link = page.locator('div.results table.events tbody tr td:first-child a').first();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
  const id = href.split('/').pop();

  const facts = await page.locator('dl.facts dt').allTextContents();
  for (const dt of ['Type', 'Date', 'Place', 'Who', 'Status', 'Review']) {
    assert.ok(facts.includes(dt), `fact ${dt} in ${facts}`);
  }
  assert.match(await page.locator('dl.facts dd').first().textContent(), /^detention · PLOVER /);

  // The stored event and its report, to check the highlight against.
  const stored = await api(`/api/v1/events/${id}`);
  const event = stored.event?.event ?? stored.event;
  const docId = stored.document ?? stored.event?.document;
  const report = await api(`/api/v1/documents/${encodeURIComponent(docId)}`);
  const text = report.document.document.text;
  const sentence = slice(text, event.sentence);
  const trigger = slice(text, event.trigger);

  const context = page.locator('article.source p.context').first();
  await context.waitFor();
  const highlighted = await context.locator('mark').evaluateAll((marks) =>
    marks.map((m) => ({ cls: m.className, text: m.textContent })));
  assert.ok(highlighted.some((m) => m.cls === 'ev'), 'an evidence mark');
  const triggerMark = highlighted.find((m) => m.cls === 'trigger');
  assert.ok(triggerMark, 'the trigger is marked inside the sentence');
  assert.equal(triggerMark.text, trigger);
  assert.equal(highlighted.map((m) => m.text).join(''), sentence,
    'the marks cover exactly the evidence sentence');
  const paragraph = await context.textContent();
  assert.ok(paragraph.includes(sentence) && paragraph.length >= sentence.length);
  // The highlight is visible: a coloured background, not just a tag.
  const bg = await context.locator('mark.ev').first()
    .evaluate((m) => getComputedStyle(m).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)');

  const history = await page.locator('h2:text-is("History") + table tbody tr').count();
  assert.ok(history >= 1, 'at least the extracted version');
  await screenshot(page, '03-event');
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});

test('a participant links to a person page listing the event', async () => {
  const page = await browser.page();
  await visit(page, '/search?type=detention&to=2025-12-31');
  const hrefs = await page.locator('div.results table.events tbody tr td:first-child a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  let person = null;
  let eventHref = null;
  for (const href of hrefs) {
    await visit(page, href);
    const link = page.locator('dl.facts ul.plain a[href^="/entities/person"]').first();
    if (await link.count()) {
      person = link;
      eventHref = href;
      break;
    }
  }
  assert.ok(person, 'some detention names a person with a page');
  const name = (await person.textContent()).trim();
  await Promise.all([page.waitForURL(/\/entities\/person/), person.click()]);

  const title = (await page.locator('h1').textContent()).trim();
  const names = await page.locator('dl.facts dt:text-is("Names") + dd').textContent();
  assert.ok(title.length > 0);
  assert.ok(names.includes(title), `names ${names} hold the title ${title}`);
  // The mention may be a short form of the name ("Petrova" for "Ana Petrova").
  const lastWord = name.split(/\s+/).pop();
  assert.ok(names.includes(lastWord), `names ${names} hold ${lastWord}`);

  const events = await page.locator('h2:text-is("Events, in date order") + table tbody tr td:first-child a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(events.includes(eventHref), `${eventHref} in ${events}`);
  const sources = await page.locator('h2:has-text("Sources") + ul li a').allTextContents();
  assert.ok(sources.length >= 1, 'at least one source report');
  assert.ok(sources.some((t) => !t.startsWith('sha256:')), `sources listed by title: ${sources}`);
  await screenshot(page, '04-person');
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});
