// End-to-end scenarios of issue 11 §1–3: "Copy as" (the export in the clipboard, the Postman environment saved as a
// file), "Paste" of each kind (org URL, redirect URL, SFDX auth URL, token answer, access token) and the imported
// token used by the token actions. The tokens pasted are real ones of the emulator (its device flow, approved through
// its control API: tests/exports/emulator-token.mjs), as a person would bring them from the sf CLI or another tool.
import assert from 'node:assert/strict';
import { deviceToken } from '../exports/emulator-token.mjs';
import { DEADLINE_MS } from './page-driver.mjs';
import { fixtures, openPopup } from './scenarios.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(condition, what) {
  for (const deadline = Date.now() + DEADLINE_MS; !(await condition());) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await wait(25);
  }
}

/** Waits until the token action just clicked has its answer on screen (lib/token-view.js marks #lifecycle busy). */
const actionDone = (page) => until(() => page.evaluate(() => !document.getElementById('lifecycle').dataset.busy), 'the token action');

// Firefox's own background traffic reaches the emulator too: look only at Salesforce's hosts.
const salesforceRequests = (emulator) => emulator.log().filter((r) => /(^|\.)salesforce\.com(:\d+)?$/.test(r.host));
const tokenPosts = (emulator, grant) =>
  emulator.log().filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token' && new URLSearchParams(r.body).get('grant_type') === grant);

/** The logins in progress, as the extension keeps them (storage.session), read from one of its pages. */
const flowsIn = async (page) =>
  Object.entries(await page.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.session.get(null)))
    .filter(([key]) => key.startsWith('flow:'))
    .map(([, flow]) => flow);

/** Pastes `text` into the popup's "Paste" field and waits until sftoken says what it recognised. */
async function paste(popup, text, recognised) {
  await popup.fill('Paste', text);
  return popup.waitForText('#paste-kind', recognised);
}

/** Imports a token answer (with its app's client id, so its refresh token is kept) and waits for the token card. */
async function importTokenAnswer(popup, token, clientId) {
  await paste(popup, JSON.stringify(token), /A token answer/);
  await popup.fill('Client ID of its app', clientId);
  await popup.click('Import token');
  await popup.waitForText('#paste-status', /Imported the token/);
  await popup.waitForText('#token-org', /^00D/);
}

/** Chooses a "Copy as" format, clicks "Copy", and returns what the clipboard then holds. */
async function copyAs(popup, label) {
  await popup.select('Copy as', label);
  await popup.click('Copy');
  await popup.waitForText('#copy-as-status', `Copied as ${label}.`);
  return popup.readClipboard();
}

