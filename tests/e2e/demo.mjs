// ./build.sh demo: the extension against the local Salesforce emulator, and the standalone page (dist/www) served on
// http://localhost:<port>/ (its own Callback URL; its origin in the emulator org's CORS allowlist).
// With a display: opens Chromium with sftoken loaded and a demo profile saved, and the page in a second tab; you
// click "Log in" (or go through the page) yourself.
// Headless (no DISPLAY): runs both flows itself, prints the tokens and saves a screenshot of the extension's result.
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/server.mjs';
import { launchChromium } from './chromium.mjs';
import { fixtures, openPopup } from './scenarios.mjs';
import { serveWww, wwwEmulatorConfig } from './www-driver.mjs';

const dist = (path) => fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));
const headless = !process.env.DISPLAY || process.env.SFTOKEN_DEMO_HEADLESS === '1';

const site = await serveWww();
const emulator = await startEmulator({ config: wwwEmulatorConfig(site.url) });
emulator.setCorsAllowlist([site.origin]); // Setup › CORS › "Enable CORS for OAuth endpoints", this page allowed
const { publicApp, user } = fixtures(emulator);
const MY_DOMAIN = `${emulator.config.org.myDomain}.my.salesforce.com`;
console.log(`Salesforce emulator: ${emulator.origin} (login.salesforce.com and *.salesforce.com are mapped to it)`);
console.log(`Test user: ${user.username} / ${user.password}   consumer key: ${publicApp.clientId}`);
console.log(`The page that needs no install: ${site.url}  (Login URL ${MY_DOMAIN}, Callback URL ${site.url}: "Get token" gets the token in the page; open it in the demo's Chromium, which maps Salesforce's hosts to the emulator)`);

// The headless run needs the test build only to read the clipboard back; a person uses the shipped build.
const browser = await launchChromium({ extensionDir: dist(headless ? 'test/chrome' : 'chrome'), emulatorPort: emulator.port, headless });
const popup = await openPopup(browser);
await popup.fill('Name', 'Acme (emulator)');
await popup.fill('Login URL', 'login.salesforce.com');
await popup.fill('Consumer key', publicApp.clientId);
await popup.click('Save');
await popup.waitForText('#form-status', 'Saved');

if (!headless) {
  await browser.open(site.url);
  console.log('Chromium is open on the sftoken popup with a saved profile: click "Log in". The page is open in another tab. Close the browser to stop.');
  await new Promise((resolve) => popup.page.context().on('close', resolve));
} else {
  const started = performance.now();
  const next = browser.nextTab();
  await popup.click('Log in');
  const tab = await next;
  await tab.fill('Username', user.username);
  await tab.fill('Password', user.password);
  await tab.click('Log In');
  await tab.click('Allow');
  await tab.waitForText('#token-org', /^00D/);
  await tab.click('Copy access token');
  await tab.waitForText('#copy-status', 'copied');
  const token = await tab.readClipboard();
  const elapsed = Math.round(performance.now() - started);
  const shot = dist('demo-result.png');
  await tab.screenshot(shot);
  console.log(`Access token (from the clipboard): ${token}`);
  console.log(`Instance URL: ${await tab.text('#token-instance')}   Org ID: ${await tab.text('#token-org')}   User ID: ${await tab.text('#token-user')}`);
  console.log(`Log in → token in the clipboard: ${elapsed} ms (emulator login answered by the demo)`);
  console.log(`Screenshot of the result page: ${shot}`);

  // The standalone page, the same login without the extension: its own callback, the token got in the page.
  const page = await browser.open(site.url);
  await page.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.fill('Login URL', MY_DOMAIN);
  await page.fill('Consumer key', publicApp.clientId);
  await page.click('Build authorize URL');
  await page.page.getByRole('link', { name: 'Open the Salesforce login' }).click();
  await page.fill('Username', user.username);
  await page.fill('Password', user.password);
  await page.click('Log In');
  // The user allowed this app in the extension's login just now, so Salesforce skips the approval page
  // (docs/salesforce.md#approval): either "Allow", or straight back to the page.
  await page.page.locator('button:text-is("Allow"), #finish-status:has-text("Caught the code")').first().waitFor();
  if (await page.page.getByRole('button', { name: 'Allow', exact: true }).isVisible()) await page.click('Allow');
  await page.waitForText('#finish-status', 'Caught the code');
  await page.click('Get token');
  await page.waitForText('#finish-status', 'Got the token directly');
  console.log(`The page (${site.url}): ${await page.text('#finish-status')}`);
  console.log(`Access token (from the page): ${await page.page.inputValue('#access-token')}`);
}
await browser.close();
await emulator.close();
await site.close();
