// Tests of the Salesforce emulator itself, over real HTTPS.
// Run: node --test tests/emulator/
import { followHop, request } from './helpers.mjs';
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './server.mjs';
import { loadConfig } from './config.mjs';

const base = loadConfig();
const PKCE_APP = base.apps.find((a) => a.name === 'sftoken PKCE app');
const SECRET_APP = base.apps.find((a) => a.name === 'sftoken secret app');
const USER = base.users[0];
const CALLBACK = 'https://login.salesforce.com/';
const CODE_RE = /^aPrx[A-Za-z0-9._]{80}==$/;


const form = (obj) => new URLSearchParams(obj).toString();
const FORM_CT = { 'Content-Type': 'application/x-www-form-urlencoded' };
const authorizePath = (params) => `/services/oauth2/authorize?${form(params)}`;
const pkcePair = () => {
  const verifier = crypto.randomBytes(48).toString('base64url'); // 64 chars
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
};
const hiddenFields = (html) => Object.fromEntries(
  [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
    .map(([, k, v]) => [k, v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'")]),
);
const sidCookie = (res) => (res.headers['set-cookie'] || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('sid='));

/** GET authorize → login → approval page. Returns {approval, cookie}. */
async function loginToApproval(emu, params, { host = 'login.salesforce.com' } = {}) {
  const page = await request(emu, { path: authorizePath(params), host });
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /id="login_form"/);
  const approval = await request(emu, {
    method: 'POST', path: '/services/oauth2/authorize/login', host, headers: FORM_CT,
    body: form({ ...hiddenFields(page.body), username: USER.username, pw: USER.password }),
  });
  assert.equal(approval.status, 200);
  assert.match(approval.body, /Allow Access\?/);
  return { approval, cookie: sidCookie(approval) };
}

/**
 * Full browser part of the flow; returns the parsed callback URL. When the user
 * approved the app before, login goes straight on (docs/salesforce.md#approval).
 */
async function authorize(emu, params, { decision = 'allow', host = 'login.salesforce.com' } = {}) {
  const page = await request(emu, { path: authorizePath(params), host });
  assert.equal(page.status, 200, page.body);
  const login = await request(emu, {
    method: 'POST', path: '/services/oauth2/authorize/login', host, headers: FORM_CT,
    body: form({ ...hiddenFields(page.body), username: USER.username, pw: USER.password }),
  });
  const cookie = sidCookie(login);
  let res;
  if (login.status === 302) {
    assert.equal(decision, 'allow', 'approval page skipped: no Deny possible');
    res = await followHop(emu, login);
  } else {
    assert.match(login.body, /Allow Access\?/);
    res = await followHop(emu, await request(emu, {
      method: 'POST', path: '/services/oauth2/authorize/approve', host,
      headers: { ...FORM_CT, Cookie: cookie },
      body: form({ ...hiddenFields(login.body), decision }),
    }));
  }
  assert.equal(res.status, 302);
  return { location: res.headers.location, url: new URL(res.headers.location), cookie };
}

const pkceParams = (challenge, extra = {}) => ({
  response_type: 'code', client_id: PKCE_APP.clientId, redirect_uri: CALLBACK,
  scope: 'api refresh_token id', state: 'st-123', code_challenge: challenge, code_challenge_method: 'S256', ...extra,
});
const secretParams = (extra = {}) => ({
  response_type: 'code', client_id: SECRET_APP.clientId, redirect_uri: CALLBACK, scope: 'api refresh_token', state: 'x', ...extra,
});

const token = (emu, params, { host = 'login.salesforce.com', headers = {} } = {}) =>
  request(emu, { method: 'POST', path: '/services/oauth2/token', host, headers: { ...FORM_CT, ...headers }, body: form(params) })
    .then((r) => ({ ...r, json: JSON.parse(r.body) }));

async function pkceCode(emu, extra = {}, opts) {
  const { verifier, challenge } = pkcePair();
  const { url } = await authorize(emu, pkceParams(challenge, extra), opts);
  return { code: url.searchParams.get('code'), verifier, challenge };
}

const exchange = (code, verifier, extra = {}) => ({
  grant_type: 'authorization_code', code, client_id: PKCE_APP.clientId, redirect_uri: CALLBACK, code_verifier: verifier, ...extra,
});

function expectTokenError(res, error, description) {
  assert.equal(res.status, 400);
  assert.match(res.headers['content-type'], /^application\/json;charset=UTF-8/);
  assert.deepEqual(res.json, description === undefined ? { error, error_description: res.json.error_description } : { error, error_description: description });
}

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

describe('server basics', () => {
  test('origin and port', () => {
    assert.equal(emu.origin, `https://127.0.0.1:${emu.port}`);
    assert.ok(emu.port > 0);
  });

  test('certificate: CN login.salesforce.com, Salesforce SANs, 127.0.0.1', async () => {
    const cert = await new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: emu.port, servername: 'login.salesforce.com', rejectUnauthorized: false }, () => {
        resolve(s.getPeerCertificate()); s.end();
      });
      s.on('error', reject);
    });
    assert.equal(cert.subject.CN, 'login.salesforce.com');
    for (const san of ['DNS:*.salesforce.com', 'DNS:login.salesforce.com', 'DNS:test.salesforce.com', 'DNS:*.my.salesforce.com',
      'DNS:*.sandbox.my.salesforce.com', 'DNS:*.develop.my.salesforce.com', 'DNS:*.my.site.com', 'IP Address:127.0.0.1']) {
      assert.ok(cert.subjectaltname.includes(san), `${san} in ${cert.subjectaltname}`);
    }
    const days = (new Date(cert.valid_to) - new Date(cert.valid_from)) / 86400000;
    assert.ok(days >= 1.9 && days <= 2.1, `valid ${days} days`);
    assert.equal(cert.bits, 2048);
  });

  test('GET / and callback URL: login landing page, no cookies, code ignored', async () => {
    for (const path of ['/', '/?code=aPrxabc%3D%3D&state=s', '/some/unknown/path']) {
      const res = await request(emu, { path });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /text\/html/);
      assert.match(res.body, /<title>Login \| Salesforce<\/title>/);
      assert.equal(res.headers['set-cookie'], undefined);
    }
  });
});

