// The end-to-end scenarios, written once for every browser: each takes a driver (chromium.mjs, …) and a running
// emulator, and drives the extension the way a person does — by labels and button names.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { DEADLINE_MS } from './page-driver.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** POSTs a form to the emulator as another tool would (Host: login.salesforce.com). */
function postForm(emulator, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: emulator.port, path, method: 'POST', rejectUnauthorized: false, servername: 'login.salesforce.com',
        headers: { host: 'login.salesforce.com', 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The emulator's fixtures the scenarios log in with (tests/emulator/config.json). */
export function fixtures(emulator) {
  const apps = emulator.config.apps;
  return {
    publicApp: apps.find((a) => a.requirePkce && !a.requireSecret),
    secretApp: apps.find((a) => a.requireSecret),
    user: emulator.config.users[0],
  };
}

/**
 * Opens the toolbar popup in a tab and waits until it is usable: its markup is there at once, its listeners once
 * popup.js has read storage and loaded the wasm core (it then sets body[data-ready]).
 */
export async function openPopup(browser) {
  const popup = await browser.openExtensionPage('popup.html');
  await popup.waitForText('body', /Log in/);
  for (const deadline = Date.now() + DEADLINE_MS; !(await popup.evaluate(() => document.body.dataset.ready === 'true'));) {
    if (Date.now() > deadline) throw new Error(`the popup never became ready: ${await popup.text('#form-status')}`);
    await wait(25);
  }
  return popup;
}

/** Waits (up to the drivers' deadline) until `condition()` holds; fails with `what` otherwise. */
async function eventually(condition, what) {
  for (const deadline = Date.now() + DEADLINE_MS; !condition(); await wait(25)) {
    if (Date.now() > deadline) assert.fail(what);
  }
}

async function fillProfile(popup, { name, loginUrl = 'login.salesforce.com', clientId, clientSecret = '', scopes }) {
  await popup.fill('Name', name);
  await popup.fill('Login URL', loginUrl);
  await popup.fill('Consumer key', clientId);
  await popup.fill('Consumer secret', clientSecret);
  if (scopes !== undefined) await popup.fill('Scopes', scopes);
}

/** Fills a profile, clicks "Log in" and returns the login tab the extension opened. */
async function startLogin(browser, profile) {
  const popup = await openPopup(browser);
  await fillProfile(popup, profile);
  const tab = browser.nextTab();
  await popup.click('Log in');
  return { popup, tab: await tab };
}

/** Clicks "Log in" again in an open popup (its form shows the profile) and returns the new login tab. */
async function logInAgain(browser, popup) {
  const tab = browser.nextTab();
  await popup.click('Log in');
  return tab;
}

async function signIn(tab, user) {
  await tab.fill('Username', user.username);
  await tab.fill('Password', user.password);
  await tab.click('Log In');
}

// Firefox's own background traffic reaches the emulator too (it resolves every host to it): look only at Salesforce's.
const salesforceRequests = (emulator) => emulator.log().filter((r) => /(^|\.)salesforce\.com(:\d+)?$/.test(r.host));
const tokenPosts = (emulator) => emulator.log().filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token');
// Requests to an endpoint on any host, with or without an Experience Cloud site's path prefix (/partners/services/…).
const unprefixed = (path) => path.replace(/^\/(?!services\/|id\/|setup\/)[^/]+(?=\/(?:services|id|setup)\/)/, '');
export const requestsTo = (emulator, path) => emulator.log().filter((r) => unprefixed(r.path) === path);
const hostOf = (entry) => entry.host.split(':')[0];
// The "Allow" click: the approval form's POST.
const approvals = (emulator) => requestsTo(emulator, '/services/oauth2/authorize/approve');
// docs/salesforce.md#my-domain-hop: a login on login.salesforce.com passes through the org's My Domain.
const myDomainHops = (emulator) =>
  requestsTo(emulator, '/setup/secur/RemoteAccessAuthorizationPage.apexp').filter((r) => hostOf(r) === 'acme.my.salesforce.com');
const byName = (emulator, name) => emulator.config.apps.find((a) => a.name === name);
const lastIssuedToken = (emulator) => {
  const ok = tokenPosts(emulator).filter((r) => r.status === 200).at(-1);
  return ok && JSON.parse(ok.responseBody).access_token;
};

export const scenarios = [
  {
    name: 'log in, allow, and copy exactly the issued access token (PKCE public client)',
    async run(browser, emulator) {
      const { publicApp, user } = fixtures(emulator);
      const { tab } = await startLogin(browser, { name: 'Acme PKCE', clientId: publicApp.clientId });
      await signIn(tab, user);
      await tab.click('Allow');
      // The login tab becomes the extension's result page.
      await tab.waitForText('#token-org', /^00D/);
      assert.match(await tab.url(), /\/result\.html\?flow=/);
      assert.match(await tab.text('#token-instance'), /^https:\/\/.+\.my\.salesforce\.com$/);
      assert.match(await tab.text('#token-user'), /^005/);
      assert.match(await tab.text('#token-scope'), /api/);
      assert.match(await tab.text('#token-signature'), /not checked/);
      // Masked until revealed.
      const issued = lastIssuedToken(emulator);
      assert.ok(issued, 'the emulator issued a token');
      assert.ok(!(await tab.text('#token-value')).includes(issued), 'the token is masked');
      await tab.click('Show');
      assert.equal(await tab.text('#token-value'), issued);
      await tab.click('Hide');
      await tab.click('Copy access token');
      await tab.waitForText('#copy-status', 'copied');
      assert.equal(await tab.readClipboard(), issued);

      // docs/salesforce.md#my-domain-hop: Salesforce sends the browser through the org's My Domain before the callback.
      assert.equal(myDomainHops(emulator).length, 1, 'the login passed through https://acme.my.salesforce.com');
      assert.equal(myDomainHops(emulator)[0].status, 302);
      const [post] = tokenPosts(emulator);
      assert.equal(post.headers.cookie, undefined, 'no Salesforce cookie rides on the token POST');
      assert.ok(emulator.log().some((r) => (r.headers.cookie ?? '').includes('sid=')), 'the browser did hold a Salesforce session cookie');
      const body = new URLSearchParams(post.body);
      assert.equal(body.get('grant_type'), 'authorization_code');
      assert.ok(body.get('code').endsWith('=='), 'the code is decoded once and encoded once: %3D%3D in the body');
      assert.ok(!post.body.includes('%253D'), 'never double-encoded');
      assert.ok(body.get('code_verifier'), 'PKCE verifier sent');
      assert.equal(body.get('client_secret'), null, 'a public client sends no secret');
    },
  },
  {
    name: 'Deny at Salesforce is explained on the result page',
    async run(browser, emulator) {
      const { publicApp, user } = fixtures(emulator);
      const { tab } = await startLogin(browser, { name: 'Acme deny', clientId: publicApp.clientId });
      await signIn(tab, user);
      await tab.click('Deny');
      await tab.waitForText('#result-code', 'access_denied');
      assert.match(await tab.text('#result-message'), /den/i);
      assert.ok((await tab.text('#result-hint')).length > 10, 'says what to do');
      assert.equal(tokenPosts(emulator).length, 0, 'nothing to exchange');
    },
  },
  {
    name: 'a wrong consumer key is explained (Salesforce shows a bare text page instead of redirecting)',
    async run(browser, emulator) {
      const { tab } = await startLogin(browser, { name: 'Acme typo', clientId: '3MVG9WRONGKEY' });
      await tab.waitForText('#result-code', 'invalid_client_id');
      assert.match(await tab.text('#result-message'), /consumer key|client/i);
      assert.match(await tab.text('#result-hint'), /consumer key/i);
    },
  },
  {
    name: 'a callback nobody asked for is ignored, even while another login is pending',
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      const { popup, tab } = await startLogin(browser, { name: 'Acme pending', clientId: publicApp.clientId });
      const forged = await browser.open('https://login.salesforce.com/?code=aPrxFORGEDcode.abc%3D%3D&state=not-ours');
      await wait(1500);
      assert.match(await forged.url(), /^https:\/\/login\.salesforce\.com\//, 'the forged tab is left alone');
      const session = await popup.evaluate(async () => (globalThis.browser ?? globalThis.chrome).storage.session.get(null));
      const captured = Object.values(session).filter((f) => f.captured || f.failure);
      assert.deepEqual(captured, [], 'nothing captured');
      assert.equal(Object.keys(session).filter((k) => k.startsWith('flow:')).length, 1, 'the real pending login is untouched');
      assert.match(await tab.url(), /services\/oauth2\/authorize/);
      assert.equal(tokenPosts(emulator).length, 0);
    },
  },
  {
    name: 'a refused host permission is explained, and no login starts',
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      const popup = await openPopup(browser);
      await fillProfile(popup, { name: 'Acme no access', clientId: publicApp.clientId });
      // The person answers "Deny" to the browser's permission prompt.
      await browser.answerPermissionPrompt(popup, () => popup.click('Log in'), false);
      await popup.waitForText('#form-status', /may not access login\.salesforce\.com/);
      assert.match(await popup.text('#form-status'), /allow/i, 'says what to do');
      const session = await popup.evaluate(async () => (globalThis.browser ?? globalThis.chrome).storage.session.get(null));
      assert.deepEqual(session, {}, 'no login started');
      assert.deepEqual(salesforceRequests(emulator), [], 'nothing was sent to Salesforce');
    },
  },
  {
    name: 'host access asked for inside the "Log in" click and allowed: the login goes on',
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      const popup = await openPopup(browser);
      await fillProfile(popup, { name: 'Acme asked', clientId: publicApp.clientId });
      const tab = browser.nextTab();
      await browser.answerPermissionPrompt(popup, () => popup.click('Log in'), true);
      const login = await tab;
      await login.waitForText('body', /Username/);
      // The emulator logs a request once its answer is sent, which a busy machine may show after the page: wait for it.
      await eventually(() => emulator.log().some((r) => r.path === '/services/oauth2/authorize'), 'the login started');
    },
  },
  {
    name: 'a custom domain is refused until it is ticked as one; then sftoken asks for that host and logs in there',
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      const popup = await openPopup(browser);
      await fillProfile(popup, { name: 'Acme custom domain', loginUrl: 'https://login.acme.example', clientId: publicApp.clientId });
      await popup.click('Log in');
      await popup.waitForText('#form-status', /custom domain/i);
      assert.deepEqual(salesforceRequests(emulator), [], 'nothing sent');
      await popup.check("This is my org's own custom domain");
      const tab = browser.nextTab();
      await browser.answerPermissionPrompt(popup, () => popup.click('Log in'), true);
      const login = await tab;
      await login.waitForText('body', /Username/);
      assert.match(await login.url(), /^https:\/\/login\.acme\.example\/services\/oauth2\/authorize\?/);
    },
  },
  {
    name: 'a wrong consumer secret is explained, the code is kept, and "Try again" after fixing it gets the token',
    async run(browser, emulator) {
      const { secretApp, user } = fixtures(emulator);
      const profile = { name: 'Acme secret', clientId: secretApp.clientId, clientSecret: 'FAKE-WRONG-SECRET' };
      const { tab } = await startLogin(browser, profile);
      await signIn(tab, user);
      await tab.click('Allow');
      await tab.waitForText('#result-code', 'invalid_client');
      assert.match(await tab.text('#result-hint'), /secret/i);
      assert.ok(await tab.visible('#retry'), '"Try again" is offered while the code lives');
      await tab.fill('Consumer secret', secretApp.clientSecret);
      await tab.click('Save');
      await tab.click('Try again');
      await tab.waitForText('#token-org', /^00D/);
      assert.equal(await tab.text('#token-signature'), 'valid');
      await tab.click('Show');
      assert.equal(await tab.text('#token-value'), lastIssuedToken(emulator));
      const posts = tokenPosts(emulator);
      assert.equal(posts.length, 2);
      assert.equal(new URLSearchParams(posts[0].body).get('code'), new URLSearchParams(posts[1].body).get('code'), 'the same code was retried');
    },
  },
  {
    name: 'an expired code is explained and not offered for retry',
    async run(browser, emulator) {
      const { secretApp, user } = fixtures(emulator);
      const profile = { name: 'Acme slow', clientId: secretApp.clientId, clientSecret: 'FAKE-WRONG-SECRET' };
      const { tab } = await startLogin(browser, profile);
      await signIn(tab, user);
      await tab.click('Allow');
      await tab.waitForText('#result-code', 'invalid_client');
      emulator.clock.advance(16 * 60 * 1000); // Salesforce codes live 15 minutes (docs/salesforce.md#lifetimes)
      await tab.fill('Consumer secret', secretApp.clientSecret);
      await tab.click('Save');
      await tab.click('Try again');
      await tab.waitForText('#result-code', 'invalid_grant');
      assert.match(await tab.text('#result-message'), /no longer valid|expire/i);
      assert.ok(!(await tab.visible('#retry')), 'a dead code is not offered again');
    },
  },
  {
    name: 'a code someone else already exchanged is explained',
    async run(browser, emulator) {
      const { secretApp, user } = fixtures(emulator);
      const profile = { name: 'Acme reuse', clientId: secretApp.clientId, clientSecret: 'FAKE-WRONG-SECRET' };
      const { tab } = await startLogin(browser, profile);
      await signIn(tab, user);
      await tab.click('Allow');
      await tab.waitForText('#result-code', 'invalid_client');
      // Another tool exchanges the same code first.
      const first = new URLSearchParams(tokenPosts(emulator)[0].body);
      first.set('client_secret', secretApp.clientSecret);
      const stolen = await postForm(emulator, '/services/oauth2/token', first.toString());
      assert.equal(stolen.status, 200);
      await tab.fill('Consumer secret', secretApp.clientSecret);
      await tab.click('Save');
      await tab.click('Try again');
      await tab.waitForText('#result-code', 'invalid_grant');
      assert.match(await tab.text('#result-message'), /no longer valid|expire/i);
    },
  },
  // Issue 10 item 7: Salesforce's own error page (docs/salesforce.md#app-access), and the bare-text page on more hosts.
  {
    name: "a scope the app does not allow: Salesforce's RemoteAccessErrorPage in the login tab is caught and explained",
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      // The app allows api refresh_token id web openid; chatter_api is a real Salesforce scope it does not select.
      const { tab } = await startLogin(browser, { name: 'Acme extra scope', clientId: publicApp.clientId, scopes: 'api refresh_token chatter_api' });
      await tab.waitForText('#result-code', 'invalid_scope');
      assert.match(await tab.url(), /\/result\.html\?flow=/, 'the login tab became the result page');
      assert.match(await tab.text('#result-message'), /scope/i);
      assert.match(await tab.text('#result-hint'), /scope/i);
      const [page] = requestsTo(emulator, '/setup/secur/RemoteAccessErrorPage.apexp');
      assert.ok(page, 'Salesforce showed its RemoteAccessErrorPage');
      assert.equal(page.query.error, 'invalid_scope');
      assert.equal(page.query.state, undefined, 'the page carries no state: it was matched by tab');
      assert.equal(tokenPosts(emulator).length, 0, 'no token request');
    },
  },
  {
    name: 'a blocked app is explained on the result page (Salesforce redirects OAUTH_APP_BLOCKED after the login)',
    async run(browser, emulator) {
      const { user } = fixtures(emulator);
      const { tab } = await startLogin(browser, { name: 'Acme blocked', clientId: byName(emulator, 'sftoken blocked app').clientId });
      await signIn(tab, user);
      await tab.waitForText('#result-code', 'OAUTH_APP_BLOCKED');
      assert.match(await tab.text('#result-message'), /block/i);
      assert.match(await tab.text('#result-hint'), /unblock|install/i);
      assert.equal(approvals(emulator).length, 0, 'never an "Allow Access?" page');
      assert.equal(tokenPosts(emulator).length, 0, 'no token request');
    },
  },
  {
    name: 'an app not installed in the org is explained on the result page (OAUTH_EC_APP_NOT_FOUND)',
    async run(browser, emulator) {
      const { user } = fixtures(emulator);
      const { tab } = await startLogin(browser, { name: 'Acme uninstalled', clientId: byName(emulator, 'sftoken uninstalled app').clientId });
      await signIn(tab, user);
      await tab.waitForText('#result-code', 'OAUTH_EC_APP_NOT_FOUND');
      assert.match(await tab.text('#result-message'), /not installed/i);
      assert.match(await tab.text('#result-hint'), /install/i);
      assert.equal(tokenPosts(emulator).length, 0, 'no token request');
    },
  },
  {
    name: 'a user the admin-approved app does not pre-authorize is explained (invalid_app_access)',
    async run(browser, emulator) {
      const { user } = fixtures(emulator); // admin@acme.example: not in the app's pre-authorized profiles
      const { tab } = await startLogin(browser, { name: 'Acme not approved', clientId: byName(emulator, 'sftoken admin-approved app').clientId });
      await signIn(tab, user);
      await tab.waitForText('#result-code', 'invalid_app_access');
      assert.match(await tab.text('#result-message'), /admin-approved|approved/i);
      assert.match(await tab.text('#result-hint'), /profile|permission set/i);
      assert.equal(tokenPosts(emulator).length, 0, 'no token request');
    },
  },
  {
    name: "a wrong consumer key on an Experience Cloud site: the bare text page under the site's path prefix is explained",
    async run(browser, emulator) {
      const { tab } = await startLogin(browser, { name: 'Acme partners typo', loginUrl: 'https://acme.my.site.com/partners', clientId: '3MVG9WRONGKEY' });
      await tab.waitForText('#result-code', 'invalid_client_id');
      assert.match(await tab.text('#result-hint'), /consumer key/i);
      const [authorize] = requestsTo(emulator, '/services/oauth2/authorize');
      assert.equal(hostOf(authorize), 'acme.my.site.com');
      assert.equal(authorize.path, '/partners/services/oauth2/authorize', 'the login went to the site, under its prefix');
      assert.equal(authorize.status, 400);
    },
  },
  {
    // Government Cloud (*.salesforce.mil), China (*.sfcrmproducts.cn) and custom domains are all optional hosts,
    // caught by the one content script background.js registers for granted optional hosts: one of them stands for all.
    name: 'a wrong consumer key on an opted-in custom domain: the bare text page there is caught and explained',
    needs: ['grantOptionalHost'],
    async run(browser, emulator) {
      const popup = await openPopup(browser);
      await fillProfile(popup, { name: 'Acme custom typo', loginUrl: 'https://login.acme.example', clientId: '3MVG9WRONGKEY' });
      await popup.check("This is my org's own custom domain");
      const tab = browser.nextTab();
      await browser.answerPermissionPrompt(popup, () => popup.click('Log in'), true);
      const login = await tab;
      await login.waitForText('#result-code', 'invalid_client_id');
      assert.match(await login.text('#result-hint'), /consumer key/i);
      const [authorize] = requestsTo(emulator, '/services/oauth2/authorize');
      assert.equal(hostOf(authorize), 'login.acme.example');
      assert.equal(authorize.status, 400);
    },
  },
  // Issue 10 item 8: the approval page (docs/salesforce.md#approval) and Experience Cloud sites.
  {
    name: 'a second login of the same user skips the approval page and still gets the token',
    async run(browser, emulator) {
      const { publicApp, user } = fixtures(emulator);
      const { popup, tab } = await startLogin(browser, { name: 'Acme twice', clientId: publicApp.clientId });
      await signIn(tab, user);
      await tab.click('Allow');
      await tab.waitForText('#token-org', /^00D/);
      const first = lastIssuedToken(emulator);
      assert.equal(approvals(emulator).length, 1);
      emulator.clearLog();
      // prompt=consent would bring the approval page back; sftoken does not offer it, so it must not send it.
      const again = await logInAgain(browser, popup);
      // The result page shows the stored (first) token at once: wait for this login's own exchange to finish.
      await again.waitForText('#result-message', 'Logged in');
      assert.match(await again.url(), /\/result\.html\?flow=/);
      const [authorize] = requestsTo(emulator, '/services/oauth2/authorize');
      assert.ok(authorize, 'a second login went to Salesforce');
      assert.ok(!/consent/.test(authorize.query.prompt ?? ''), 'no prompt=consent');
      assert.equal(approvals(emulator).length, 0, 'no "Allow" this time');
      const second = lastIssuedToken(emulator);
      assert.ok(second && second !== first, 'a new token was issued');
      await again.click('Show');
      assert.equal(await again.text('#token-value'), second);
    },
  },
  {
    name: 'a user pre-authorized on an admin-approved app logs in without an approval page',
    async run(browser, emulator) {
      const approved = emulator.config.users.find((u) => u.username.startsWith('approved@'));
      const app = byName(emulator, 'sftoken admin-approved app');
      const { tab } = await startLogin(browser, { name: 'Acme admin-approved', clientId: app.clientId });
      await signIn(tab, approved);
      await tab.waitForText('#token-org', /^00D/);
      assert.equal(await tab.text('#token-user'), approved.userId);
      assert.equal(approvals(emulator).length, 0, 'no "Allow Access?" page');
      await tab.click('Show');
      assert.equal(await tab.text('#token-value'), lastIssuedToken(emulator));
    },
  },
  {
    name: "an Experience Cloud site login goes through the site's path prefix end to end",
    async run(browser, emulator) {
      const { publicApp, user } = fixtures(emulator);
      const { tab } = await startLogin(browser, { name: 'Acme partners', loginUrl: 'https://acme.my.site.com/partners', clientId: publicApp.clientId });
      await signIn(tab, user);
      await tab.click('Allow');
      await tab.waitForText('#token-org', /^00D/);
      const [authorize] = requestsTo(emulator, '/services/oauth2/authorize');
      assert.equal(`${hostOf(authorize)}${authorize.path}`, 'acme.my.site.com/partners/services/oauth2/authorize');
      const posts = requestsTo(emulator, '/services/oauth2/token').filter((r) => r.method === 'POST');
      assert.equal(posts.length, 1);
      assert.equal(`${hostOf(posts[0])}${posts[0].path}`, 'acme.my.site.com/partners/services/oauth2/token', 'the code is exchanged on the site, under its prefix');
      assert.equal(posts[0].status, 200);
      assert.equal(myDomainHops(emulator).length, 0, 'a site login does not pass through the My Domain');
      const issued = JSON.parse(posts[0].responseBody);
      assert.match(issued.id, /^https:\/\/acme\.my\.site\.com\/partners\/id\//);
      await tab.click('Show');
      assert.equal(await tab.text('#token-value'), issued.access_token);
    },
  },
];
