// Token-endpoint grants beyond the web-server code exchange: refresh (with
// rotation), username-password, client credentials. docs/salesforce.md#hosts, #grants, #token-response, #errors, #lifetimes.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startEmulator } from './server.mjs';
import {
  base, PKCE_APP, SECRET_APP, INTEGRATION_APP, ROTATING_APP, ADMIN, INTEGRATION_USER,
  token, bearer, basic, request, expectTokenError, webFlowTokens,
} from './helpers.mjs';

const FULL_KEYS = ['access_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at'];
const sig = (secret, t) => crypto.createHmac('sha256', secret).update(t.id + t.issued_at).digest('base64');
const limits = (emu, t) => request(emu, { path: '/services/data/v65.0/limits', host: 'acme.my.salesforce.com', headers: bearer(t) });

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

describe('refresh_token grant (#grants, #lifetimes)', () => {
  const refresh = (theApp, rt, extra = {}) => token(emu, { grant_type: 'refresh_token', refresh_token: rt, client_id: theApp.clientId, ...extra });

  test('no rotation: full body without refresh_token; the same refresh token keeps working', async () => {
    const first = await webFlowTokens(emu, PKCE_APP);
    for (let i = 0; i < 3; i++) {
      const res = await refresh(PKCE_APP, first.refresh_token);
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(Object.keys(res.json), FULL_KEYS);
      assert.equal(res.json.scope, 'api refresh_token id');
      assert.equal(res.json.signature, sig(PKCE_APP.clientSecret, res.json));
    }
    // Earlier access tokens stay valid (no rotation, no revocation).
    assert.equal((await limits(emu, first.access_token)).status, 200);
  });

  test('rotation: every refresh returns a new refresh_token and invalidates the old one', async () => {
    const first = await webFlowTokens(emu, ROTATING_APP);
    const r1 = await refresh(ROTATING_APP, first.refresh_token);
    assert.equal(r1.status, 200, r1.body);
    assert.deepEqual(Object.keys(r1.json), ['access_token', 'refresh_token', ...FULL_KEYS.slice(1)]);
    assert.notEqual(r1.json.refresh_token, first.refresh_token);
    assert.match(r1.json.refresh_token, /^5Aep861/);
    const r2 = await refresh(ROTATING_APP, r1.json.refresh_token);
    assert.equal(r2.status, 200, r2.body);
    assert.notEqual(r2.json.refresh_token, r1.json.refresh_token);
  });

  test('rotation: reusing a rotated-out token revokes the current token and its access tokens', async () => {
    const first = await webFlowTokens(emu, ROTATING_APP);
    const r1 = (await refresh(ROTATING_APP, first.refresh_token)).json;
    assert.equal((await limits(emu, r1.access_token)).status, 200);
    expectTokenError(await refresh(ROTATING_APP, first.refresh_token), 'invalid_grant', 'expired access/refresh token');
    // The current refresh token is gone too …
    expectTokenError(await refresh(ROTATING_APP, r1.refresh_token), 'invalid_grant', 'expired access/refresh token');
    // … and so are the access tokens of the grant (the original and the refreshed one).
    for (const at of [first.access_token, r1.access_token]) {
      const res = await limits(emu, at);
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  });

  test('rotation: other grants of the same user are not affected by a reuse', async () => {
    const a = await webFlowTokens(emu, ROTATING_APP);
    const b = await webFlowTokens(emu, ROTATING_APP);
    await refresh(ROTATING_APP, a.refresh_token);
    expectTokenError(await refresh(ROTATING_APP, a.refresh_token), 'invalid_grant');
    assert.equal((await refresh(ROTATING_APP, b.refresh_token)).status, 200);
  });

  test('refresh token of another app → expired access/refresh token', async () => {
    const first = await webFlowTokens(emu, PKCE_APP);
    expectTokenError(await refresh(ROTATING_APP, first.refresh_token), 'invalid_grant', 'expired access/refresh token');
  });

  test('secret app: refresh needs the secret', async () => {
    const first = await webFlowTokens(emu, SECRET_APP);
    expectTokenError(await refresh(SECRET_APP, first.refresh_token), 'invalid_client', 'invalid client credentials');
    assert.equal((await refresh(SECRET_APP, first.refresh_token, { client_secret: SECRET_APP.clientSecret })).status, 200);
  });

  test('user deactivated after the grant → invalid_grant / inactive user', async () => {
    const first = await webFlowTokens(emu, PKCE_APP);
    emu.config.users.find((u) => u.userId === ADMIN.userId).active = false;
    try {
      expectTokenError(await refresh(PKCE_APP, first.refresh_token), 'invalid_grant', 'inactive user');
    } finally { emu.config.users.find((u) => u.userId === ADMIN.userId).active = true; }
  });
});

describe('username-password grant (#grants, #errors)', () => {
  const pw = (extra = {}) => ({
    grant_type: 'password', client_id: INTEGRATION_APP.clientId, client_secret: INTEGRATION_APP.clientSecret,
    username: ADMIN.username, password: ADMIN.password + ADMIN.securityToken, ...extra,
  });

  test('success: full body, signature, no refresh_token', async () => {
    const res = await token(emu, pw());
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(Object.keys(res.json), FULL_KEYS);
    assert.equal(res.json.id, `https://login.salesforce.com/id/${base.org.orgId}/${ADMIN.userId}`);
    assert.equal(res.json.instance_url, 'https://acme.my.salesforce.com');
    assert.equal(res.json.signature, sig(INTEGRATION_APP.clientSecret, res.json));
    assert.equal('refresh_token' in res.json, false);
    assert.equal((await limits(emu, res.json.access_token)).status, 200);
  });

  test('username is case-insensitive', async () => {
    assert.equal((await token(emu, pw({ username: ADMIN.username.toUpperCase() }))).status, 200);
  });

  test('missing security token, wrong password, unknown user → authentication failure', async () => {
    for (const extra of [
      { password: ADMIN.password },
      { password: `wrong${ADMIN.securityToken}` },
      { password: ADMIN.password + INTEGRATION_USER.securityToken },
      { username: 'nobody@acme.example' },
      { password: '' },
    ]) {
      expectTokenError(await token(emu, pw(extra)), 'invalid_grant', 'authentication failure');
    }
  });

  test('secret always required: missing or wrong → invalid_client', async () => {
    const noSecret = pw(); delete noSecret.client_secret;
    expectTokenError(await token(emu, noSecret), 'invalid_client', 'invalid client credentials');
    expectTokenError(await token(emu, pw({ client_secret: 'FAKE-wrong' })), 'invalid_client', 'invalid client credentials');
  });

  test('app without the flow → unsupported_grant_type; unknown client → invalid_client_id', async () => {
    expectTokenError(await token(emu, pw({ client_id: SECRET_APP.clientId, client_secret: SECRET_APP.clientSecret })),
      'unsupported_grant_type', 'grant type not supported');
    expectTokenError(await token(emu, pw({ client_id: '3MVG9NOPE' })), 'invalid_client_id', 'client identifier invalid');
  });

  test('org blocks the flow (the default for new orgs) → authentication failure', async () => {
    const cfg = structuredClone(base);
    delete cfg.org.blockUsernamePasswordFlow; // absent = blocked (Summer '23+ default)
    const e2 = await startEmulator({ config: cfg });
    try {
      assert.equal(e2.config.org.blockUsernamePasswordFlow, true);
      expectTokenError(await token(e2, pw()), 'invalid_grant', 'authentication failure');
    } finally { await e2.close(); }
  });

  test('trusted IP: the bare password works too', async () => {
    const cfg = structuredClone(base);
    cfg.org.trustedIp = true;
    const e2 = await startEmulator({ config: cfg });
    try {
      assert.equal((await token(e2, pw({ password: ADMIN.password }))).status, 200);
      assert.equal((await token(e2, pw())).status, 200);
      expectTokenError(await token(e2, pw({ password: 'wrong' })), 'invalid_grant', 'authentication failure');
    } finally { await e2.close(); }
  });

  test('inactive user with the right password → invalid_grant / inactive user', async () => {
    const cfg = structuredClone(base);
    cfg.users[0].active = false;
    const e2 = await startEmulator({ config: cfg });
    try {
      expectTokenError(await token(e2, pw()), 'invalid_grant', 'inactive user');
      expectTokenError(await token(e2, pw({ password: 'wrong' })), 'invalid_grant', 'authentication failure');
    } finally { await e2.close(); }
  });
});

describe('client_credentials grant (#hosts, #grants, #errors)', () => {
  const cc = (extra = {}) => ({
    grant_type: 'client_credentials', client_id: INTEGRATION_APP.clientId, client_secret: INTEGRATION_APP.clientSecret, ...extra,
  });

  test('My Domain host: body credentials → token for the run-as user, scopes without full/web/offline_access/refresh_token', async () => {
    const res = await token(emu, cc(), { host: 'acme.my.salesforce.com' });
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(Object.keys(res.json), FULL_KEYS);
    assert.equal(res.json.scope, 'api id openid');
    assert.equal(res.json.id, `https://acme.my.salesforce.com/id/${base.org.orgId}/${INTEGRATION_USER.userId}`);
    assert.equal(res.json.signature, sig(INTEGRATION_APP.clientSecret, res.json));
  });

  test('HTTP Basic credentials work too', async () => {
    const res = await token(emu, { grant_type: 'client_credentials' },
      { host: 'acme.my.salesforce.com', headers: basic(INTEGRATION_APP.clientId, INTEGRATION_APP.clientSecret) });
    assert.equal(res.status, 200, res.body);
    expectTokenError(await token(emu, { grant_type: 'client_credentials' },
      { host: 'acme.my.salesforce.com', headers: basic(INTEGRATION_APP.clientId, 'FAKE-wrong') }), 'invalid_client', 'invalid client credentials');
  });

  test('login.salesforce.com / test.salesforce.com → request not supported on this domain', async () => {
    for (const host of ['login.salesforce.com', `test.salesforce.com:${emu.port}`]) {
      expectTokenError(await token(emu, cc(), { host }), 'invalid_grant', 'request not supported on this domain');
    }
  });

  test('sandbox My Domain and 127.0.0.1 are accepted', async () => {
    for (const host of ['acme--dev.sandbox.my.salesforce.com', `127.0.0.1:${emu.port}`]) {
      assert.equal((await token(emu, cc(), { host })).status, 200, host);
    }
  });

  test('secret required; app without a run-as user → no client credentials user enabled', async () => {
    const noSecret = cc(); delete noSecret.client_secret;
    expectTokenError(await token(emu, noSecret, { host: 'acme.my.salesforce.com' }), 'invalid_client', 'invalid client credentials');
    expectTokenError(await token(emu, cc({ client_id: SECRET_APP.clientId, client_secret: SECRET_APP.clientSecret }), { host: 'acme.my.salesforce.com' }),
      'invalid_grant', 'no client credentials user enabled');
  });

  test('scope filter drops full, web, offline_access, refresh_token', async () => {
    const cfg = structuredClone(base);
    cfg.apps.find((a) => a.name === INTEGRATION_APP.name).scopes = ['full', 'api', 'web', 'offline_access', 'refresh_token', 'chatter_api'];
    const e2 = await startEmulator({ config: cfg });
    try {
      const res = await token(e2, cc(), { host: 'acme.my.salesforce.com' });
      assert.equal(res.json.scope, 'api chatter_api');
    } finally { await e2.close(); }
  });
});