describe('authorize errors (#authorize, #errors, #pkce)', () => {
  test('unknown client_id: bare text page, 400', async () => {
    const res = await request(emu, { path: authorizePath({ response_type: 'code', client_id: '3MVG9NOPE', redirect_uri: CALLBACK, state: 's' }) });
    assert.equal(res.status, 400);
    assert.match(res.headers['content-type'], /^text\/plain/);
    assert.equal(res.body, 'error=invalid_client_id&error_description=client%20identifier%20invalid');
    assert.equal(res.headers.location, undefined);
  });

  test('redirect_uri must match exactly (scheme, host, path, trailing slash)', async () => {
    for (const redirect of ['https://login.salesforce.com', 'http://login.salesforce.com/', 'https://test.salesforce.com/',
      'https://login.salesforce.com/cb', 'HTTPS://login.salesforce.com/', 'https://login.salesforce.com/?x=1']) {
      const res = await request(emu, { path: authorizePath({ response_type: 'code', client_id: PKCE_APP.clientId, redirect_uri: redirect, code_challenge: 'c' }) });
      assert.equal(res.status, 400, redirect);
      assert.match(res.headers['content-type'], /^text\/plain/);
      assert.equal(res.body, 'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration');
    }
  });

  test('response_type other than code: unsupported_response_type redirect with state', async () => {
    for (const rt of ['token', '', 'code id_token']) {
      const res = await request(emu, { path: authorizePath(pkceParams('c', { response_type: rt })) });
      assert.equal(res.status, 302);
      const loc = new URL(res.headers.location);
      assert.equal(loc.origin + loc.pathname, CALLBACK);
      assert.equal(loc.searchParams.get('error'), 'unsupported_response_type');
      assert.equal(loc.searchParams.get('state'), 'st-123');
    }
  });

  test('app requires PKCE and no code_challenge: invalid_request redirect', async () => {
    const res = await request(emu, { path: authorizePath({ response_type: 'code', client_id: PKCE_APP.clientId, redirect_uri: CALLBACK, state: 'abc' }) });
    assert.equal(res.status, 302);
    assert.equal(res.headers.location,
      'https://login.salesforce.com/?error=invalid_request&error_description=missing%20required%20code%20challenge&state=abc');
  });

  test('org-wide requirePkce applies to an app that does not require it', async () => {
    const cfg = structuredClone(base);
    cfg.org.requirePkce = true;
    const e2 = await startEmulator({ config: cfg });
    try {
      const params = secretParams({ scope: 'api' }); delete params.state;
      const res = await request(e2, { path: authorizePath(params) });
      assert.equal(res.status, 302);
      assert.equal(res.headers.location,
        'https://login.salesforce.com/?error=invalid_request&error_description=missing%20required%20code%20challenge');
    } finally { await e2.close(); }
    // Without the org flag the secret app needs no challenge: login form.
    const ok = await request(emu, { path: authorizePath(secretParams()) });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /id="login_form"/);
  });

  test('scope not allowed: RemoteAccessErrorPage with invalid_scope', async () => {
    const res = await request(emu, { path: authorizePath(pkceParams('c', { scope: 'api full' })) });
    assert.equal(res.status, 302);
    assert.equal(res.headers.location,
      'https://login.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_scope&error_description=the+requested+scope+is+not+allowed');
    const page = await request(emu, { path: new URL(res.headers.location).pathname + new URL(res.headers.location).search });
    assert.equal(page.status, 200);
    assert.match(page.body, /OAUTH_APPROVAL_ERROR_GENERIC/);
    assert.match(page.body, /invalid_scope/);
  });

  test('offline_access is accepted as the synonym of refresh_token', async () => {
    const res = await request(emu, { path: authorizePath(pkceParams('c', { scope: 'api offline_access' })) });
    assert.equal(res.status, 200);
  });

  test('code_challenge_method plain is rejected (emulator choice)', async () => {
    const res = await request(emu, { path: authorizePath(pkceParams('c', { code_challenge_method: 'plain' })) });
    assert.equal(res.status, 302);
    const loc = new URL(res.headers.location);
    assert.equal(loc.searchParams.get('error'), 'invalid_request');
    assert.equal(loc.searchParams.get('state'), 'st-123');
  });

  test('POST to authorize: invalid_request must use HTTP GET', async () => {
    const res = await request(emu, { method: 'POST', path: '/services/oauth2/authorize', headers: FORM_CT, body: form(pkceParams('c')) });
    assert.equal(res.status, 400);
    assert.equal(res.body, 'error=invalid_request&error_description=must%20use%20HTTP%20GET');
  });
});

