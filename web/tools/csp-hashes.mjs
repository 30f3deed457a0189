// After `next build`: the sha256 of every inline <script> in each exported page, written to
// out/csp-hashes.json as {"<page path under out/>": ["sha256-..."]}. The server puts a page's hashes in its
// Content-Security-Policy, so Next.js's inline bootstrap scripts run and no other inline script does.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const out = process.argv[2] ?? 'out';
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

function* pages(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* pages(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

const hashes = {};
let total = 0;
for (const file of pages(out)) {
  const html = readFileSync(file, 'utf8');
  const page = new Set();
  for (const [, attributes, body] of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    // The browser hashes the element's text exactly as written: script content is raw text in HTML.
    page.add('sha256-' + createHash('sha256').update(body, 'utf8').digest('base64'));
  }
  hashes[relative(out, file).split(sep).join('/')] = [...page].sort();
  total += page.size;
}
if (!hashes['index.html']) {
  console.error(`csp-hashes: no ${out}/index.html; run next build first`);
  process.exit(1);
}
writeFileSync(join(out, 'csp-hashes.json'), JSON.stringify(hashes, null, 1) + '\n');
console.log(`csp-hashes: ${total} inline scripts in ${Object.keys(hashes).length} pages -> ${out}/csp-hashes.json`);
