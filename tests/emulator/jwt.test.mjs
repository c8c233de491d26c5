// JWT bearer grant (#grants JWT row, #token-response response fields, #errors errors) and the
// certificate upload (in-process and control endpoint).
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from './server.mjs';
import {
  base, PKCE_APP, INTEGRATION_APP, ADMIN, INTEGRATION_USER,
  token, request, expectTokenError, webFlowTokens, makeKeyAndCert, signJwt,
} from './helpers.mjs';

const JWT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const { privateKey, certPem } = makeKeyAndCert();
const other = makeKeyAndCert('someone-else');

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => { emu.reset(); emu.setAppCertificate(INTEGRATION_APP.clientId, certPem); });

const nowS = () => Math.floor(emu.clock.now() / 1000);
const claims = (extra = {}) => ({
  iss: INTEGRATION_APP.clientId, sub: INTEGRATION_USER.username, aud: 'https://login.salesforce.com', exp: nowS() + 120, ...extra,
});
const jwt = (c = claims(), key = privateKey, opts) => token(emu, { grant_type: JWT, assertion: signJwt(c, key) }, opts);

describe('JWT bearer grant', () => {
  test('success: only access_token, scope, instance_url, id, token_type', async () => {
    const res = await jwt();
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(Object.keys(res.json), ['access_token', 'scope', 'instance_url', 'id', 'token_type']);
    assert.match(res.json.access_token, /^00D5g000000FAKEEAA![A-Za-z0-9._]{100}$/);
    assert.equal(res.json.scope, 'api id web openid');
    assert.equal(res.json.instance_url, 'https://acme.my.salesforce.com');
    assert.equal(res.json.id, `https://login.salesforce.com/id/${base.org.orgId}/${INTEGRATION_USER.userId}`);
    assert.equal(res.json.token_type, 'Bearer');
    const api = await request(emu, { path: '/services/data/v65.0/limits', host: 'acme.my.salesforce.com', headers: { Authorization: `Bearer ${res.json.access_token}` } });
    assert.equal(api.status, 200);
  });

  test('legacy prn claim instead of sub; numeric-string exp; aud as array', async () => {
    const c = claims({ exp: String(nowS() + 60), aud: ['https://login.salesforce.com'] });
    c.prn = c.sub; delete c.sub;
    assert.equal((await jwt(c)).status, 200);
  });

  test('no certificate on the app, wrong key, tampered payload, alg none/HS256, garbage → invalid assertion', async () => {
    emu.setAppCertificate(INTEGRATION_APP.clientId, null);
    expectTokenError(await jwt(), 'invalid_grant', 'invalid assertion');
    emu.setAppCertificate(INTEGRATION_APP.clientId, certPem);
    expectTokenError(await jwt(claims(), other.privateKey), 'invalid_grant', 'invalid assertion');
    const [h, , s] = signJwt(claims(), privateKey).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify(claims({ sub: ADMIN.username }))).toString('base64url')}.${s}`;
    expectTokenError(await token(emu, { grant_type: JWT, assertion: forged }), 'invalid_grant', 'invalid assertion');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
    expectTokenError(await token(emu, { grant_type: JWT, assertion: none }), 'invalid_grant', 'invalid assertion');
    expectTokenError(await token(emu, { grant_type: JWT, assertion: signJwt(claims(), privateKey, { alg: 'HS256' }) }),
      'invalid_grant', 'invalid assertion');
    for (const assertion of ['', 'a.b', 'not.a.jwt']) {
      expectTokenError(await token(emu, { grant_type: JWT, assertion }), 'invalid_grant', 'invalid assertion');
    }
  });

  test('iss not a consumer key → invalid_client_id', async () => {
    expectTokenError(await jwt(claims({ iss: '3MVG9NOPE' })), 'invalid_client_id', 'client identifier invalid');
  });

  test('aud: test.salesforce.com on a production org, My Domain, anything else → audience is invalid', async () => {
    for (const aud of ['https://test.salesforce.com', 'https://acme.my.salesforce.com', 'https://login.salesforce.com/', 'login.salesforce.com', undefined]) {
      expectTokenError(await jwt(claims({ aud })), 'invalid_grant', 'audience is invalid');
    }
  });

  test('sandbox org: aud must be https://test.salesforce.com', async () => {
    const cfg = structuredClone(base);
    cfg.org.isSandbox = true;
    const e2 = await startEmulator({ config: cfg });
    try {
      e2.setAppCertificate(INTEGRATION_APP.clientId, certPem);
      const send = (aud) => token(e2, { grant_type: JWT, assertion: signJwt(claims({ aud }), privateKey) }, { host: 'test.salesforce.com' });
      assert.equal((await send('https://test.salesforce.com')).status, 200);
      expectTokenError(await send('https://login.salesforce.com'), 'invalid_grant', 'audience is invalid');
    } finally { await e2.close(); }
  });

  test('Experience Cloud site host: its own URL is an accepted audience', async () => {
    const host = 'acme.my.site.com';
    assert.equal((await jwt(claims({ aud: `https://${host}` }), privateKey, { host })).status, 200);
    expectTokenError(await jwt(claims({ aud: `https://${host}` })), 'invalid_grant', 'audience is invalid');
  });

  test('exp in the past → expired authorization code; more than 3 minutes ahead or missing → invalid assertion', async () => {
    expectTokenError(await jwt(claims({ exp: nowS() - 1 })), 'invalid_grant', 'expired authorization code');
    expectTokenError(await jwt(claims({ exp: nowS() + 181 + 2 })), 'invalid_grant', 'invalid assertion');
    const c = claims(); delete c.exp;
    expectTokenError(await jwt(c), 'invalid_grant', 'invalid assertion');
    assert.equal((await jwt(claims({ exp: nowS() + 175 }))).status, 200);
  });

  test('exp follows the emulator clock', async () => {
    const assertion = signJwt(claims({ exp: nowS() + 60 }), privateKey);
    emu.clock.advance(61_000);
    expectTokenError(await token(emu, { grant_type: JWT, assertion }), 'invalid_grant', 'expired authorization code');
  });

  test('user not pre-authorized and never approved → user hasn\'t approved this consumer; web-flow Allow approves', async () => {
    expectTokenError(await jwt(claims({ sub: ADMIN.username })), 'invalid_grant', "user hasn't approved this consumer");
    expectTokenError(await jwt(claims({ sub: 'nobody@acme.example' })), 'invalid_grant', "user hasn't approved this consumer");
    await webFlowTokens(emu, INTEGRATION_APP, { user: ADMIN });
    const res = await jwt(claims({ sub: ADMIN.username }));
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.id, `https://login.salesforce.com/id/${base.org.orgId}/${ADMIN.userId}`);
  });

  test('inactive user → invalid_grant / inactive user', async () => {
    const u = emu.config.users.find((x) => x.userId === INTEGRATION_USER.userId);
    u.active = false;
    try { expectTokenError(await jwt(), 'invalid_grant', 'inactive user'); } finally { u.active = true; }
  });
});

