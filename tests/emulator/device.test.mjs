// Device flow (#grants device rows; sfdx-core deviceOauthService.ts): code request,
// polling answers, the /setup/connect verification pages, in-process and control approval.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from './server.mjs';
import {
  PKCE_APP, INTEGRATION_APP, ADMIN, FORM_CT, form, token, request, expectTokenError, hiddenFields, sidCookie,
} from './helpers.mjs';

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

const start = (extra = {}, opts) => token(emu, { response_type: 'device_code', client_id: INTEGRATION_APP.clientId, scope: 'refresh_token web api', ...extra }, opts);
const poll = (deviceCode, extra = {}) => token(emu, { grant_type: 'device', client_id: INTEGRATION_APP.clientId, code: deviceCode, ...extra });

describe('device code request', () => {
  test('returns device_code, user_code, verification_uri on the serving host, interval 5', async () => {
    const res = await start({}, { host: `login.salesforce.com:${emu.port}` });
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(Object.keys(res.json), ['device_code', 'user_code', 'verification_uri', 'interval']);
    assert.match(res.json.user_code, /^[A-Z2-9]{8}$/);
    assert.ok(res.json.device_code.length >= 40);
    assert.equal(res.json.verification_uri, 'https://login.salesforce.com/setup/connect');
    assert.equal(res.json.interval, 5);
  });

  test('app without device flow → unsupported_grant_type (request and poll); unknown client → invalid_client_id', async () => {
    expectTokenError(await start({ client_id: PKCE_APP.clientId }), 'unsupported_grant_type', 'grant type not supported');
    expectTokenError(await poll('x', { client_id: PKCE_APP.clientId }), 'unsupported_grant_type', 'grant type not supported');
    expectTokenError(await start({ client_id: '3MVG9NOPE' }), 'invalid_client_id', 'client identifier invalid');
  });

  test('scope outside the app → invalid_scope', async () => {
    expectTokenError(await start({ scope: 'api full' }), 'invalid_scope', 'the requested scope is not allowed');
  });
});

describe('polling', () => {
  test('pending → 400 authorization_pending; too fast → slow_down; approved → tokens with refresh_token; single use', async () => {
    const { device_code: dc, user_code: uc } = (await start()).json;
    expectTokenError(await poll(dc), 'authorization_pending');
    expectTokenError(await poll(dc), 'slow_down');
    emu.clock.advance(5000);
    expectTokenError(await poll(dc), 'authorization_pending');
    emu.approveDevice(uc, ADMIN.username);
    const res = await poll(dc);
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(Object.keys(res.json),
      ['access_token', 'refresh_token', 'signature', 'scope', 'instance_url', 'id', 'token_type', 'issued_at']);
    assert.equal(res.json.scope, 'refresh_token web api');
    const refreshed = await token(emu, { grant_type: 'refresh_token', refresh_token: res.json.refresh_token, client_id: INTEGRATION_APP.clientId, client_secret: INTEGRATION_APP.clientSecret });
    assert.equal(refreshed.status, 200, refreshed.body);
    expectTokenError(await poll(dc), 'invalid_grant', 'expired authorization code');
  });

  test('denied → access_denied', async () => {
    const { device_code: dc, user_code: uc } = (await start()).json;
    emu.denyDevice(uc);
    expectTokenError(await poll(dc), 'access_denied', 'end-user denied authorization');
  });

  test('expires after 10 minutes; unknown code → expired authorization code', async () => {
    const { device_code: dc, user_code: uc } = (await start()).json;
    emu.clock.advance(10 * 60 * 1000 + 1);
    assert.throws(() => emu.approveDevice(uc, ADMIN.username), /no pending device code/);
    expectTokenError(await poll(dc), 'invalid_grant', 'expired authorization code');
    expectTokenError(await poll('M0Dnope'), 'invalid_grant', 'expired authorization code');
  });

  test('control endpoint POST /__emulator/device/approve', async () => {
    const { device_code: dc, user_code: uc } = (await start()).json;
    const bad = await request(emu, { method: 'POST', path: '/__emulator/device/approve', body: JSON.stringify({ userCode: 'NOPE', username: ADMIN.username }) });
    assert.equal(bad.status, 400);
    const ok = await request(emu, { method: 'POST', path: '/__emulator/device/approve', body: JSON.stringify({ userCode: uc.toLowerCase(), username: ADMIN.username }) });
    assert.equal(ok.status, 200, ok.body);
    assert.equal((await poll(dc)).status, 200);
    const second = (await start()).json;
    await request(emu, { method: 'POST', path: '/__emulator/device/approve', body: JSON.stringify({ userCode: second.user_code, decision: 'deny' }) });
    expectTokenError(await poll(second.device_code), 'access_denied');
  });
});

