// Browser login details (docs/salesforce.md): #approval (skip once approved, prompt=consent,
// pre-authorized users), #my-domain-hop, #app-access (blocked, not installed, admin approved),
// #experience-cloud-sites (path prefixes), #failed-code-exchange.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startEmulator } from './server.mjs';
import {
  app, base, ADMIN, CALLBACK, FORM_CT, INTEGRATION_APP, INTEGRATION_USER, PKCE_APP, SECRET_APP,
  expectTokenError, followHop, form, hiddenFields, makeKeyAndCert, request, sidCookie, signJwt, token,
} from './helpers.mjs';

const ADMIN_APPROVED_APP = app('sftoken admin-approved app');
const BLOCKED_APP = app('sftoken blocked app');
const UNINSTALLED_APP = app('sftoken uninstalled app');
const APPROVED_USER = base.users.find((u) => u.username === 'approved@acme.example');
const HOP = /^https:\/\/acme\.my\.salesforce\.com\/setup\/secur\/RemoteAccessAuthorizationPage\.apexp\?source=[A-Za-z0-9_-]+$/;

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

const pkce = () => {
  const verifier = crypto.randomBytes(48).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
};
const params = (theApp, challenge, extra = {}) => ({
  response_type: 'code', client_id: theApp.clientId, redirect_uri: CALLBACK, scope: 'api refresh_token', state: 'st-9',
  ...(challenge ? { code_challenge: challenge } : {}), ...extra,
});
const authorizePath = (p, prefix = '') => `${prefix}/services/oauth2/authorize?${form(p)}`;

/** GET authorize, then log in; returns the login POST's response (an approval page or a 302). */
async function logIn(p, { user = ADMIN, host = 'login.salesforce.com', prefix = '', cookie } = {}) {
  const page = await request(emu, { path: authorizePath(p, prefix), host, headers: cookie ? { Cookie: cookie } : {} });
  if (page.status !== 200 || !/id="login_form"/.test(page.body)) return page;
  return request(emu, {
    method: 'POST', path: `${prefix}/services/oauth2/authorize/login`, host, headers: FORM_CT,
    body: form({ ...hiddenFields(page.body), username: user.username, pw: user.password }),
  });
}
const allow = (approval, { host = 'login.salesforce.com', prefix = '', decision = 'allow' } = {}) => request(emu, {
  method: 'POST', path: `${prefix}/services/oauth2/authorize/approve`, host,
  headers: { ...FORM_CT, Cookie: sidCookie(approval) }, body: form({ ...hiddenFields(approval.body), decision }),
});

