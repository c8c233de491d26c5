// ./build.sh demo: the extension against the local Salesforce emulator.
// With a display: opens Chromium with sftoken loaded and a demo profile saved; you click "Log in" yourself.
// Headless (no DISPLAY): runs the whole flow itself, prints the token and saves a screenshot of the result.
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/server.mjs';
import { launchChromium } from './chromium.mjs';
import { fixtures, openPopup } from './scenarios.mjs';

const dist = (path) => fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));
const headless = !process.env.DISPLAY || process.env.SFTOKEN_DEMO_HEADLESS === '1';

const emulator = await startEmulator();
const { publicApp, user } = fixtures(emulator);
console.log(`Salesforce emulator: ${emulator.origin} (login.salesforce.com and *.salesforce.com are mapped to it)`);
console.log(`Test user: ${user.username} / ${user.password}   consumer key: ${publicApp.clientId}`);

// The headless run needs the test build only to read the clipboard back; a person uses the shipped build.
const browser = await launchChromium({ extensionDir: dist(headless ? 'test/chrome' : 'chrome'), emulatorPort: emulator.port, headless });
const popup = await openPopup(browser);
await popup.fill('Name', 'Acme (emulator)');
await popup.fill('Login URL', 'login.salesforce.com');
await popup.fill('Consumer key', publicApp.clientId);
await popup.click('Save');
await popup.waitForText('#form-status', 'Saved');

if (!headless) {
  console.log('Chromium is open on the sftoken popup with a saved profile: click "Log in". Close the browser to stop.');
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
}
await browser.close();
await emulator.close();
