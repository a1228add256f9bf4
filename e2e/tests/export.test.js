// The CSV export downloaded from the search page, with the page's filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openBrowser, visit, screenshot } from '../lib/harness.js';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

const HEADER = 'id,type,date_start,date_end,date_precision,date_text,place,country,latitude,'
  + 'longitude,targets,agents,participants,charge,penalty,claim,review,version,confidence,'
  + 'document,source_title,published,incident,sources,outlets';

/** RFC 4180 records: quoted fields may hold commas, quotes and newlines. */
function parseCsv(text) {
  const records = [];
  let field = '';
  let record = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); records.push(record); field = ''; record = [];
    } else field += c;
  }
  if (field || record.length) { record.push(field); records.push(record); }
  return records;
}

test('the CSV link downloads the filtered events', async () => {
  const page = await browser.page();
  await visit(page, '/search?type=detention');
  const total = Number(await page.locator('aside.facets p strong').textContent());
  assert.ok(total > 0);
  const incidents = Number(await page.locator('aside.facets p.incident-count span.incidents').textContent());
  assert.ok(incidents > 0 && incidents <= total, `${incidents} incidents of ${total} events`);
  await screenshot(page, '07-search-export');

  const link = page.locator('p.exports a', { hasText: 'csv' });
  assert.match(await link.getAttribute('href'), /format=csv.*type=detention/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'vigil-events.csv');
  const text = await readFile(await download.path(), 'utf8');

  assert.equal(text.split(/\r?\n/, 1)[0], HEADER);
  const [header, ...rows] = parseCsv(text);
  assert.equal(rows.length, incidents, 'one row per incident of the matching events');
  const seen = new Set();
  for (const row of rows) {
    const incident = row[header.indexOf('incident')];
    assert.ok(incident === '' || !seen.has(incident), `incident ${incident} has one row`);
    seen.add(incident);
    assert.equal(row.length, header.length);
    assert.equal(row[header.indexOf('type')], 'detention');
    assert.match(row[header.indexOf('id')], /^\d+$/);
  }
  assert.deepEqual(browser.dialogs, []);
});
