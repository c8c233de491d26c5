// End-to-end scenarios for who owns a login and a token (issue 9): one refresh per grant at a time across every
// page, a token that keeps talking to the org that issued it, logins in progress that are single use and bound to
// their tab, an issued token that is never thrown away, and deleting a profile. Same drivers and emulator as
// scenarios.mjs.
import { DEADLINE_MS } from './page-driver.mjs';
import assert from 'node:assert/strict';
import { fixtures, openPopup } from './scenarios.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(condition, timeout = DEADLINE_MS) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await wait(25);
  }
}

const tokenPosts = (emulator, grant) =>
  emulator.log().filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token' && (!grant || new URLSearchParams(r.body).get('grant_type') === grant));
const issued = (entry) => JSON.parse(entry.responseBody);
const hostOf = (entry) => entry.host.split(':')[0];
const rotatingApp = (emulator) => emulator.config.apps.find((a) => a.rotateRefreshTokens);
/** Waits until the token action just clicked has its answer on screen (lib/token-view.js marks #lifecycle busy meanwhile). */
const actionDone = (tab) => until(() => tab.evaluate(() => !document.getElementById('lifecycle').dataset.busy));
/** Everything the extension keeps, read from one of its pages. */
const storage = (page, area) => page.evaluate((a) => (globalThis.browser ?? globalThis.chrome).storage[a].get(null), area);
const flowsIn = async (page) => Object.entries(await storage(page, 'session')).filter(([key]) => key.startsWith('flow:')).map(([, flow]) => flow);
/** Navigates a tab from inside (an extension page may open a Salesforce address in its own tab). */
const navigate = (tab, url) => tab.evaluate((to) => (setTimeout(() => location.assign(to), 0), true), url);
const shownToken = async (page) => {
  await page.click('Show');
  const value = await page.text('#token-value');
  await page.click('Hide');
  return value;
};

/** Fills a web-server profile in the popup and clicks "Log in"; returns the popup and the login tab. */
async function startLogin(browser, { name, clientId, clientSecret = '' }) {
  const popup = await openPopup(browser);
  await popup.fill('Name', name);
  await popup.fill('Login URL', 'login.salesforce.com');
  await popup.fill('Consumer key', clientId);
  await popup.fill('Consumer secret', clientSecret);
  const next = browser.nextTab();
  await popup.click('Log in');
  return { popup, tab: await next };
}

async function signIn(tab, user) {
  await tab.fill('Username', user.username);
  await tab.fill('Password', user.password);
  await tab.click('Log In');
  await tab.click('Allow');
}

/** A web-server login with the rotating app; returns the result page with the token on it. */
async function loggedIn(browser, emulator, name) {
  const { user } = fixtures(emulator);
  const { popup, tab } = await startLogin(browser, { name, clientId: rotatingApp(emulator).clientId });
  await signIn(tab, user);
  await tab.waitForText('#token-org', /^00D/);
  await popup.close();
  return tab;
}

