// End-to-end scenarios for network faults between sftoken and Salesforce (issue 9 item 5): an HTML error page, a 200
// that is not JSON, a reset connection, a 429 with Retry-After, a connection that never answers (the 30 s timeout), and
// a redirect to another host. Each is explained on the page in plain words and nothing is lost: a captured code is
// retried with "Try again" (the same code), a token's Refresh keeps the previous token, and a redirect is never
// followed (the body — code, secret — never reaches the other host). Faults come from the emulator
// (tests/emulator/README.md "Fault modes"). Same drivers and emulator as scenarios.mjs.
import assert from 'node:assert/strict';
import { fixtures, openPopup } from './scenarios.mjs';

const TOKEN = '/services/oauth2/token';
/** Where the emulator's `redirect307` sends the token POST (a host every driver resolves to the emulator). */
const REDIRECT_TARGET = 'https://redirect-target.acme.example/redirect-target';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(condition, timeout = 15000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await wait(25);
  }
}

const tokenPosts = (emulator, grant) =>
  emulator.log().filter((r) => r.method === 'POST' && r.path === TOKEN && (!grant || new URLSearchParams(r.body).get('grant_type') === grant));
const param = (entry, name) => new URLSearchParams(entry.body).get(name);
const issued = (entry) => JSON.parse(entry.responseBody);
const hostOf = (entry) => entry.host.split(':')[0];
/** Waits until the token action just clicked has its answer on screen (lib/token-view.js marks #lifecycle busy meanwhile). */
const actionDone = (tab) => until(() => tab.evaluate(() => !document.getElementById('lifecycle').dataset.busy), 45000);
const shownToken = async (page) => {
  await page.click('Show');
  const value = await page.text('#token-value');
  await page.click('Hide');
  return value;
};
/** What a page says about an outcome: message, hint and code, as one text. */
const said = async (page, prefix) =>
  (await Promise.all([`#${prefix}-message`, `#${prefix}-hint`, `#${prefix}-code`].map((s) => page.text(s).catch(() => '')))).join(' ');
/** Plain words, not a programmer's dump: no stack frame, no wasm or panic text, no raw markup. */
function assertPlainWords(text) {
  assert.doesNotMatch(text, /\n\s+at |@(?:chrome|moz)-extension:|\.(?:js|mjs|rs):\d+|wasm-function|RuntimeError|panicked|unreachable executed|\[object /, `no raw stack or dump: ${text}`);
  assert.doesNotMatch(text, /<\/?(?:html|head|body|div|title|h\d|p)\b/i, `no raw HTML: ${text}`);
}

/** Fills a web-server profile in the popup, clicks "Log in", signs in and clicks Allow; returns the login tab. */
async function logInAndAllow(browser, emulator, { name, app, clientSecret = '' }) {
  const { user } = fixtures(emulator);
  const popup = await openPopup(browser);
  await popup.fill('Name', name);
  await popup.fill('Login URL', 'login.salesforce.com');
  await popup.fill('Consumer key', app.clientId);
  await popup.fill('Consumer secret', clientSecret);
  const next = browser.nextTab();
  await popup.click('Log in');
  const tab = await next;
  await tab.fill('Username', user.username);
  await tab.fill('Password', user.password);
  await tab.click('Log In');
  await tab.click('Allow');
  return tab;
}

/**
 * The code exchange on the result page meets `mode` on the token endpoint: the page explains it (`code` in
 * #result-code, `words` in what it says), offers "Try again", and once the fault is gone "Try again" gets the token
 * with the same code.
 */
function exchangeFault({ name, mode, options = {}, code, words, timeout = 15000 }) {
  return {
    name,
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      emulator.setFault(TOKEN, mode, options);
      const tab = await logInAndAllow(browser, emulator, { name: `Acme ${mode}`, app: publicApp });
      // Any outcome with a code (the page first says "Exchanging…", without one); then what it is.
      const shownCode = await tab.waitForText('#result-code', /\S/, timeout);
      assert.match(await tab.url(), /\/result\.html\?flow=/);
      if (code) assert.match(shownCode, code);
      const text = await said(tab, 'result');
      for (const pattern of words) assert.match(text, pattern, `explained: ${text}`);
      assertPlainWords(text);
      assert.ok(await tab.visible('#retry'), '"Try again" is offered: the captured code is kept');
      assert.ok(!(await tab.visible('#token')), 'no token yet');
      const failed = tokenPosts(emulator);
      assert.ok(failed.length >= 1, 'the code went to the token endpoint');
      assert.ok(failed.every((r) => !(r.responseBody ?? '').includes('access_token')), 'and got no token');

      emulator.clearFaults();
      await tab.click('Try again');
      await tab.waitForText('#token-org', /^00D/);
      const posts = tokenPosts(emulator);
      const ok = posts.filter((r) => (r.responseBody ?? '').includes('access_token'));
      assert.equal(ok.length, 1, 'one successful exchange');
      assert.equal(posts.at(-1).responseBody, ok[0].responseBody, 'the retry is the last exchange');
      const first = param(posts[0], 'code');
      assert.ok(first, 'a code was sent');
      for (const post of posts) {
        assert.equal(param(post, 'grant_type'), 'authorization_code');
        assert.equal(param(post, 'code'), first, 'the same code was retried');
        assert.equal(param(post, 'code_verifier'), param(posts[0], 'code_verifier'), 'with the same PKCE verifier');
      }
      assert.equal(await shownToken(tab), issued(ok[0]).access_token);
    },
  };
}