describe('approval page skipped once approved (#approval)', () => {
  test('second login of the same user for the same app: no approval page, code at once', async () => {
    const { challenge } = pkce();
    const first = await logIn(params(PKCE_APP, challenge));
    assert.match(first.body, /Allow Access\?/);
    const cb = await followHop(emu, await allow(first));
    assert.ok(new URL(cb.headers.location).searchParams.get('code'));
    // A new browser (no session): login, then straight to the callback.
    const second = await logIn(params(PKCE_APP, challenge));
    assert.equal(second.status, 302);
    assert.match(sidCookie(second), /^sid=/, 'the session cookie rides on the redirect');
    const done = await followHop(emu, second);
    const url = new URL(done.headers.location);
    assert.equal(url.origin + url.pathname, CALLBACK);
    assert.ok(url.searchParams.get('code'));
    assert.equal(url.searchParams.get('state'), 'st-9');
    // The same session: no login form either.
    const again = await request(emu, { path: authorizePath(params(PKCE_APP, challenge)), headers: { Cookie: sidCookie(first) } });
    assert.equal(again.status, 302);
    assert.match(again.headers.location, HOP);
  });

  test('another app, or another user, still gets the approval page', async () => {
    const { challenge } = pkce();
    await followHop(emu, await allow(await logIn(params(PKCE_APP, challenge))));
    assert.match((await logIn(params(SECRET_APP, undefined))).body, /Allow Access\?/);
    assert.match((await logIn(params(PKCE_APP, challenge), { user: INTEGRATION_USER })).body, /Allow Access\?/);
  });

  test('prompt=consent shows it again; "login consent" asks for both', async () => {
    const { challenge } = pkce();
    const first = await logIn(params(PKCE_APP, challenge));
    await allow(first);
    const cookie = sidCookie(first);
    const consent = await request(emu, { path: authorizePath(params(PKCE_APP, challenge, { prompt: 'consent' })), headers: { Cookie: cookie } });
    assert.match(consent.body, /Allow Access\?/);
    const both = await request(emu, { path: authorizePath(params(PKCE_APP, challenge, { prompt: 'login consent' })), headers: { Cookie: cookie } });
    assert.match(both.body, /id="login_form"/);
    const afterLogin = await logIn(params(PKCE_APP, challenge, { prompt: 'login consent' }));
    assert.match(afterLogin.body, /Allow Access\?/);
  });

  test('reset() forgets approvals', async () => {
    const { challenge } = pkce();
    await allow(await logIn(params(PKCE_APP, challenge)));
    emu.reset();
    assert.match((await logIn(params(PKCE_APP, challenge))).body, /Allow Access\?/);
  });

  test('"Admin approved users are pre-authorized": a user of a pre-authorized profile never sees the page', async () => {
    const { challenge } = pkce();
    const res = await followHop(emu, await logIn(params(ADMIN_APPROVED_APP, challenge), { user: APPROVED_USER }));
    assert.equal(res.status, 302);
    assert.ok(new URL(res.headers.location).searchParams.get('code'));
    // prompt=consent still shows it.
    assert.match((await logIn(params(ADMIN_APPROVED_APP, challenge, { prompt: 'consent' }), { user: APPROVED_USER })).body, /Allow Access\?/);
  });

  test('"Admin approved users are pre-authorized": anyone else → invalid_app_access on the callback', async () => {
    const { challenge } = pkce();
    const res = await followHop(emu, await logIn(params(ADMIN_APPROVED_APP, challenge)));
    const url = new URL(res.headers.location);
    assert.equal(url.searchParams.get('error'), 'invalid_app_access');
    assert.equal(url.searchParams.get('error_description'), 'user is not admin approved to access this app');
    assert.equal(url.searchParams.get('state'), 'st-9');
  });
});

describe('My Domain hop (#my-domain-hop)', () => {
  test('login.salesforce.com → My Domain → the unchanged callback, once', async () => {
    const { challenge } = pkce();
    const hop = await allow(await logIn(params(PKCE_APP, challenge)));
    assert.equal(hop.status, 302);
    assert.match(hop.headers.location, HOP);
    assert.ok(!/[?&](code|state|error)=/.test(hop.headers.location), 'the hop carries no code, state or error');
    const loc = new URL(hop.headers.location);
    const cb = await request(emu, { path: loc.pathname + loc.search, host: loc.hostname });
    assert.equal(cb.status, 302);
    assert.match(cb.headers.location, /^https:\/\/login\.salesforce\.com\/\?code=aPrx[A-Za-z0-9._]{80}%3D%3D&state=st-9$/);
    const replay = await request(emu, { path: loc.pathname + loc.search, host: loc.hostname });
    assert.equal(replay.status, 400, 'single use');
  });

  test('test.salesforce.com hops too; a My Domain login does not; Deny hops as well', async () => {
    const { challenge } = pkce();
    const sandbox = await allow(await logIn(params(PKCE_APP, challenge), { host: 'test.salesforce.com' }), { host: 'test.salesforce.com' });
    assert.match(sandbox.headers.location, HOP);
    emu.reset();
    const direct = await allow(await logIn(params(PKCE_APP, challenge), { host: 'acme.my.salesforce.com' }), { host: 'acme.my.salesforce.com' });
    assert.match(direct.headers.location, /^https:\/\/login\.salesforce\.com\/\?code=/);
    emu.reset();
    const deny = await followHop(emu, await allow(await logIn(params(PKCE_APP, challenge)), { decision: 'deny' }));
    assert.equal(deny.headers.location, 'https://login.salesforce.com/?error=access_denied&error_description=end-user%20denied%20authorization&state=st-9');
  });

  test('org setting myDomainHop: false (config or control API) → straight to the callback', async () => {
    const { challenge } = pkce();
    const res = await request(emu, { method: 'POST', path: '/__emulator/settings', body: JSON.stringify({ myDomainHop: false }) });
    assert.equal(JSON.parse(res.body).myDomainHop, false);
    const direct = await allow(await logIn(params(PKCE_APP, challenge)));
    assert.match(direct.headers.location, /^https:\/\/login\.salesforce\.com\/\?code=/);
    emu.reset();
    assert.equal(emu.settings().myDomainHop, true, 'reset restores the loaded settings');
  });
});

