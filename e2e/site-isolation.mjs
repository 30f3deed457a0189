// Path mode in a real browser: two sites share the sites origin; one of them tries to take over the other.
//   node e2e/site-isolation.mjs SITES_URL ATTACKER VICTIM
// ATTACKER's web root holds cgi-bin/sw (a worker script sent with "Service-Worker-Allowed: /") and cgi-bin/cookie
// (sets "tenant=<attacker>; Path=/"), both uploaded by e2e/run. Prints one JSON object with what the browser did.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const [sites, attacker, victim] = process.argv.slice(2);
// playwright-core comes with the dashboard's dev dependencies (web/node_modules), as for scripts/browser-test.
const { chromium } = createRequire(new URL('../web/package.json', import.meta.url))('playwright-core');
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-isolation-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = {};
try {
  const page = await context.newPage();
  await page.goto(`${sites}/${attacker}/`);
  const register = (scope) => page.evaluate(async ({ attacker, scope }) => {
    try {
      const reg = await navigator.serviceWorker.register(`/${attacker}/cgi-bin/sw`, { scope });
      const registered = `registered ${new URL(reg.scope).pathname}`;
      // The control worker answers everything under its scope itself: it goes before the cookie page is loaded.
      if (scope !== '/') await reg.unregister();
      return registered;
    } catch (e) {
      return `refused ${e.name}`;
    }
  }, { attacker, scope });
  result.workerOwnScope = await register(`/${attacker}/cgi-bin/`);
  result.workerRootScope = await register('/');
  await page.goto(`${sites}/${attacker}/cgi-bin/cookie`);
  await page.goto(`${sites}/${attacker}/`);
  result.cookieOnAttacker = await page.evaluate(() => document.cookie);
  await page.goto(`${sites}/${victim}/`);
  result.cookieOnVictim = await page.evaluate(() => document.cookie);
  result.victimPageByWorker = await page.evaluate(() => !!navigator.serviceWorker.controller);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