describe('login and approval pages', () => {
  test('login form: labels, button, hidden query, login_hint, absolute action without port', async () => {
    const params = pkceParams('c', { login_hint: 'admin@acme.example' });
    const res = await request(emu, { path: authorizePath(params), host: `login.salesforce.com:${emu.port}` });
    assert.equal(res.status, 200);
    assert.match(res.body, /<form id="login_form"[^>]*method="post" action="https:\/\/login\.salesforce\.com\/services\/oauth2\/authorize\/login"/);
    assert.match(res.body, />Username</);
    assert.match(res.body, />Password</);
    assert.match(res.body, /value="Log In"/);
    assert.match(res.body, /id="username"[^>]*value="admin@acme.example"/);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(hiddenFields(res.body).authorize_query)), params);
    assert.equal(res.headers['set-cookie'], undefined);
  });

  test('non-Salesforce Host keeps its port in absolute URLs', async () => {
    const res = await request(emu, { path: authorizePath(pkceParams('c')), host: `127.0.0.1:${emu.port}` });
    assert.match(res.body, new RegExp(`action="https://127\\.0\\.0\\.1:${emu.port}/services/oauth2/authorize/login"`));
  });

  test('bad credentials: form again with error, 200, no cookie', async () => {
    const page = await request(emu, { path: authorizePath(pkceParams('c')) });
    for (const creds of [{ username: USER.username, pw: 'wrong' }, { username: 'nobody@acme.example', pw: USER.password }]) {
      const res = await request(emu, {
        method: 'POST', path: '/services/oauth2/authorize/login', headers: FORM_CT,
        body: form({ ...hiddenFields(page.body), ...creds }),
      });
      assert.equal(res.status, 200);
      assert.match(res.body, /id="login_form"/);
      assert.match(res.body, /Please check your username and password/);
      assert.equal(res.headers['set-cookie'], undefined);
    }
  });

  test('inactive user cannot log in', async () => {
    const cfg = structuredClone(base);
    cfg.users[0].active = false;
    const e2 = await startEmulator({ config: cfg });
    try {
      const page = await request(e2, { path: authorizePath(pkceParams('c')) });
      const res = await request(e2, {
        method: 'POST', path: '/services/oauth2/authorize/login', headers: FORM_CT,
        body: form({ ...hiddenFields(page.body), username: USER.username, pw: USER.password }),
      });
      assert.match(res.body, /Please check your username and password/);
    } finally { await e2.close(); }
  });

  test('successful login: sid cookie (Secure, HttpOnly, SameSite=None) and approval page', async () => {
    const { approval } = await loginToApproval(emu, pkceParams('c'));
    const setCookie = approval.headers['set-cookie'];
    assert.equal(setCookie.length, 1);
    assert.match(setCookie[0], /^sid=[A-Za-z0-9_-]+; Path=\/; Secure; HttpOnly; SameSite=None$/);
    assert.match(approval.body, /Allow Access\?/);
    assert.match(approval.body, /sftoken PKCE app/);
    for (const s of ['api', 'refresh_token', 'id']) assert.match(approval.body, new RegExp(`data-scope="${s}"`));
    assert.match(approval.body, /<form id="approval_form" method="post" action="https:\/\/login\.salesforce\.com\/services\/oauth2\/authorize\/approve"/);
    assert.match(approval.body, /name="decision" value="allow">Allow</);
    assert.match(approval.body, /name="decision" value="deny">Deny</);
    assert.equal(hiddenFields(approval.body).code_challenge, 'c');
  });

  test('with a session: approval page directly; prompt=login forces the form', async () => {
    const { cookie } = await loginToApproval(emu, pkceParams('c'));
    const direct = await request(emu, { path: authorizePath(pkceParams('c')), headers: { Cookie: cookie } });
    assert.match(direct.body, /Allow Access\?/);
    const consent = await request(emu, { path: authorizePath(pkceParams('c', { prompt: 'consent' })), headers: { Cookie: cookie } });
    assert.match(consent.body, /Allow Access\?/);
    const forced = await request(emu, { path: authorizePath(pkceParams('c', { prompt: 'login' })), headers: { Cookie: cookie } });
    assert.match(forced.body, /id="login_form"/);
    const bogus = await request(emu, { path: authorizePath(pkceParams('c')), headers: { Cookie: 'sid=forged' } });
    assert.match(bogus.body, /id="login_form"/);
  });

  test('approve without a session shows the login form', async () => {
    const res = await request(emu, {
      method: 'POST', path: '/services/oauth2/authorize/approve', headers: FORM_CT,
      body: form({ ...pkceParams('c'), decision: 'allow' }),
    });
    assert.equal(res.status, 200);
    assert.match(res.body, /id="login_form"/);
  });

  test('immediate=true: immediate_unsuccessful without prior approval, code after approval', async () => {
    const noSession = await request(emu, { path: authorizePath(pkceParams('c', { immediate: 'true' })) });
    assert.equal(new URL(noSession.headers.location).searchParams.get('error'), 'immediate_unsuccessful');
    const { cookie } = await authorize(emu, pkceParams('c'));
    const res = await followHop(emu, await request(emu, { path: authorizePath(pkceParams('c', { immediate: 'true' })), headers: { Cookie: cookie } }));
    assert.match(new URL(res.headers.location).searchParams.get('code'), CODE_RE);
  });
});