describe('blocked and not installed apps (#app-access)', () => {
  test('blocked app → after login, OAUTH_APP_BLOCKED on the callback with state', async () => {
    const res = await followHop(emu, await logIn(params(BLOCKED_APP, pkce().challenge)));
    assert.equal(res.headers.location,
      'https://login.salesforce.com/?error=OAUTH_APP_BLOCKED&error_description=this%20app%20is%20blocked%20by%20admin&state=st-9');
  });

  test('External Client App not installed → after login, OAUTH_EC_APP_NOT_FOUND on the callback', async () => {
    const res = await followHop(emu, await logIn(params(UNINSTALLED_APP, pkce().challenge)));
    const url = new URL(res.headers.location);
    assert.equal(url.searchParams.get('error'), 'OAUTH_EC_APP_NOT_FOUND');
    assert.equal(url.searchParams.get('error_description'), 'External client app is not installed in this org');
    assert.equal(url.searchParams.get('state'), 'st-9');
  });

  test('a scope the app does not have → RemoteAccessErrorPage without state, showing OAUTH_APPROVAL_ERROR_GENERIC', async () => {
    const res = await request(emu, { path: authorizePath(params(PKCE_APP, 'c', { scope: 'api chatter_api' })) });
    assert.equal(res.status, 302);
    const loc = new URL(res.headers.location);
    assert.equal(loc.origin + loc.pathname, 'https://login.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp');
    assert.equal(loc.searchParams.get('error'), 'invalid_scope');
    assert.equal(loc.searchParams.has('state'), false);
    const page = await request(emu, { path: loc.pathname + loc.search });
    assert.match(page.body, /OAUTH_APPROVAL_ERROR_GENERIC/);
  });
});