describe('verification page /setup/connect', () => {
  test('enter code → login → Allow → poll succeeds', async () => {
    const { device_code: dc, user_code: uc } = (await start()).json;
    const page = await request(emu, { path: '/setup/connect' });
    assert.equal(page.status, 200);
    assert.match(page.body, /<form id="device_form" method="post" action="https:\/\/login\.salesforce\.com\/setup\/connect">/);
    const login = await request(emu, { method: 'POST', path: '/setup/connect', headers: FORM_CT, body: form({ user_code: uc }) });
    assert.match(login.body, /id="login_form"[^>]*action="https:\/\/login\.salesforce\.com\/setup\/connect\/login"/);
    assert.equal(hiddenFields(login.body).user_code, uc);
    const wrong = await request(emu, { method: 'POST', path: '/setup/connect/login', headers: FORM_CT, body: form({ user_code: uc, username: ADMIN.username, pw: 'nope' }) });
    assert.match(wrong.body, /Please check your username and password/);
    const approval = await request(emu, { method: 'POST', path: '/setup/connect/login', headers: FORM_CT, body: form({ user_code: uc, username: ADMIN.username, pw: ADMIN.password }) });
    assert.match(approval.body, /Allow Access\?/);
    assert.match(approval.body, /sftoken integration app/);
    assert.match(approval.body, /action="https:\/\/login\.salesforce\.com\/setup\/connect\/approve"/);
    const cookie = sidCookie(approval);
    assert.ok(cookie);
    const done = await request(emu, {
      method: 'POST', path: '/setup/connect/approve', headers: { ...FORM_CT, Cookie: cookie },
      body: form({ ...hiddenFields(approval.body), decision: 'allow' }),
    });
    assert.match(done.body, /data-result="approved"/);
    const res = await poll(dc);
    assert.equal(res.status, 200, res.body);
    assert.match(res.json.id, new RegExp(`/id/00D5g000000FAKEEAA/${ADMIN.userId}$`));
  });

  test('with a session: code goes straight to Allow; Deny → access_denied', async () => {
    const first = (await start()).json;
    const login = await request(emu, { method: 'POST', path: '/setup/connect/login', headers: FORM_CT, body: form({ user_code: first.user_code, username: ADMIN.username, pw: ADMIN.password }) });
    const cookie = sidCookie(login);
    const second = (await start()).json;
    const approval = await request(emu, { method: 'POST', path: '/setup/connect', headers: { ...FORM_CT, Cookie: cookie }, body: form({ user_code: second.user_code }) });
    assert.match(approval.body, /Allow Access\?/);
    const done = await request(emu, { method: 'POST', path: '/setup/connect/approve', headers: { ...FORM_CT, Cookie: cookie }, body: form({ user_code: second.user_code, decision: 'deny' }) });
    assert.match(done.body, /data-result="denied"/);
    expectTokenError(await poll(second.device_code), 'access_denied');
  });

  test('invalid code: the form again with an error; approve without session → login form', async () => {
    const bad = await request(emu, { method: 'POST', path: '/setup/connect', headers: FORM_CT, body: form({ user_code: 'ZZZZZZZZ' }) });
    assert.match(bad.body, /id="device_form"/);
    assert.match(bad.body, /invalid or has expired/);
    const { user_code: uc } = (await start()).json;
    const noSession = await request(emu, { method: 'POST', path: '/setup/connect/approve', headers: FORM_CT, body: form({ user_code: uc, decision: 'allow' }) });
    assert.match(noSession.body, /id="login_form"/);
    const prefilled = await request(emu, { path: `/setup/connect?user_code=${uc}` });
    assert.match(prefilled.body, new RegExp(`id="user_code"[^>]*value="${uc}"`));
  });
});
