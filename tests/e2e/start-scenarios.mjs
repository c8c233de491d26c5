// End-to-end scenarios for the popup's start (issue 13): the first run's steps with the exact values to copy, and the
// popup's last view — shown at once before storage answers (lib/last-view.js), replaced by what storage holds, and
// never acted on (lib/preview.js). Same drivers and emulator as scenarios.mjs.
import assert from 'node:assert/strict';
import { DEADLINE_MS } from './page-driver.mjs';
import { fixtures, openPopup } from './scenarios.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(condition, what) {
  for (const deadline = Date.now() + DEADLINE_MS; !(await condition()); await wait(25)) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
  }
}

const ready = (page) => until(() => page.evaluate(() => document.body.dataset.ready === 'true'), 'the popup to be ready');
const storedProfiles = (page) => page.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('profiles')).profiles ?? {});
const selectedName = (page) => page.evaluate(() => {
  const select = /** @type {HTMLSelectElement} */ (document.getElementById('profile-select'));
  return select.selectedOptions[0]?.textContent ?? '';
});

/** Saves a web-server profile with a consumer secret in a fresh popup; returns the popup. */
async function savedProfile(browser, emulator, { name, clientSecret }) {
  const popup = await openPopup(browser);
  await popup.fill('Name', name);
  await popup.fill('Login URL', 'login.salesforce.com');
  await popup.fill('Consumer key', fixtures(emulator).secretApp.clientId);
  await popup.fill('Consumer secret', clientSecret);
  await popup.click('Save');
  await popup.waitForText('#form-status', 'Saved');
  return popup;
}

export const startScenarios = [
  {
    name: 'first run: the start names what to create in Salesforce, copies the exact callback URL and scopes, and goes with the first profile',
    async run(browser, emulator) {
      const popup = await openPopup(browser);
      assert.ok(await popup.visible('#first-run'), 'with no profile, the popup starts with the first-run steps');
      assert.match(await popup.text('#first-run'), /External Client App/);
      const callback = await popup.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('redirect-uri')).value);
      const scopes = await popup.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('scopes')).value);
      assert.equal(await popup.text('#first-run-callback'), callback, 'the step shows the callback URL the form will use');
      assert.equal(await popup.text('#first-run-scopes'), scopes);
      await popup.click('Copy callback URL');
      await popup.waitForText('#first-run-status', 'Callback URL copied');
      assert.equal(await popup.readClipboard(), callback);
      await popup.click('Copy scopes');
      await popup.waitForText('#first-run-status', 'Scopes copied');
      assert.equal(await popup.readClipboard(), scopes);

      await popup.fill('Name', 'Acme first');
      await popup.fill('Login URL', 'login.salesforce.com');
      await popup.fill('Consumer key', fixtures(emulator).publicApp.clientId);
      await popup.click('Save');
      await popup.waitForText('#form-status', 'Saved');
      assert.equal(await popup.visible('#first-run'), false, 'the steps go away with the first saved profile');
      const again = await openPopup(browser);
      assert.equal(await again.visible('#first-run'), false, 'and stay away');
    },
  },
  {
    name: 'the popup shows its last view at once, then what storage holds; a Save clicked before storage answered keeps the consumer secret',
    async run(browser, emulator) {
      const secret = 'obviously-fake-consumer-secret-0001';
      await savedProfile(browser, emulator, { name: 'Acme before', clientSecret: secret });
      // Another page renames the profile in storage: the popup's last view still says "Acme before".
      const other = await openPopup(browser);
      await other.evaluate(async () => {
        const local = (globalThis.browser ?? globalThis.chrome).storage.local;
        const { profiles } = await local.get('profiles');
        for (const profile of Object.values(profiles)) profile.name = 'Acme after';
        await local.set({ profiles });
      });
      const popup = await browser.openExtensionPage('popup.html');
      await popup.waitForText('body', /Log in/);
      // Save as early as the page lets anybody click: the form may still show the last view, which has no secret.
      await popup.evaluate(() => document.getElementById('save').click());
      await ready(popup);
      await until(async () => (await selectedName(popup)) === 'Acme after', 'what storage holds to replace the last view');
      await popup.waitForText('#form-status', 'Saved');
      assert.equal(
        await popup.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('client-secret')).value),
        secret,
        'the form shows the stored consumer secret',
      );
      const names = Object.values(await storedProfiles(popup)).map((p) => p.name);
      assert.deepEqual(names, ['Acme after'], 'the early Save saved what storage holds, not the last view');
      // The secret survived the early Save: a new popup reads it back from the vault.
      const reopened = await openPopup(browser);
      assert.equal(await reopened.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('client-secret')).value), secret);
      assert.equal(await selectedName(reopened), 'Acme after');
      // The last view holds no secret (it lives in localStorage, outside the vault).
      const lastView = await reopened.evaluate(() => localStorage.getItem('sftoken:last-view') ?? '');
      assert.ok(lastView.includes('Acme after'), 'the last view was rewritten from storage');
      assert.ok(!lastView.includes(secret), 'the last view never holds the consumer secret');
    },
  },
];
