// Token lifecycle: revoke (#introspection), introspection (#introspection), access-token expiry by the
// session timeout (#lifetimes), and what expired/revoked tokens get everywhere (#errors last row).
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from './server.mjs';
import {
  base, PKCE_APP, SECRET_APP, INTEGRATION_APP, ADMIN, FORM_CT, form, token, request, bearer, basic, expectTokenError, webFlowTokens,
} from './helpers.mjs';

const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

const limits = (t) => request(emu, { path: '/services/data/v65.0/limits', host: 'acme.my.salesforce.com', headers: bearer(t) });
const revoke = (t, host = 'login.salesforce.com') => request(emu, { method: 'POST', path: '/services/oauth2/revoke', host, headers: FORM_CT, body: form({ token: t }) });
const refresh = (rt) => token(emu, { grant_type: 'refresh_token', refresh_token: rt, client_id: PKCE_APP.clientId });
const introspect = (t, { app = INTEGRATION_APP, hint, headers, params } = {}) => request(emu, {
  method: 'POST', path: '/services/oauth2/introspect', host: 'acme.my.salesforce.com', headers: { ...FORM_CT, ...headers },
  body: form(params ?? { token: t, ...(hint ? { token_type_hint: hint } : {}), client_id: app.clientId, client_secret: app.clientSecret }),
});

describe('revoke (#revoke)', () => {
  test('access token: 200 empty, token dead, refresh token still works', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const res = await revoke(t.access_token);
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    assert.equal(Object.keys(res.headers).some((h) => h.startsWith('access-control-')), false);
    assert.deepEqual((await limits(t.access_token)).json, INVALID_SESSION);
    assert.equal((await refresh(t.refresh_token)).status, 200);
  });

  test('refresh token: revokes it and its access tokens', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const r = (await refresh(t.refresh_token)).json;
    assert.equal((await revoke(t.refresh_token, 'acme.my.salesforce.com')).status, 200);
    expectTokenError(await refresh(t.refresh_token), 'invalid_grant', 'expired access/refresh token');
    for (const at of [t.access_token, r.access_token]) assert.equal((await limits(at)).status, 401);
  });

  test('unknown or already revoked → 400 form-encoded invalid_token; GET ?token= works', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const get = await request(emu, { path: `/services/oauth2/revoke?token=${encodeURIComponent(t.access_token)}` });
    assert.equal(get.status, 200);
    for (const res of [await revoke(t.access_token), await revoke('nope'), await revoke('')]) {
      assert.equal(res.status, 400);
      assert.match(res.headers['content-type'], /^application\/x-www-form-urlencoded/);
      assert.equal(res.body, 'error=invalid_token&error_description=invalid%20token');
    }
  });

  test('no token parameter → 400 unsupported_token_type, form-encoded as seen on test.salesforce.com (forrest#213)', async () => {
    for (const body of ['', 'token%5Baccess_token%5D=00Dx!abc']) {
      const res = await request(emu, { method: 'POST', path: '/services/oauth2/revoke', host: 'test.salesforce.com', headers: FORM_CT, body });
      assert.equal(res.status, 400);
      assert.match(res.headers['content-type'], /^application\/x-www-form-urlencoded/);
      assert.equal(res.body, 'error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported');
      assert.deepEqual(Object.fromEntries(new URLSearchParams(res.body)),
        { error: 'unsupported_token_type', error_description: 'this token type is not supported' });
    }
  });
});

