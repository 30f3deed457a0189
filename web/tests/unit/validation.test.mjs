import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { previewSiteName } from '@/lib/validation';

/** [username, site] rows of site-names.tsv, the table the domain's RuleCopiesTest holds SiteName to. */
function siteNames() {
  return readFileSync(new URL('./site-names.tsv', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}

test('the sign-up form previews the site name the server gives first', () => {
  const rows = siteNames();
  assert.ok(rows.length >= 20, `site-names.tsv has ${rows.length} rows`);
  for (const [username, site] of rows) {
    assert.equal(previewSiteName(username), site, `previewSiteName(${JSON.stringify(username)})`);
  }
});

test('white space around a username does not reach its site name', () => {
  assert.equal(previewSiteName(' Alice '), 'alice');
});