export const faultScenarios = [
  exchangeFault({
    name: 'code exchange meets a 500 HTML error page: explained, and "Try again" gets the token with the same code',
    mode: 'html500',
    code: /server_error/,
    words: [/HTTP 500/, /internal server error|server had a problem|temporary problem/i, /retry|try again/i],
  }),
  exchangeFault({
    name: 'code exchange meets a 503 maintenance page: explained, and "Try again" gets the token with the same code',
    mode: 'html503',
    options: { retryAfter: 30 },
    // A 503 with Retry-After is a request to wait, whatever page comes with it: said, with the wait asked for.
    code: /salesforce_unavailable/,
    words: [/HTTP 503/, /unavailable|maintenance/i, /\b30 seconds\b/, /try again/i],
  }),
  exchangeFault({
    name: 'code exchange meets a 200 that is not JSON: explained, and "Try again" gets the token with the same code',
    mode: 'not_json_200',
    code: /not_json/,
    words: [/not JSON/i, /proxy|captive portal|wrong host/i],
  }),
  exchangeFault({
    name: 'code exchange meets a reset connection: explained, and "Try again" gets the token with the same code',
    mode: 'reset',
    code: /network_error/,
    words: [/could not reach https:\/\/login\.salesforce\.com/i, /connection|proxy|VPN/i, /retry|try again/i],
  }),
  exchangeFault({
    name: 'code exchange meets a 429 with Retry-After: explained as too many requests with the wait, and "Try again" gets the token',
    mode: '429',
    options: { retryAfter: 30 },
    // Too many requests, not "a proxy or a wrong host"; and how long Salesforce asked to wait (Retry-After: 30).
    words: [/HTTP 429|too many requests|rate.?limit/i, /too many requests|rate.?limit/i, /\b30 ?s(?:econds?)?\b/i],
  }),
  exchangeFault({
    name: 'code exchange meets a connection that never answers: sftoken stops after 30 s, explains it, and "Try again" gets the token',
    mode: 'hang',
    code: /timeout/,
    timeout: 60000,
    words: [/did not answer within 30 seconds/i, /connection|VPN|proxy/i, /retry|try again/i],
  }),
  {
    name: 'Refresh meets faults on the token endpoint: each is explained, the previous token stays stored and shown, and Refresh works after',
    async run(browser, emulator) {
      const { publicApp } = fixtures(emulator);
      const tab = await logInAndAllow(browser, emulator, { name: 'Acme refresh faults', app: publicApp });
      await tab.waitForText('#token-org', /^00D/);
      const [exchange] = tokenPosts(emulator, 'authorization_code');
      const before = issued(exchange);
      assert.ok(before.refresh_token, 'the login gave a refresh token');
      assert.equal(await shownToken(tab), before.access_token);
      const faults = [
        ['html500', {}, /HTTP 500/],
        ['html503', { retryAfter: 30 }, /HTTP 503/],
        ['not_json_200', {}, /not JSON/i],
        ['reset', {}, /could not reach/i],
        ['429', { retryAfter: 30 }, /429|too many requests/i],
      ];
      for (const [mode, options, pattern] of faults) {
        emulator.setFault(TOKEN, mode, options);
        await tab.click('Refresh');
        await actionDone(tab);
        const text = await said(tab, 'lifecycle');
        assert.match(await tab.evaluate(() => document.getElementById('lifecycle').className), /error/, `${mode}: shown as a failure`);
        assert.match(text, pattern, `${mode}: explained: ${text}`);
        assertPlainWords(text);
        assert.ok(await tab.visible('#token'), `${mode}: the token card stays`);
        assert.equal(await shownToken(tab), before.access_token, `${mode}: the previous token is still shown`);
        emulator.clearFaults();
      }
      const refreshes = tokenPosts(emulator, 'refresh_token');
      assert.ok(refreshes.length >= faults.length, 'every Refresh reached the token endpoint');
      assert.ok(refreshes.every((r) => !(r.responseBody ?? '').includes('access_token')), 'none of them got a token');

      // Stored, not only on this page: a fresh popup shows the same token for the profile.
      const popup = await openPopup(browser);
      await popup.waitForText('#token-org', /^00D/);
      assert.equal(await shownToken(popup), before.access_token, 'the previous token is still stored');

      // And its refresh token is intact: Refresh works now, with the very refresh token the login gave.
      await tab.click('Refresh');
      await actionDone(tab);
      assert.match(await tab.text('#lifecycle-message'), /Refreshed/);
      const done = tokenPosts(emulator, 'refresh_token').at(-1);
      assert.equal(done.status, 200);
      assert.equal(param(done, 'refresh_token'), before.refresh_token, 'the stored refresh token was used');
      assert.equal(await shownToken(tab), issued(done).access_token);
    },
  },
  {
    name: 'a token endpoint that redirects (307) to another host: refused as "redirected", the code and secret never reach that host',
    async run(browser, emulator) {
      const { secretApp } = fixtures(emulator);
      emulator.setFault(TOKEN, 'redirect307', { location: REDIRECT_TARGET });
      const tab = await logInAndAllow(browser, emulator, { name: 'Acme redirected', app: secretApp, clientSecret: secretApp.clientSecret });
      await tab.waitForText('#result-code', 'redirected');
      const text = await said(tab, 'result');
      assert.match(text, /redirect/i);
      assert.match(text, /does not follow/i, 'says it was refused on purpose');
      assertPlainWords(text);
      const target = new URL(REDIRECT_TARGET).hostname;
      // Wait a moment: a followed redirect would arrive just after the 307.
      await wait(1000);
      const log = emulator.log();
      const posts = log.filter((r) => r.method === 'POST' && r.path === TOKEN);
      assert.equal(posts.length, 1, 'sent once, to the token endpoint only');
      assert.equal(posts[0].status, 307);
      assert.equal(hostOf(posts[0]), 'login.salesforce.com');
      assert.equal(param(posts[0], 'client_secret'), secretApp.clientSecret, 'the refused request did carry the secret');
      const code = param(posts[0], 'code');
      assert.deepEqual(log.filter((r) => hostOf(r) === target).map((r) => `${r.method} ${r.path}`), [], 'nothing reached the redirect target');
      const leaked = log.filter((r) => r !== posts[0] && ((r.body ?? '').includes(secretApp.clientSecret) || (r.body ?? '').includes(encodeURIComponent(code)) || (r.body ?? '').includes(code)));
      assert.deepEqual(leaked.map((r) => `${r.method} ${r.host}${r.path}`), [], 'the code and the secret were sent nowhere else');

      // Nothing lost: once the redirect is gone, "Try again" exchanges the same code at the token endpoint.
      assert.ok(await tab.visible('#retry'), '"Try again" is offered');
      emulator.clearFaults();
      await tab.click('Try again');
      await tab.waitForText('#token-org', /^00D/);
      const after = tokenPosts(emulator);
      assert.equal(after.length, 2);
      assert.equal(after[1].status, 200);
      assert.equal(param(after[1], 'code'), code, 'the same code');
      assert.equal(await tab.text('#token-signature'), 'valid');
    },
  },
];