describe('Experience Cloud site path prefix (#experience-cloud-sites)', () => {
  const host = 'acme.my.site.com';
  const prefix = '/partners';

  test('web-server flow under /partners: pages, code, token; id under the site URL', async () => {
    const { verifier, challenge } = pkce();
    const approval = await logIn(params(PKCE_APP, challenge), { host, prefix });
    assert.match(approval.body, /action="https:\/\/acme\.my\.site\.com\/partners\/services\/oauth2\/authorize\/approve"/);
    const cb = await allow(approval, { host, prefix });
    const code = new URL(cb.headers.location).searchParams.get('code');
    assert.ok(code, 'no My Domain hop on a site host');
    const t = await request(emu, { method: 'POST', path: `${prefix}/services/oauth2/token`, host, headers: FORM_CT,
      body: form({ grant_type: 'authorization_code', code, client_id: PKCE_APP.clientId, redirect_uri: CALLBACK, code_verifier: verifier }) });
    assert.equal(t.status, 200, t.body);
    assert.equal(t.json.id, `https://${host}${prefix}/id/${base.org.orgId}/${ADMIN.userId}`);
    const bearer = { Authorization: `Bearer ${t.json.access_token}` };
    assert.equal((await request(emu, { path: `${prefix}/services/oauth2/userinfo`, host, headers: bearer })).json.user_id, ADMIN.userId);
    assert.equal((await request(emu, { path: new URL(t.json.id).pathname, host, headers: bearer })).status, 200);
    const intro = await request(emu, { method: 'POST', path: `${prefix}/services/oauth2/introspect`, host, headers: FORM_CT,
      body: form({ token: t.json.access_token, client_id: PKCE_APP.clientId, client_secret: PKCE_APP.clientSecret }) });
    assert.equal(intro.json.active, true);
    const rev = await request(emu, { method: 'POST', path: `${prefix}/services/oauth2/revoke`, host, headers: FORM_CT, body: form({ token: t.json.access_token }) });
    assert.equal(rev.status, 200);
    assert.equal(emu.log().at(-1).path, `${prefix}/services/oauth2/revoke`, 'the log keeps the full path');
  });

  test('bare-text errors and the error page under the prefix', async () => {
    const bad = await request(emu, { path: authorizePath(params({ clientId: '3MVG9nope' }, 'c'), prefix), host });
    assert.equal(bad.status, 400);
    assert.equal(bad.body, 'error=invalid_client_id&error_description=client%20identifier%20invalid');
    const mismatch = await request(emu, { path: authorizePath(params(PKCE_APP, 'c', { redirect_uri: 'https://evil.example/' }), prefix), host });
    assert.equal(mismatch.body, 'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration');
    const scope = await request(emu, { path: authorizePath(params(PKCE_APP, 'c', { scope: 'full' }), prefix), host });
    const loc = new URL(scope.headers.location);
    assert.equal(loc.origin + loc.pathname, `https://${host}${prefix}/setup/secur/RemoteAccessErrorPage.apexp`);
    assert.match((await request(emu, { path: loc.pathname + loc.search, host })).body, /OAUTH_APPROVAL_ERROR_GENERIC/);
  });

  test('JWT bearer: the site URL plus prefix is the audience', async () => {
    const { privateKey, certPem } = makeKeyAndCert();
    emu.setAppCertificate(INTEGRATION_APP.clientId, certPem);
    try {
      const jwt = (aud) => request(emu, { method: 'POST', path: `${prefix}/services/oauth2/token`, host, headers: FORM_CT,
        body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signJwt({
          iss: INTEGRATION_APP.clientId, sub: INTEGRATION_USER.username, aud, exp: Math.floor(emu.clock.now() / 1000) + 60 }, privateKey) }) });
      assert.equal((await jwt(`https://${host}${prefix}`)).status, 200);
      expectTokenError(await jwt(`https://${host}`), 'invalid_grant', 'audience is invalid');
    } finally { emu.setAppCertificate(INTEGRATION_APP.clientId, null); }
  });
});

describe('failed code exchange (#failed-code-exchange)', () => {
  async function secretCode() {
    const cb = await followHop(emu, await allow(await logIn(params(SECRET_APP, undefined))));
    return new URL(cb.headers.location).searchParams.get('code');
  }
  const exchange = (code, extra) => token(emu, { grant_type: 'authorization_code', code, client_id: SECRET_APP.clientId, redirect_uri: CALLBACK, ...extra });

  test('default: a wrong secret or another client_id leaves the code usable', async () => {
    const code = await secretCode();
    expectTokenError(await exchange(code, { client_secret: 'wrong' }), 'invalid_client', 'invalid client credentials');
    expectTokenError(await exchange(code, { client_id: PKCE_APP.clientId }), 'invalid_grant', 'invalid authorization code');
    assert.equal((await exchange(code, { client_secret: SECRET_APP.clientSecret })).status, 200);
  });

  test('failedExchangeBurnsCode: any failed attempt consumes the code', async () => {
    emu.setSettings({ failedExchangeBurnsCode: true });
    const code = await secretCode();
    expectTokenError(await exchange(code, { client_secret: 'wrong' }), 'invalid_client', 'invalid client credentials');
    expectTokenError(await exchange(code, { client_secret: SECRET_APP.clientSecret }), 'invalid_grant', 'expired authorization code');
  });
});