export const stateScenarios = [
  // Issue 9 item 1: since Winter '25 an overlapping refresh is refused, and a rotated-out refresh token that comes
  // back can end the grant (docs/salesforce.md#concurrent-refresh, #refresh-tokens).
  {
    name: 'Refresh in two pages at once (and a double click): one refresh at a time per grant, every page shows the new token',
    async run(browser, emulator) {
      const tab = await loggedIn(browser, emulator, 'Acme together');
      const popup = await openPopup(browser);
      await popup.waitForText('#token-org', /^00D/);
      const idle = await openPopup(browser); // shows the token and clicks nothing: it follows storage
      await idle.waitForText('#token-org', /^00D/);
      emulator.setRefreshProcessingMs(1500);
      await tab.evaluate(() => {
        const button = document.getElementById('refresh');
        button.click();
        button.click();
        return true;
      });
      await until(async () => tokenPosts(emulator, 'refresh_token').length === 1);
      await popup.click('Refresh');
      await actionDone(popup);
      await actionDone(tab);
      await wait(500);
      const refreshes = tokenPosts(emulator, 'refresh_token');
      assert.ok(refreshes.length >= 1 && refreshes.length <= 2, `${refreshes.length} refreshes`);
      assert.deepEqual(refreshes.map((r) => r.status), refreshes.map(() => 200), 'no refresh was refused');
      if (refreshes.length === 2) {
        assert.ok(refreshes[1].time >= refreshes[0].time + 1500, 'the second refresh only after the first finished');
        assert.equal(new URLSearchParams(refreshes[1].body).get('refresh_token'), issued(refreshes[0]).refresh_token, 'with the rotated token');
      }
      const latest = issued(refreshes.at(-1)).access_token;
      for (const page of [tab, popup, idle]) {
        await until(async () => (await shownToken(page)) === latest);
      }
      assert.doesNotMatch(await popup.text('#lifecycle'), /invalid_grant|processing/);
      // The grant is alive: the stored (rotated) refresh token still works.
      emulator.setRefreshProcessingMs(0);
      await idle.click('Refresh');
      await actionDone(idle);
      assert.equal(tokenPosts(emulator, 'refresh_token').at(-1).status, 200);
      assert.match(await idle.text('#lifecycle-message'), /Refreshed/);
    },
  },
  // Issue 9 item 2.
  {
    name: "a token follows its issuer: after the profile's Login URL moves, Refresh, Still valid? and Forget send nothing to the new host and say why",
    async run(browser, emulator) {
      const app = rotatingApp(emulator);
      const tab = await loggedIn(browser, emulator, 'Acme moved');
      await tab.fill('Login URL', 'test.salesforce.com');
      await tab.fill('Consumer secret', 'FAKE-SECRET-OF-ANOTHER-ORG');
      await tab.click('Save');
      await tab.waitForText('#form-status', /Saved/);
      emulator.clearLog();
      await tab.click('Refresh');
      await actionDone(tab);
      const said = async () => `${await tab.text('#lifecycle-message')} ${await tab.text('#lifecycle-hint')}`;
      assert.match(await said(), /issued for/i);
      const [refresh] = tokenPosts(emulator, 'refresh_token');
      assert.ok(refresh, 'the refresh went to the issuer');
      assert.equal(hostOf(refresh), 'login.salesforce.com');
      assert.equal(new URLSearchParams(refresh.body).get('client_id'), app.clientId);
      assert.equal(new URLSearchParams(refresh.body).get('client_secret'), null, "the other org's secret is not sent");
      await tab.click('Still valid?');
      await actionDone(tab);
      assert.match(await said(), /issued for/i);
      await tab.click('Forget');
      await tab.waitForText('#result-message', /Forgot/);
      assert.match(await tab.text('#result-hint'), /issued for/i);
      const revoke = emulator.log().filter((r) => r.path === '/services/oauth2/revoke');
      assert.equal(revoke.length, 1);
      assert.equal(hostOf(revoke[0]), 'login.salesforce.com');
      assert.deepEqual(emulator.log().filter((r) => hostOf(r) === 'test.salesforce.com'), [], 'nothing reached the new host');
    },
  },
  // Issue 9 item 3.
  {
    name: 'a callback with the right state in a tab sftoken did not open for the login is ignored',
    async run(browser, emulator) {
      const { publicApp, user } = fixtures(emulator);
      const { popup, tab } = await startLogin(browser, { name: 'Acme other tab', clientId: publicApp.clientId });
      await tab.waitForText('body', /Username/);
      const [flow] = await flowsIn(popup);
      const forged = await browser.open(`https://login.salesforce.com/?code=aPrxFORGEDcode.abc%3D%3D&state=${encodeURIComponent(flow.state)}`);
      await wait(1500);
      assert.match(await forged.url(), /^https:\/\/login\.salesforce\.com\/\?code=/, 'the other tab is left alone');
      assert.deepEqual((await flowsIn(popup)).filter((f) => f.captured || f.failure), [], 'nothing captured');
      assert.equal(tokenPosts(emulator).length, 0);
      await signIn(tab, user);
      await tab.waitForText('#token-org', /^00D/);
      const posts = tokenPosts(emulator);
      assert.equal(posts.length, 1);
      assert.notEqual(new URLSearchParams(posts[0].body).get('code'), 'aPrxFORGEDcode.abc==');
    },
  },
  {
    name: 'reloading the result page during and after the code exchange sends no second token request',
    async run(browser, emulator) {
      const { publicApp, user } = fixtures(emulator);
      emulator.setFault('/services/oauth2/token', 'hang');
      const { popup, tab } = await startLogin(browser, { name: 'Acme reload', clientId: publicApp.clientId });
      await signIn(tab, user);
      await until(async () => tokenPosts(emulator).length === 1);
      await tab.waitForText('#result-message', /Exchanging/);
      await tab.evaluate(() => (setTimeout(() => location.reload(), 0), true));
      await wait(300);
      await tab.waitForText('#result-message', /already sent|in progress|already finished/i);
      await wait(1500);
      assert.equal(tokenPosts(emulator).length, 1, 'no second POST during the exchange');
      emulator.clearFaults();

      // A new login; the exchange finishes; a reload afterwards shows the token and sends nothing.
      const next = browser.nextTab();
      await popup.click('Log in');
      const again = await next;
      await again.waitForText('#token-org', /^00D/); // the approval is remembered: straight back with a code
      assert.equal(tokenPosts(emulator).length, 2);
      const token = await shownToken(again);
      await again.evaluate(() => (setTimeout(() => location.reload(), 0), true));
      await wait(300);
      await again.waitForText('#result-message', /already finished/i);
      await again.waitForText('#token-org', /^00D/);
      await wait(1000);
      assert.equal(tokenPosts(emulator).length, 2, 'no second POST after the exchange');
      assert.equal(await shownToken(again), token);
    },
  },
  {
    name: 'a second callback for the same login does not replace the captured code',
    async run(browser, emulator) {
      const { secretApp, user } = fixtures(emulator);
      const { tab } = await startLogin(browser, { name: 'Acme twice called', clientId: secretApp.clientId, clientSecret: 'FAKE-WRONG-SECRET' });
      await signIn(tab, user);
      await tab.waitForText('#result-code', 'invalid_client');
      const state = new URL(await tab.url()).searchParams.get('flow');
      const [before] = tokenPosts(emulator);
      // The same tab (the one sftoken opened for the login) comes back with another code for the same state.
      await navigate(tab, `https://login.salesforce.com/?code=aPrxSECONDcode.xyz%3D%3D&state=${encodeURIComponent(state)}`);
      await wait(1500);
      assert.match(await tab.url(), /^https:\/\/login\.salesforce\.com\/\?code=aPrxSECOND/, 'not taken as the login\'s callback');
      const popup = await openPopup(browser);
      const [flow] = await flowsIn(popup);
      assert.equal(flow.captured.code, new URLSearchParams(before.body).get('code'), 'the captured code is unchanged');
      await popup.fill('Consumer secret', secretApp.clientSecret);
      await popup.click('Save');
      await popup.waitForText('#form-status', /Saved/);
      await popup.click('Try again');
      await popup.waitForText('#token-org', /^00D/);
      const posts = tokenPosts(emulator);
      assert.equal(posts.length, 2);
      assert.equal(new URLSearchParams(posts[1].body).get('code'), flow.captured.code);
      assert.equal(posts[1].status, 200);
    },
  },
  // Issue 9 item 4.
  {
    name: 'a token that cannot be stored is still shown and copyable, and the page says it was not saved',
    async run(browser, emulator) {
      const tab = await loggedIn(browser, emulator, 'Acme full disk');
      const before = await shownToken(tab);
      // Storage fails as with a full disk: IndexedDB (where tokens are kept) and the storage areas refuse writes.
      await tab.evaluate(() => {
        IDBObjectStore.prototype.put = function put() {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
        const api = globalThis.browser ?? globalThis.chrome;
        for (const area of [api.storage.local, api.storage.session]) {
          const failing = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
          try {
            area.set = failing;
          } catch {}
          if (area.set !== failing) Object.defineProperty(area, 'set', { value: failing, configurable: true });
        }
        return true;
      });
      await tab.click('Refresh');
      await actionDone(tab);
      const [refresh] = tokenPosts(emulator, 'refresh_token');
      assert.equal(refresh.status, 200);
      const fresh = issued(refresh).access_token;
      assert.ok(await tab.visible('#token-unsaved'), 'a "not saved" warning is shown');
      assert.match(await tab.text('#token-unsaved'), /not saved/i);
      assert.equal(await shownToken(tab), fresh);
      await tab.click('Copy access token');
      await tab.waitForText('#copy-status', 'copied');
      assert.equal(await tab.readClipboard(), fresh);
      const popup = await openPopup(browser);
      await popup.waitForText('#token-org', /^00D/);
      assert.equal(await shownToken(popup), before, 'storage really failed: the old token is what is stored');
    },
  },
  // Issue 9 item 7.
  {
    name: 'Delete a profile: Cancel keeps it; "Revoke and delete" revokes at Salesforce, then removes the profile and its token',
    async run(browser, emulator) {
      const tab = await loggedIn(browser, emulator, 'Acme delete');
      await tab.close();
      const popup = await openPopup(browser);
      await popup.waitForText('#token-org', /^00D/);
      await popup.click('Delete');
      await popup.waitForText('#delete-dialog', /Revoke and delete/);
      await popup.click('Cancel');
      assert.ok(!(await popup.visible('#delete-dialog')));
      assert.match(await popup.text('#profile-select'), /Acme delete/);
      emulator.clearLog();
      await popup.click('Delete');
      await popup.click('Revoke and delete');
      await popup.waitForText('#form-status', /Deleted/);
      const revoke = emulator.log().filter((r) => r.path === '/services/oauth2/revoke');
      assert.equal(revoke.length, 1);
      assert.equal(revoke[0].status, 200);
      assert.doesNotMatch(await popup.text('#profile-select'), /Acme delete/);
      assert.ok(!(await popup.visible('#token')), 'the token card is gone');
      const local = await storage(popup, 'local');
      assert.deepEqual(Object.values(local.profiles ?? {}).filter((p) => p.name === 'Acme delete'), []);
      assert.equal(await popup.evaluate(async () => (await import('./lib/store.js')).tokens.all().then((all) => all.length)), 0, 'no token is stored');
      assert.deepEqual(Object.keys(await storage(popup, 'session')).filter((key) => /^(flow|password):/.test(key)), []);
    },
  },
];