describe('access-token lifetime (#lifetimes)', () => {
  test('default two hours on the emulator clock; then 401 INVALID_SESSION_ID; refresh gives a working token', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    emu.clock.advance(2 * 60 * 60 * 1000 - 5000);
    assert.equal((await limits(t.access_token)).status, 200);
    emu.clock.advance(10_000);
    const res = await limits(t.access_token);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, INVALID_SESSION);
    const r = await refresh(t.refresh_token);
    assert.equal((await limits(r.json.access_token)).status, 200);
  });

  test('per-app sessionTimeoutMinutes', async () => {
    const cfg = structuredClone(base);
    cfg.apps[0].sessionTimeoutMinutes = 15;
    const e2 = await startEmulator({ config: cfg });
    try {
      const t = await webFlowTokens(e2, PKCE_APP);
      const lim = () => request(e2, { path: '/services/data/v65.0/limits', headers: bearer(t.access_token) });
      assert.equal((await lim()).status, 200);
      e2.clock.advance(15 * 60 * 1000 + 1);
      assert.equal((await lim()).status, 401);
    } finally { await e2.close(); }
    const bad = structuredClone(base);
    bad.apps[0].sessionTimeoutMinutes = 0;
    await assert.rejects(startEmulator({ config: bad }), /sessionTimeoutMinutes/);
  });
});

describe('introspection (#introspection)', () => {
  test('active access token: fields, exp = iat + 2 h, sub = identity URL', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const res = await introspect(t.access_token, { hint: 'access_token' });
    assert.equal(res.status, 200, res.body);
    const j = res.json;
    assert.deepEqual(Object.keys(j), ['active', 'scope', 'client_id', 'username', 'sub', 'token_type', 'exp', 'iat', 'nbf']);
    assert.equal(j.active, true);
    assert.equal(j.scope, 'api refresh_token id');
    assert.equal(j.client_id, PKCE_APP.clientId);
    assert.equal(j.username, ADMIN.username);
    assert.equal(j.sub, t.id);
    assert.equal(j.token_type, 'access_token');
    assert.equal(j.iat, Math.floor(Number(t.issued_at) / 1000));
    assert.equal(j.nbf, j.iat);
    assert.equal(j.exp - j.iat, 7200);
  });

  test('refresh token (whatever the hint), Basic client auth', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const res = await introspect(undefined, {
      params: { token: t.refresh_token, token_type_hint: 'access_token' }, headers: basic(SECRET_APP.clientId, SECRET_APP.clientSecret),
    });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.active, true);
    assert.equal(res.json.token_type, 'refresh_token');
    assert.equal('exp' in res.json, false);
  });

  test('inactive: unknown, revoked, expired, missing', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    assert.deepEqual((await introspect('nope')).json, { active: false });
    assert.deepEqual((await introspect(undefined, { params: { client_id: INTEGRATION_APP.clientId, client_secret: INTEGRATION_APP.clientSecret } })).json, { active: false });
    emu.clock.advance(2 * 60 * 60 * 1000 + 1);
    assert.deepEqual((await introspect(t.access_token)).json, { active: false });
    assert.equal((await introspect(t.refresh_token)).json.active, true);
    await revoke(t.refresh_token);
    assert.deepEqual((await introspect(t.refresh_token)).json, { active: false });
  });

  test('client authentication: 401 invalid_client / invalid_client_id; introspectionAllowed false → 401', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const send = (params) => introspect(undefined, { params: { token: t.access_token, ...params } });
    expectTokenError(await send({ client_id: PKCE_APP.clientId }), 'invalid_client', 'invalid client credentials', 401);
    expectTokenError(await send({ client_id: PKCE_APP.clientId, client_secret: 'FAKE-wrong' }), 'invalid_client', 'invalid client credentials', 401);
    expectTokenError(await send({}), 'invalid_client', 'invalid client credentials', 401);
    expectTokenError(await send({ client_id: '3MVG9NOPE', client_secret: 'x' }), 'invalid_client_id', 'client identifier invalid', 401);
    const cfg = structuredClone(base);
    cfg.apps[2].introspectionAllowed = false;
    const e2 = await startEmulator({ config: cfg });
    try {
      const res = await request(e2, { method: 'POST', path: '/services/oauth2/introspect', headers: FORM_CT,
        body: form({ token: 'x', client_id: INTEGRATION_APP.clientId, client_secret: INTEGRATION_APP.clientSecret }) });
      expectTokenError({ ...res }, 'invalid_client', 'invalid client credentials', 401);
    } finally { await e2.close(); }
  });
});