describe('authorize success and deny (#authorize)', () => {
  test('Allow: code looks like Salesforce\'s, %3D%3D in Location, state echoed', async () => {
    const { location, url } = await authorize(emu, pkceParams('c', { state: 'a b&c=d' }));
    assert.ok(location.startsWith('https://login.salesforce.com/?code=aPrx'), location);
    assert.match(location, /%3D%3D&state=a%20b%26c%3Dd$/);
    assert.match(url.searchParams.get('code'), CODE_RE);
    assert.equal(url.searchParams.get('state'), 'a b&c=d');
  });

  test('no state sent: none returned', async () => {
    const params = pkceParams('c'); delete params.state;
    const { location, url } = await authorize(emu, params);
    assert.equal(url.searchParams.has('state'), false, location);
    assert.match(location, /^https:\/\/login\.salesforce\.com\/\?code=aPrx[^&]+$/);
  });

  test('redirect_uri with its own query gets &code=', async () => {
    const cfg = structuredClone(base);
    cfg.apps[0].callbackUrls.push('https://login.salesforce.com/cb?from=sftoken');
    const e2 = await startEmulator({ config: cfg });
    try {
      const { location } = await authorize(e2, pkceParams('c', { redirect_uri: 'https://login.salesforce.com/cb?from=sftoken' }));
      assert.match(location, /^https:\/\/login\.salesforce\.com\/cb\?from=sftoken&code=aPrx[^&]+%3D%3D&state=st-123$/);
    } finally { await e2.close(); }
  });

  test('Deny: access_denied with state', async () => {
    const { location } = await authorize(emu, pkceParams('c'), { decision: 'deny' });
    assert.equal(location, 'https://login.salesforce.com/?error=access_denied&error_description=end-user%20denied%20authorization&state=st-123');
  });
});

