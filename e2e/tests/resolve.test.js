// People and incidents across reports: a story told by several outlets is one
// incident with every source, and a person's page has a timeline of incidents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, visit, screenshot, api } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

test('a journalist spelt two ways is one person with a timeline of incidents', async () => {
  const page = await browser.page();
  // The demo's Almaty journalist, spelt Sadykova and Sadikova by different outlets.
  await visit(page, '/search?q=Sadikova&to=2025-12-31');
  const hrefs = await page.locator('div.results table.events tbody tr td:first-child a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  let personLink = null;
  for (const href of hrefs) {
    await visit(page, href);
    const link = page.locator('dl.facts li:has-text("Sad") a.person').first();
    if (await link.count()) { personLink = link; break; }
  }
  assert.ok(personLink, 'a participant named Sadikova links to a person page');
  const personHref = await personLink.getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.pathname === personHref), personLink.click()]);

  const aliases = await page.locator('dl.facts dd.aliases span.alias').allTextContents();
  assert.ok(aliases.some((a) => a.includes('Sadykova')), `aliases ${aliases}`);
  assert.ok(aliases.some((a) => a.includes('Sadikova')), `aliases ${aliases}`);
  const heading = await page.locator('h2:has-text("Timeline")').textContent();
  const rows = page.locator('table.timeline tbody tr');
  const count = await rows.count();
  assert.ok(count >= 4, `${heading}: a timeline of at least four incidents`);
  assert.match(heading, new RegExp(`^Timeline: ${count} incidents$`));

  // The API tells the same: aliases and incidents.
  const id = personHref.split('/').pop();
  const person = await api(`/api/v1/people/${id}`);
  assert.equal(person.incidents.length, count);
  assert.ok(person.aliases.length >= 2, JSON.stringify(person.aliases));
  await screenshot(page, '09-person-timeline');

  // An incident told by several reports lists every one of them.
  const sources = await rows.locator('td.sources').allTextContents();
  const i = sources.findIndex((n) => Number(n) >= 2);
  assert.ok(i >= 0, `an incident of the timeline has several sources: ${sources}`);
  const told = Number(sources[i]);
  const incidentLink = rows.nth(i).locator('td:last-child a');
  const incidentHref = await incidentLink.getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.pathname === incidentHref), incidentLink.click()]);
  assert.match(await page.locator('p.sources-count').textContent(), new RegExp(`^Told by ${told} reports`));
  const reports = await page.locator('table.sources tbody tr td:nth-child(2) a').allTextContents();
  assert.equal(new Set(reports).size, told, `the incident page lists ${told} reports: ${reports}`);
  await screenshot(page, '10-incident');
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});

test('an event page lists the other reports of its incident', async () => {
  const page = await browser.page();
  // The Baku raid on Kaspi Voice, told by three outlets.
  await visit(page, '/search?q=Kaspi&type=detention&to=2025-12-31');
  const hrefs = await page.locator('div.results table.events tbody tr td:first-child a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 2, `${hrefs.length} detentions found`);
  let here = null;
  let told = 0;
  for (const href of hrefs) {
    await visit(page, href);
    const line = page.locator('section.incident p.sources-count');
    if (!(await line.count())) continue;
    told = Number((await line.textContent()).match(/told by (\d+) reports/)?.[1]);
    if (told >= 2) { here = href; break; }
  }
  assert.ok(here, 'a detention of the Kaspi Voice raid is one incident of several reports');
  const others = await page.locator('section.incident ul.incident-sources li a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(others.length >= 1, 'the other reports are linked');
  // Another report's event of the same incident points back at this one.
  await visit(page, others[0]);
  const back = await page.locator('section.incident ul.incident-sources li a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(back.includes(here), `${here} in ${back}`);
  assert.deepEqual(browser.dialogs, []);
  assert.deepEqual(browser.errors, []);
});