describe('certificate upload', () => {
  test('control endpoint POST /__emulator/apps/{clientId}/certificate with the PEM body', async () => {
    emu.setAppCertificate(INTEGRATION_APP.clientId, null);
    const fresh = makeKeyAndCert('uploaded');
    const up = await request(emu, {
      method: 'POST', path: `/__emulator/apps/${encodeURIComponent(PKCE_APP.clientId)}/certificate`,
      headers: { 'Content-Type': 'application/x-pem-file' }, body: fresh.certPem,
    });
    assert.equal(up.status, 200, up.body);
    const c = claims({ iss: PKCE_APP.clientId, sub: ADMIN.username });
    expectTokenError(await jwt(c, fresh.privateKey), 'invalid_grant', "user hasn't approved this consumer");
    await webFlowTokens(emu, PKCE_APP);
    assert.equal((await jwt(c, fresh.privateKey)).status, 200);
    assert.equal(emu.log().some((e) => e.path.startsWith('/__emulator/')), false);
    // DELETE removes it.
    const del = await request(emu, { method: 'DELETE', path: `/__emulator/apps/${encodeURIComponent(PKCE_APP.clientId)}/certificate` });
    assert.equal(del.status, 200);
    expectTokenError(await jwt(c, fresh.privateKey), 'invalid_grant', 'invalid assertion');
  });

  test('not a certificate → 400; unknown app → 404; in-process setter throws', async () => {
    const bad = await request(emu, { method: 'POST', path: `/__emulator/apps/${INTEGRATION_APP.clientId}/certificate`, body: 'nope' });
    assert.equal(bad.status, 400);
    const pub = await request(emu, { method: 'POST', path: `/__emulator/apps/${INTEGRATION_APP.clientId}/certificate`, body: privateKey });
    assert.equal(pub.status, 400);
    const unknown = await request(emu, { method: 'POST', path: '/__emulator/apps/3MVG9NOPE/certificate', body: certPem });
    assert.equal(unknown.status, 404);
    assert.throws(() => emu.setAppCertificate('3MVG9NOPE', certPem), /unknown app/);
    assert.throws(() => emu.setAppCertificate(INTEGRATION_APP.clientId, 'nope'));
  });

  test('jwtCertificatePem in the config; reset keeps uploaded certificates', async () => {
    const cfg = structuredClone(base);
    cfg.apps.find((a) => a.name === INTEGRATION_APP.name).jwtCertificatePem = certPem;
    const e2 = await startEmulator({ config: cfg });
    try {
      const send = () => token(e2, { grant_type: JWT, assertion: signJwt(claims({ exp: Math.floor(e2.clock.now() / 1000) + 60 }), privateKey) });
      assert.equal((await send()).status, 200);
      e2.reset();
      assert.equal((await send()).status, 200);
    } finally { await e2.close(); }
    const bad = structuredClone(base);
    bad.apps[2].jwtCertificatePem = 'not a pem';
    await assert.rejects(startEmulator({ config: bad }), /jwtCertificatePem/);
  });
});