describe('token endpoint (#token-endpoint, #errors)', () => {
  test('PKCE success: fields, shapes, signature, no expires_in, no CORS', async () => {
    const { code, verifier } = await pkceCode(emu);
    const res = await token(emu, exchange(code, verifier));
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
    assert.equal(Object.keys(res.headers).some((h) => h.startsWith('access-control-')), false);
    const t = res.json;
    assert.deepEqual(Object.keys(t), ['access_token', 'refresh_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    assert.match(t.access_token, /^00D5g000000FAKEEAA![A-Za-z0-9._]{100}$/);
    assert.match(t.access_token, /(00D\w{12,15})![.\w]*/); // sfdx-core accessTokenRegex
    assert.equal(t.scope, 'api refresh_token id');
    assert.equal(t.instance_url, 'https://acme.my.salesforce.com');
    assert.equal(t.id, `https://login.salesforce.com/id/${base.org.orgId}/${USER.userId}`);
    assert.equal(t.token_type, 'Bearer');
    assert.equal(typeof t.issued_at, 'string');
    assert.ok(Math.abs(Number(t.issued_at) - emu.clock.now()) < 5000);
    const expected = crypto.createHmac('sha256', PKCE_APP.clientSecret).update(t.id + t.issued_at).digest('base64');
    assert.equal(t.signature, expected);
    assert.match(t.signature, /^[A-Za-z0-9+/]{43}=$/);
  });

  test('id follows the serving host; instance_url is always the My Domain', async () => {
    for (const [host, idHost] of [
      [`test.salesforce.com:${emu.port}`, 'test.salesforce.com'],
      ['acme.my.salesforce.com', 'acme.my.salesforce.com'],
    ]) {
      const { code, verifier } = await pkceCode(emu);
      const res = await token(emu, exchange(code, verifier), { host });
      assert.equal(res.json.id, `https://${idHost}/id/${base.org.orgId}/${USER.userId}`);
      assert.equal(res.json.instance_url, 'https://acme.my.salesforce.com');
    }
  });

  test('no refresh_token without refresh_token/offline_access scope; offline_access gives one', async () => {
    let p = await pkceCode(emu, { scope: 'api id' });
    let res = await token(emu, exchange(p.code, p.verifier));
    assert.equal(res.status, 200);
    assert.equal('refresh_token' in res.json, false);
    p = await pkceCode(emu, { scope: 'api offline_access' });
    res = await token(emu, exchange(p.code, p.verifier));
    assert.ok(res.json.refresh_token);
  });

  test('absent scope grants the app\'s scopes (emulator choice)', async () => {
    const p = await pkceCode(emu, { scope: '' });
    const res = await token(emu, exchange(p.code, p.verifier));
    assert.equal(res.json.scope, PKCE_APP.scopes.join(' '));
  });

  test('challenge without method is S256', async () => {
    const { verifier, challenge } = pkcePair();
    const p = pkceParams(challenge); delete p.code_challenge_method;
    const { url } = await authorize(emu, p);
    const res = await token(emu, exchange(url.searchParams.get('code'), verifier));
    assert.equal(res.status, 200, res.body);
  });

  test('code is single use: reuse → expired authorization code', async () => {
    const { code, verifier } = await pkceCode(emu);
    assert.equal((await token(emu, exchange(code, verifier))).status, 200);
    expectTokenError(await token(emu, exchange(code, verifier)), 'invalid_grant', 'expired authorization code');
  });

  test('unknown code → expired authorization code', async () => {
    expectTokenError(await token(emu, exchange('aPrxNOPE==', 'v'.repeat(43))), 'invalid_grant', 'expired authorization code');
  });

  test('code expires after 15 minutes on the emulator clock', async () => {
    let p = await pkceCode(emu);
    emu.clock.advance(15 * 60 * 1000 - 2000);
    assert.equal((await token(emu, exchange(p.code, p.verifier))).status, 200);
    p = await pkceCode(emu);
    emu.clock.advance(15 * 60 * 1000 + 1);
    expectTokenError(await token(emu, exchange(p.code, p.verifier)), 'invalid_grant', 'expired authorization code');
  });

  test('issued_at follows the emulator clock', async () => {
    const start = 1_700_000_000_000;
    const e2 = await startEmulator({ clockStartMs: start });
    try {
      e2.clock.advance(60_000);
      const p = await pkceCode(e2);
      const res = await token(e2, exchange(p.code, p.verifier));
      const at = Number(res.json.issued_at);
      assert.ok(at >= start + 60_000 && at < start + 120_000, res.json.issued_at);
    } finally { await e2.close(); }
  });

  test('redirect_uri differs → authentication failure (code stays valid)', async () => {
    const { code, verifier } = await pkceCode(emu);
    expectTokenError(await token(emu, exchange(code, verifier, { redirect_uri: 'https://login.salesforce.com' })), 'invalid_grant', 'authentication failure');
    const noRedirect = exchange(code, verifier); delete noRedirect.redirect_uri;
    expectTokenError(await token(emu, noRedirect), 'invalid_grant', 'authentication failure');
    assert.equal((await token(emu, exchange(code, verifier))).status, 200);
  });

  test('PKCE: missing verifier, wrong verifier, verifier with ~ → invalid_grant', async () => {
    const { code, verifier } = await pkceCode(emu);
    const noVerifier = exchange(code, verifier); delete noVerifier.code_verifier;
    expectTokenError(await token(emu, noVerifier), 'invalid_grant');
    expectTokenError(await token(emu, exchange(code, pkcePair().verifier)), 'invalid_grant', 'invalid code verifier');
    // A verifier containing `~` is rejected even when it hashes to the challenge.
    const tilde = `${'a'.repeat(42)}~`;
    const challenge = crypto.createHash('sha256').update(tilde).digest('base64url');
    const { url } = await authorize(emu, pkceParams(challenge));
    expectTokenError(await token(emu, exchange(url.searchParams.get('code'), tilde)), 'invalid_grant', 'invalid code verifier');
  });

  test('code issued to another client → invalid_grant', async () => {
    const { code } = await pkceCode(emu);
    const res = await token(emu, {
      grant_type: 'authorization_code', code, client_id: SECRET_APP.clientId, client_secret: SECRET_APP.clientSecret, redirect_uri: CALLBACK,
    });
    expectTokenError(res, 'invalid_grant');
  });

  test('secret app: missing or wrong secret → invalid_client, code stays valid; right secret → 200', async () => {
    const { url } = await authorize(emu, secretParams());
    const code = url.searchParams.get('code');
    const req = { grant_type: 'authorization_code', code, client_id: SECRET_APP.clientId, redirect_uri: CALLBACK };
    expectTokenError(await token(emu, req), 'invalid_client', 'invalid client credentials');
    expectTokenError(await token(emu, { ...req, client_secret: 'FAKE-SECRET-wrong' }), 'invalid_client', 'invalid client credentials');
    const ok = await token(emu, { ...req, client_secret: SECRET_APP.clientSecret });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(ok.json.signature, crypto.createHmac('sha256', SECRET_APP.clientSecret).update(ok.json.id + ok.json.issued_at).digest('base64'));
  });

  test('public app sending a wrong secret → invalid_client; right secret accepted', async () => {
    const { code, verifier } = await pkceCode(emu);
    expectTokenError(await token(emu, exchange(code, verifier, { client_secret: 'FAKE-SECRET-wrong' })), 'invalid_client', 'invalid client credentials');
    assert.equal((await token(emu, exchange(code, verifier, { client_secret: PKCE_APP.clientSecret }))).status, 200);
  });

  test('client_id unknown → invalid_client_id; missing → invalid_client; Basic only → invalid_client_id', async () => {
    const { code, verifier } = await pkceCode(emu);
    expectTokenError(await token(emu, exchange(code, verifier, { client_id: '3MVG9NOPE' })), 'invalid_client_id', 'client identifier invalid');
    const noId = exchange(code, verifier); delete noId.client_id;
    expectTokenError(await token(emu, noId), 'invalid_client', 'invalid client credentials');
    const basic = Buffer.from(`${PKCE_APP.clientId}:${PKCE_APP.clientSecret}`).toString('base64');
    expectTokenError(await token(emu, noId, { headers: { Authorization: `Basic ${basic}` } }), 'invalid_client_id', 'client identifier invalid');
  });

  test('GET, missing or unknown grant_type → unsupported_grant_type', async () => {
    const get = await request(emu, { path: '/services/oauth2/token' });
    assert.equal(get.status, 400);
    assert.deepEqual(JSON.parse(get.body), { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    expectTokenError(await token(emu, { client_id: PKCE_APP.clientId }), 'unsupported_grant_type', 'grant type not supported');
    expectTokenError(await token(emu, { grant_type: 'password', client_id: PKCE_APP.clientId }), 'unsupported_grant_type', 'grant type not supported');
  });

  test('format=urlencoded', async () => {
    const raw = await request(emu, { method: 'POST', path: '/services/oauth2/token', headers: FORM_CT, body: form({ grant_type: 'nope', format: 'urlencoded' }) });
    assert.equal(raw.status, 400);
    assert.match(raw.headers['content-type'], /^application\/x-www-form-urlencoded/);
    assert.equal(new URLSearchParams(raw.body).get('error'), 'unsupported_grant_type');
  });

  test('refresh_token grant: new access token, no rotation; unknown → expired access/refresh token', async () => {
    const { code, verifier } = await pkceCode(emu);
    const first = (await token(emu, exchange(code, verifier))).json;
    const res = await token(emu, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: PKCE_APP.clientId });
    assert.equal(res.status, 200, res.body);
    assert.notEqual(res.json.access_token, first.access_token);
    assert.equal('refresh_token' in res.json, false);
    expectTokenError(await token(emu, { grant_type: 'refresh_token', refresh_token: 'nope', client_id: PKCE_APP.clientId }),
      'invalid_grant', 'expired access/refresh token');
  });
});

describe('request log and control API', () => {
  test('log records method, host, path, query, headers (with cookie), body, status; control requests are not logged', async () => {
    const { code, verifier } = await pkceCode(emu);
    await token(emu, exchange(code, verifier), { headers: { Cookie: 'sid=should-not-be-here' } });
    const viaHttp = JSON.parse((await request(emu, { path: '/__emulator/log' })).body);
    assert.deepEqual(viaHttp, emu.log());
    const log = emu.log();
    assert.equal(log.length, 5); // authorize GET, login POST, approve POST, My Domain hop GET, token POST
    assert.equal(log[3].host, 'acme.my.salesforce.com');
    const t = log[4];
    assert.equal(t.method, 'POST');
    assert.equal(t.host, 'login.salesforce.com');
    assert.equal(t.path, '/services/oauth2/token');
    assert.equal(t.status, 200);
    assert.equal(t.headers.cookie, 'sid=should-not-be-here');
    assert.equal(new URLSearchParams(t.body).get('code'), code);
    assert.equal(log[0].query.client_id, PKCE_APP.clientId);
    assert.equal(log[0].status, 200);
    assert.equal(log[2].status, 302);
    assert.ok(log[2].headers.cookie.startsWith('sid='));
    assert.equal(typeof log[0].time, 'number');
    assert.ok(!log.some((e) => e.path.startsWith('/__emulator/')));
    // log() returns a copy
    emu.log()[0].method = 'X';
    assert.equal(emu.log()[0].method, 'GET');
  });

  test('log clear (JS and HTTP)', async () => {
    await request(emu, { path: '/' });
    assert.equal(emu.log().length, 1);
    emu.clearLog();
    assert.equal(emu.log().length, 0);
    await request(emu, { path: '/' });
    const res = await request(emu, { method: 'POST', path: '/__emulator/log/clear', body: '' });
    assert.equal(res.status, 200);
    assert.equal(emu.log().length, 0);
  });

  test('clock endpoint advances time and expires codes', async () => {
    const { code, verifier } = await pkceCode(emu);
    const before = emu.clock.now();
    const res = await request(emu, { method: 'POST', path: '/__emulator/clock', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceMs: 16 * 60 * 1000 }) });
    const { now } = JSON.parse(res.body);
    assert.ok(now >= before + 16 * 60 * 1000);
    expectTokenError(await token(emu, exchange(code, verifier)), 'invalid_grant', 'expired authorization code');
  });

  test('reset clears codes, sessions, log and clock', async () => {
    const { code, verifier } = await pkceCode(emu);
    const { cookie } = await loginToApproval(emu, pkceParams('c', { prompt: 'consent' }));
    emu.clock.advance(3_600_000);
    const res = await request(emu, { method: 'POST', path: '/__emulator/reset', body: '' });
    assert.equal(res.status, 200);
    assert.equal(emu.log().length, 0);
    assert.ok(Math.abs(emu.clock.now() - Date.now()) < 5000);
    expectTokenError(await token(emu, exchange(code, verifier)), 'invalid_grant', 'expired authorization code');
    const page = await request(emu, { path: authorizePath(pkceParams('c')), headers: { Cookie: cookie } });
    assert.match(page.body, /id="login_form"/);
  });
});

describe('CLI', () => {
  test('prints one JSON line, serves, exits cleanly on SIGTERM', async () => {
    const script = fileURLToPath(new URL('./server.mjs', import.meta.url));
    const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => { out += c; if (out.includes('\n')) resolve(out); });
        child.on('exit', (c) => reject(new Error(`exited ${c}`)));
      });
      assert.equal(line.split('\n').filter(Boolean).length, 1);
      const info = JSON.parse(line);
      assert.deepEqual(Object.keys(info), ['port', 'origin']);
      assert.equal(info.origin, `https://127.0.0.1:${info.port}`);
      const res = await request({ port: info.port }, { path: '/' });
      assert.equal(res.status, 200);
      const code = await new Promise((resolve) => { child.on('exit', (c, sig) => resolve(c ?? sig)); child.kill('SIGTERM'); });
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
