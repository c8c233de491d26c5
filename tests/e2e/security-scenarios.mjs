// End-to-end scenarios for secrets at rest (SECURITY.md): what code running as sftoken's content script on a
// Salesforce page can read (the test build's tests/e2e/test-probe.js, which runs beside content.js on the same
// hosts), the move of an older version's secrets out of storage.local, and "Keep secrets for this browser session
// only". Same drivers, same emulator as scenarios.mjs.
import { DEADLINE_MS } from './page-driver.mjs';
import assert from 'node:assert/strict';
import { openPopup } from './scenarios.mjs';
import { SESSION_LIFETIME_MS } from '../emulator/store.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const SESSION_ONLY = 'Keep secrets for this browser session only';
// Stands for a JWT private key in a profile stored by an older version (any text: only its safekeeping is tested).
const OLD_PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0sftokenTESTkey\n-----END PRIVATE KEY-----\n';

const secretApp = (emulator) => emulator.config.apps.find((a) => a.name === 'sftoken secret app');
const tokenPosts = (emulator, grant) =>
  emulator.log().filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token' && r.status === 200 &&
    new URLSearchParams(r.body).get('grant_type') === grant);

async function until(condition, what, timeout = DEADLINE_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(50);
  }
}

/** A web-server login with the consumer secret (the secret app refuses the exchange and refresh without it). */
async function secretLogin(browser, emulator, { name, sessionOnly = false }) {
  const app = secretApp(emulator);
  const user = emulator.config.users[0];
  const popup = await openPopup(browser);
  await popup.fill('Name', name);
  await popup.fill('Login URL', 'login.salesforce.com');
  await popup.fill('Consumer key', app.clientId);
  await popup.fill('Consumer secret', app.clientSecret);
  if (sessionOnly) await popup.check(SESSION_ONLY);
  const next = browser.nextTab();
  await popup.click('Log in');
  const tab = await next;
  await tab.fill('Username', user.username);
  await tab.fill('Password', user.password);
  await tab.click('Log In');
  await tab.click('Allow');
  await tab.waitForText('#token-org', /^00D/);
  const issued = JSON.parse(tokenPosts(emulator, 'authorization_code').at(-1).responseBody);
  return { popup, tab, app, secrets: [app.clientSecret, issued.access_token, issued.refresh_token] };
}

/**
 * Everything sftoken keeps, read from an extension page: storage.local, storage.session and the vault (lib/vault.js,
 * imported as the pages import it).
 */
const readAll = (page) =>
  page.evaluate(async () => {
    const ext = globalThis.browser ?? globalThis.chrome;
    const vault = await import(ext.runtime.getURL('lib/vault.js'));
    const [local, session, secrets, tokens] = await Promise.all([
      ext.storage.local.get(null), ext.storage.session.get(null), vault.entries('secrets'), vault.entries('tokens'),
    ]);
    return { local, session, vault: { secrets: Object.fromEntries(secrets), tokens: Object.fromEntries(tokens) } };
  });

/** Opens a Salesforce page and returns what the test build's probe content script could read there. */
async function probe(browser, url) {
  const page = await browser.open(url);
  const json = await until(() => page.evaluate(() => document.documentElement.getAttribute('data-sftoken-probe')), `the probe on ${url}`);
  if (process.env.SFTOKEN_PROBE_LOG) console.error('probe', url, json);
  await page.close();
  return { json, found: JSON.parse(json).found };
}

/** What the probe found holds none of `secrets`, and it did run with a content script's powers. */
function assertNothingReadable({ json, found }, secrets, profileName) {
  for (const secret of secrets) assert.ok(secret && !json.includes(secret), `the content script read a secret: …${secret.slice(-6)}`);
  // The probe is real: storage.local is open to a content script (the profile's name is there, its secret is not).
  assert.equal(found['storage.local'].ok, true, `storage.local: ${found['storage.local'].error}`);
  assert.match(JSON.stringify(found['storage.local'].value), new RegExp(profileName));
  // storage.session: refused (Chrome: trusted contexts only) or absent (Firefox does not expose it to content scripts).
  const session = found['storage.session'];
  assert.ok(!session.ok || Object.keys(session.value).length === 0, `storage.session readable: ${JSON.stringify(session)}`);
  // indexedDB is the page's own: the vault's name opens an empty database of the Salesforce origin.
  const idb = found.indexedDB;
  if (idb.ok) {
    assert.match(idb.value.origin, /^https:\/\/[^/]*salesforce\.com$/);
    assert.deepEqual(idb.value.stores, [], 'the page origin has no sftoken vault');
  }
}