export const exportScenarios = [
  {
    name: 'copy as: header, curl, dotenv and SFDX auth URL in the clipboard; the Postman environment saved as a file',
    async run(browser, emulator) {
      const { app, token } = await deviceToken(emulator);
      const popup = await openPopup(browser);
      await importTokenAnswer(popup, token, app.clientId);
      const host = new URL(token.instance_url).host;

      assert.equal(await copyAs(popup, 'Authorization header'), `Authorization: Bearer ${token.access_token}`);
      assert.equal(
        await copyAs(popup, 'curl command'),
        `curl -sS -H 'Authorization: Bearer ${token.access_token}' '${token.instance_url}/services/data/'`,
      );
      const dotenv = await copyAs(popup, '.env lines');
      assert.match(dotenv, new RegExp(`^SF_ACCESS_TOKEN=${token.access_token.replace(/[.!]/g, '\\$&')}$`, 'm'));
      assert.match(dotenv, new RegExp(`^SF_INSTANCE_URL=${token.instance_url.replace(/[./]/g, '\\$&')}$`, 'm'));
      assert.equal(await copyAs(popup, 'SFDX auth URL'), `force://${app.clientId}::${token.refresh_token}@${host}`);
      assert.ok((await popup.text('#copy-as-note')).length > 0, 'each export says what to know about it');

      // Saved as a file: the page's download (a blob URL on a link with `download`) is caught here, not written to disk.
      await popup.evaluate(() => {
        const saved = [];
        /** @type {any} */ (window).sftokenSaved = saved;
        const create = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (blob) => {
          const url = create(blob);
          saved.push({ url, blob });
          return url;
        };
        HTMLAnchorElement.prototype.click = function click() {
          saved.push({ download: this.download, href: this.href });
        };
      });
      await popup.select('Copy as', 'Postman environment');
      await popup.click('Save as file');
      await popup.waitForText('#copy-as-status', /Saved Postman environment as .+\.postman_environment\.json/);
      const file = await popup.evaluate(async () => {
        const saved = /** @type {any} */ (window).sftokenSaved;
        const link = saved.find((s) => s.download);
        const blob = saved.find((s) => s.url === link.href)?.blob;
        return { name: link.download, text: blob ? await blob.text() : null };
      });
      assert.match(file.name, /\.postman_environment\.json$/);
      const environment = JSON.parse(file.text);
      const values = Object.fromEntries(environment.values.map((v) => [v.key, v]));
      assert.equal(values._accessToken.value, token.access_token);
      assert.equal(values._accessToken.type, 'secret');
      assert.equal(values._endpoint.value, token.instance_url);
      assert.equal(values.clientId.value, app.clientId);
    },
  },
  {
    name: 'copy as: an SFDX auth URL of a token without a refresh token says what is missing',
    async run(browser, emulator) {
      const { token } = await deviceToken(emulator);
      const popup = await openPopup(browser);
      // No client id given: the refresh token is left out of the import.
      await paste(popup, JSON.stringify(token), /A token answer/);
      await popup.click('Import token');
      await popup.waitForText('#paste-status', /refresh token was left out/);
      await popup.select('Copy as', 'SFDX auth URL');
      await popup.click('Copy');
      await popup.waitForText('#copy-as-status', /refresh token/);
      assert.match(await popup.text('#copy-as-status'), /refresh_token/);
    },
  },
  {
    name: 'paste: an org URL offers a new profile for that org (or selects the profile it has), and nothing is sent',
    async run(browser, emulator) {
      const popup = await openPopup(browser);
      emulator.clearLog();
      await paste(popup, 'https://acme.lightning.force.com/lightning/page/home', /An org URL: https:\/\/acme\.my\.salesforce\.com/);
      assert.deepEqual(salesforceRequests(emulator), [], 'recognising sends nothing');
      await popup.click('New profile for this org');
      await popup.waitForText('#paste-status', /New profile for acme\.my\.salesforce\.com/);
      assert.equal(await popup.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('login-url')).value), 'https://acme.my.salesforce.com');
      assert.equal(await popup.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('name')).value), 'acme');
      assert.equal(await popup.text('#form-title'), 'New org profile');
      assert.deepEqual(salesforceRequests(emulator), []);
      // Once that org has a profile, the same URL selects it instead.
      await popup.fill('Consumer key', fixtures(emulator).publicApp.clientId);
      await popup.click('Save');
      await popup.waitForText('#form-status', /Saved/);
      await popup.click('Clear');
      await paste(popup, 'https://acme.lightning.force.com/lightning/setup/SetupOneHome/home', /An org URL/);
      await popup.waitForText('#paste-hint', /Your profile acme logs in there/);
      await popup.click("Select this org's profile");
      await popup.waitForText('#paste-status', 'Selected acme.');
      assert.equal(await popup.text('#form-title'), 'Org profile');
      assert.equal(await popup.evaluate(() => /** @type {HTMLInputElement} */ (document.getElementById('name')).value), 'acme');
    },
  },
  {
    name: 'paste: a redirect URL with no login waiting is refused, and its code is never sent',
    async run(browser, emulator) {
      const popup = await openPopup(browser);
      await paste(popup, 'https://login.salesforce.com/?code=aPrxFAKEcode%3D%3D&state=not-a-login-of-sftoken', /A redirect URL/);
      await popup.click('Use this redirect');
      await popup.waitForText('#paste-status', 'No login of yours is waiting for this code.');
      assert.deepEqual(tokenPosts(emulator, 'authorization_code'), []);
    },
  },
  {
    name: 'paste: a redirect URL whose state matches a login sftoken started is exchanged for that login',
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      const popup = await openPopup(browser);
      await popup.fill('Name', 'Acme pasted redirect');
      await popup.fill('Login URL', 'login.salesforce.com');
      await popup.fill('Consumer key', publicApp.clientId);
      const next = browser.nextTab();
      await popup.click('Log in');
      const tab = await next;
      await tab.waitForText('body', /Username/);
      const [flow] = await flowsIn(popup);
      // The address a person copies out of the address bar when the redirect did not come back by itself.
      await paste(popup, `https://login.salesforce.com/?code=aPrxPASTEDcode.abc%3D%3D&state=${encodeURIComponent(flow.state)}`, /A redirect URL/);
      assert.deepEqual(tokenPosts(emulator, 'authorization_code'), [], 'nothing sent before the person confirms');
      await popup.click('Use this redirect');
      await until(() => tokenPosts(emulator, 'authorization_code').length === 1, 'the code exchange');
      const sent = new URLSearchParams(tokenPosts(emulator, 'authorization_code')[0].body);
      assert.equal(sent.get('code'), 'aPrxPASTEDcode.abc==', 'the pasted code, decoded once');
      assert.equal(sent.get('code_verifier'), flow.codeVerifier, "with that login's PKCE verifier");
      assert.equal(sent.get('client_id'), publicApp.clientId);
      // The emulator never issued that code: its refusal is explained where the person pasted it.
      await popup.waitForText('#result-message', /\S/);
    },
  },
  {
    name: 'paste: an SFDX auth URL is imported, and Refresh gets an access token from its host',
    async run(browser, emulator) {
      const { app, token } = await deviceToken(emulator);
      const host = new URL(token.instance_url).host;
      const popup = await openPopup(browser);
      await paste(popup, `force://${app.clientId}:${app.clientSecret}:${token.refresh_token}@${host}`, /An SFDX auth URL/);
      assert.deepEqual(tokenPosts(emulator, 'refresh_token'), [], 'nothing sent before the import is confirmed');
      await popup.click('Import token');
      await popup.waitForText('#paste-status', /Imported the token into Imported acme\.my\.salesforce\.com/);
      assert.equal(await popup.visible('#token-imported'), true);
      await popup.click('Refresh');
      await actionDone(popup);
      assert.match(await popup.text('#lifecycle-message'), /Refreshed/);
      const refreshes = tokenPosts(emulator, 'refresh_token');
      assert.equal(refreshes.length, 1);
      assert.equal(refreshes[0].host.split(':')[0], host, 'the refresh token goes to its own host');
      assert.equal(refreshes[0].status, 200);
      assert.equal(new URLSearchParams(refreshes[0].body).get('refresh_token'), token.refresh_token);
      await popup.waitForText('#token-value', /^00D/);
    },
  },
  {
    name: 'paste: a token answer is imported and its access token copied',
    async run(browser, emulator) {
      const { app, token } = await deviceToken(emulator);
      const popup = await openPopup(browser);
      await importTokenAnswer(popup, token, app.clientId);
      assert.equal(await popup.text('#token-instance'), token.instance_url);
      assert.match(await popup.text('#token-scope'), /api/);
      await popup.click('Copy access token');
      await popup.waitForText('#copy-status', /copied/);
      assert.equal(await popup.readClipboard(), token.access_token);
    },
  },
  {
    name: 'paste: an access token is imported with its instance URL, and Who is this? answers from that instance',
    async run(browser, emulator) {
      const { token, user } = await deviceToken(emulator);
      const popup = await openPopup(browser);
      await paste(popup, token.access_token, /An access token of org 00D/);
      await popup.fill('Instance URL', token.instance_url);
      await popup.click('Import token');
      await popup.waitForText('#paste-status', /Imported the token/);
      await popup.waitForText('#token-instance', token.instance_url);
      await popup.click('Who is this?');
      await actionDone(popup);
      assert.match(await popup.text('#lifecycle-details'), new RegExp(user.username.replace(/[.]/g, '\\.')));
      const userinfo = emulator.log().filter((r) => r.path.endsWith('/userinfo'));
      assert.ok(userinfo.length >= 1);
      assert.equal(userinfo.at(-1).host.split(':')[0], new URL(token.instance_url).host);
      assert.equal(userinfo.at(-1).headers.authorization, `Bearer ${token.access_token}`);
    },
  },
];