export const securityScenarios = [
  {
    name: 'code running as the content script on a Salesforce page reads no secret and no token',
    async run(browser, emulator) {
      const { popup, tab, secrets } = await secretLogin(browser, emulator, { name: 'Acme probed' });
      const stored = await readAll(popup);
      assert.ok(Object.values(stored.vault.tokens).some((t) => t.accessToken === secrets[1]), 'the token is in the vault');
      assert.ok(Object.values(stored.vault.secrets).some((s) => s.clientSecret === secrets[0]), 'the secret is in the vault');
      const local = JSON.stringify(stored.local);
      for (const secret of secrets) assert.ok(!local.includes(secret), 'storage.local holds no secret');

      // A login in progress too (its PKCE verifier is in storage.session) while the probe looks. The first login's
      // Salesforce session is let lapse first: with it, the emulator (as Salesforce) would approve at once and the
      // exchange would end the login before a busy machine's first look at storage.
      emulator.clock.advance(SESSION_LIFETIME_MS + 1000);
      const next = browser.nextTab();
      await popup.click('Log in');
      const pending = await next;
      // The background records the login as it opens the tab: on a busy machine the tab can be first.
      let flows = [];
      await until(async () => {
        flows = Object.values((await readAll(popup)).session).filter((v) => v?.codeVerifier);
        return flows.length > 0;
      }, 'a login is pending');
      assert.equal(flows.length, 1, 'one login is pending');
      const verifier = flows[0].codeVerifier;

      for (const url of ['https://acme.my.salesforce.com/home/home.jsp', 'https://login.salesforce.com/']) {
        assertNothingReadable(await probe(browser, url), [...secrets, verifier], 'Acme probed');
      }
      await pending.close();
      await tab.close();
    },
  },
  {
    name: 'an older version\'s secrets in storage.local move to the vault on first read, and the token still refreshes',
    async run(browser, emulator) {
      const { tab, app, secrets } = await secretLogin(browser, emulator, { name: 'Acme migrated' });
      // Put things back as sftoken 0.1 kept them: the secret and private key inside `profiles`, `token:<id>`, all in
      // storage.local; an empty vault; no migration marker.
      const seeded = await tab.evaluate(async (pem) => {
        const ext = globalThis.browser ?? globalThis.chrome;
        const vault = await import(ext.runtime.getURL('lib/vault.js'));
        const { profiles } = await ext.storage.local.get('profiles');
        const [id] = Object.keys(profiles);
        const token = await vault.get('tokens', id);
        const { clientSecret } = await vault.get('secrets', id);
        await ext.storage.local.set({ profiles: { [id]: { ...profiles[id], clientSecret, privateKeyPem: pem } }, [`token:${id}`]: token });
        await ext.storage.local.remove('vault');
        await vault.remove(['secrets', 'tokens'], id);
        return { id, local: await ext.storage.local.get(null) };
      }, OLD_PEM);
      assert.equal(seeded.local.profiles[seeded.id].clientSecret, app.clientSecret, 'seeded in the old format');
      assert.equal(seeded.local[`token:${seeded.id}`].accessToken, secrets[1]);
      await tab.close();

      // The popup's first read migrates: the profile, its secrets and its token are all there.
      const popup = await openPopup(browser);
      await popup.waitForText('#token-org', /^00D/);
      assert.equal(await popup.evaluate(() => document.getElementById('client-secret').value), app.clientSecret);
      assert.equal(await popup.evaluate(() => document.getElementById('private-key').value), OLD_PEM);
      await popup.click('Show');
      assert.equal(await popup.text('#token-value'), secrets[1]);

      const after = await readAll(popup);
      assert.equal(after.local.vault?.version, 1, 'migration marked done');
      const local = JSON.stringify(after.local);
      for (const secret of [...secrets, OLD_PEM.split('\n')[1]]) assert.ok(!local.includes(secret), 'storage.local no longer holds the secrets');
      assert.deepEqual(Object.keys(after.local).filter((k) => k.startsWith('token:')), []);
      assert.deepEqual(after.vault.secrets[seeded.id], { clientSecret: app.clientSecret, privateKeyPem: OLD_PEM });
      assert.equal(after.vault.tokens[seeded.id].refreshToken, secrets[2]);

      // Refresh works, with the migrated refresh token and secret (the secret app refuses a refresh without it).
      await popup.click('Refresh');
      await popup.waitForText('#lifecycle-message', /Refreshed/);
      const [refresh] = tokenPosts(emulator, 'refresh_token');
      const body = new URLSearchParams(refresh.body);
      assert.equal(body.get('refresh_token'), secrets[2]);
      assert.equal(body.get('client_secret'), app.clientSecret);
      const refreshed = JSON.parse(refresh.responseBody).access_token;
      assert.equal((await readAll(popup)).vault.tokens[seeded.id].accessToken, refreshed, 'the refreshed token went to the vault');
    },
  },
  {
    name: '"Keep secrets for this browser session only": secret and token live in storage.session, nowhere on disk',
    async run(browser, emulator) {
      const { popup, tab, app, secrets } = await secretLogin(browser, emulator, { name: 'Acme session only', sessionOnly: true });
      const stored = await readAll(popup);
      const [id] = Object.keys(stored.local.profiles);
      assert.equal(stored.local.profiles[id].sessionOnly, true);
      assert.deepEqual(stored.vault, { secrets: {}, tokens: {} }, 'nothing in the vault');
      for (const secret of secrets) assert.ok(!JSON.stringify(stored.local).includes(secret), 'nothing in storage.local');
      assert.equal(stored.session[`secrets:${id}`].clientSecret, app.clientSecret);
      assert.equal(stored.session[`token:${id}`].accessToken, secrets[1]);
      assertNothingReadable(await probe(browser, 'https://acme.my.salesforce.com/home/home.jsp'), secrets, 'Acme session only');

      // A popup opened later shows the profile as saved, and its token refreshes (the secret comes from the session).
      await tab.close();
      const again = await openPopup(browser);
      await again.waitForText('#token-org', /^00D/);
      assert.equal(await again.evaluate(() => document.getElementById('session-only').checked), true);
      await again.click('Refresh');
      await again.waitForText('#lifecycle-message', /Refreshed/);
      assert.equal(new URLSearchParams(tokenPosts(emulator, 'refresh_token')[0].body).get('client_secret'), app.clientSecret);
      const refreshed = (await readAll(again));
      assert.deepEqual(refreshed.vault, { secrets: {}, tokens: {} }, 'the refreshed token stays out of the vault too');
    },
  },
];
