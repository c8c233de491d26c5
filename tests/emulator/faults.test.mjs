// Refresh details (docs/salesforce.md#refresh-tokens, #concurrent-refresh), the transient
// `unknown_error` (#transient-errors), fault modes (README "Fault modes") and CORS (#cors).
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startEmulator } from './server.mjs';
import {
  app, CALLBACK, FORM_CT, PKCE_APP, ROTATING_APP,
  bearer, expectTokenError, form, request, token, webFlowTokens,
} from './helpers.mjs';

const REFRESH_SECRET_APP = app('sftoken refresh-secret app');

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

const refresh = (theApp, rt, extra = {}, opts) =>
  token(emu, { grant_type: 'refresh_token', refresh_token: rt, client_id: theApp.clientId, ...extra }, opts);
const control = (method, path, body) =>
  request(emu, { method, path, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

/** Raw request that resolves {error} on a dropped connection and {timeout} when nothing comes back in `ms`. */
function rawPost(path, ms = 400) {
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port: emu.port, method: 'POST', path, servername: 'login.salesforce.com',
      rejectUnauthorized: false, agent: false, headers: { Host: 'login.salesforce.com', ...FORM_CT, 'Content-Length': 0 } },
    (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode })); });
    req.setTimeout(ms, () => { resolve({ timeout: true }); req.destroy(); });
    req.on('error', (error) => resolve({ error: error.code }));
    req.end();
  });
}

describe('refresh secret setting (#refresh-tokens)', () => {
  test('"Require Secret for Refresh Token Flow" alone: code exchange without secret works, refresh without it does not', async () => {
    const t = await webFlowTokens(emu, REFRESH_SECRET_APP); // PKCE, no secret: 200
    expectTokenError(await refresh(REFRESH_SECRET_APP, t.refresh_token), 'invalid_client', 'invalid client credentials');
    expectTokenError(await refresh(REFRESH_SECRET_APP, t.refresh_token, { client_secret: 'wrong' }), 'invalid_client', 'invalid client credentials');
    const ok = await refresh(REFRESH_SECRET_APP, t.refresh_token, { client_secret: REFRESH_SECRET_APP.clientSecret });
    assert.equal(ok.status, 200, ok.body);
    // The PKCE app (neither setting) refreshes without a secret.
    const p = await webFlowTokens(emu, PKCE_APP);
    assert.equal((await refresh(PKCE_APP, p.refresh_token)).status, 200);
  });
});

describe('overlapping refreshes (#concurrent-refresh)', () => {
  test('a second refresh of the same token while the first is processed → token request is already being processed', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    emu.setRefreshProcessingMs(300);
    const [a, b] = await Promise.all([refresh(PKCE_APP, t.refresh_token), refresh(PKCE_APP, t.refresh_token)]);
    const [ok, busy] = a.status === 200 ? [a, b] : [b, a];
    assert.equal(ok.status, 200, ok.body);
    expectTokenError(busy, 'invalid_grant', 'token request is already being processed');
    // Once the first is done, the token works again (no rotation on this app).
    assert.equal((await refresh(PKCE_APP, t.refresh_token)).status, 200);
  });

  test('rotation: the overlapping request does not count as reuse; the rotated token carries on', async () => {
    const t = await webFlowTokens(emu, ROTATING_APP);
    const res = await control('POST', '/__emulator/settings', { refreshProcessingMs: 200 });
    assert.equal(JSON.parse(res.body).refreshProcessingMs, 200);
    const [a, b] = await Promise.all([refresh(ROTATING_APP, t.refresh_token), refresh(ROTATING_APP, t.refresh_token)]);
    const ok = a.status === 200 ? a : b;
    assert.ok(ok.json.refresh_token && ok.json.refresh_token !== t.refresh_token);
    assert.equal((await refresh(ROTATING_APP, ok.json.refresh_token)).status, 200);
  });

  test('default 0 ms: back-to-back refreshes never collide; reset restores the loaded value', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const all = await Promise.all([1, 2, 3].map(() => refresh(PKCE_APP, t.refresh_token)));
    assert.deepEqual(all.map((r) => r.status), [200, 200, 200]);
    emu.setRefreshProcessingMs(50);
    emu.reset();
    assert.equal(emu.settings().refreshProcessingMs, 0);
    assert.equal((await control('POST', '/__emulator/settings', { nope: 1 })).status, 400);
    assert.equal((await control('POST', '/__emulator/settings', { refreshProcessingMs: -1 })).status, 400);
  });
});

describe('refresh token rotation and reuse (#refresh-tokens)', () => {
  test('reuse of a rotated-out token kills the current refresh token and every access token of the grant', async () => {
    const t = await webFlowTokens(emu, ROTATING_APP);
    const r1 = (await refresh(ROTATING_APP, t.refresh_token)).json;
    expectTokenError(await refresh(ROTATING_APP, t.refresh_token), 'invalid_grant', 'expired access/refresh token');
    expectTokenError(await refresh(ROTATING_APP, r1.refresh_token), 'invalid_grant', 'expired access/refresh token');
    for (const at of [t.access_token, r1.access_token]) {
      const res = await request(emu, { path: '/services/data/v65.0/limits', host: 'acme.my.salesforce.com', headers: bearer(at) });
      assert.equal(res.status, 401);
    }
  });
});

describe('transient unknown_error (#transient-errors)', () => {
  test('unknown_error / retry your request, HTTP 500 by default, for `count` requests', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    emu.setFault('/services/oauth2/token', 'unknown_error', { count: 1 });
    expectTokenError(await refresh(PKCE_APP, t.refresh_token), 'unknown_error', 'retry your request', 500);
    assert.equal((await refresh(PKCE_APP, t.refresh_token)).status, 200, 'cleared itself after one');
    await control('POST', '/__emulator/faults', { endpoint: '/services/oauth2/token', mode: 'unknown_error', status: 400 });
    expectTokenError(await refresh(PKCE_APP, t.refresh_token), 'unknown_error', 'retry your request', 400);
    expectTokenError(await refresh(PKCE_APP, t.refresh_token), 'unknown_error', 'retry your request', 400);
    await control('DELETE', '/__emulator/faults');
    assert.equal((await refresh(PKCE_APP, t.refresh_token)).status, 200);
  });
});

describe('fault modes (test tooling)', () => {
  const PATH = '/services/oauth2/token';

  test('html500, html503 with Retry-After, 429 with Retry-After, not_json_200', async () => {
    emu.setFault(PATH, 'html500');
    let res = await token(emu, {});
    assert.equal(res.status, 500);
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.match(res.body, /An internal server error has occurred/);
    emu.setFault(PATH, 'html503', { retryAfter: 30 });
    res = await token(emu, {});
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '30');
    assert.match(res.body, /<title>Service Unavailable<\/title>/);
    emu.setFault(PATH, '429', { retryAfter: 7 });
    res = await token(emu, {});
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '7');
    emu.setFault(PATH, 'not_json_200');
    res = await token(emu, {});
    assert.equal(res.status, 200);
    assert.equal(res.json, undefined);
    assert.match(res.body, /<!DOCTYPE html>/);
    assert.equal(emu.log().at(-1).status, 200, 'faulted requests are logged');
    // Other endpoints are untouched.
    assert.equal((await request(emu, { method: 'POST', path: '/services/oauth2/revoke', headers: FORM_CT, body: 'token=x' })).status, 400);
  });

  test('reset drops the connection; hang never answers until cleared', async () => {
    emu.setFault(PATH, 'reset');
    assert.ok((await rawPost(PATH)).error, 'connection dropped');
    emu.setFault(PATH, 'hang');
    const pending = rawPost(PATH, 5000);
    const early = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
    assert.equal(early, 'still waiting');
    emu.clearFaults();
    assert.ok((await pending).error, 'clearing destroys the hung connection');
    assert.equal((await token(emu, {})).status, 400, 'back to normal');
  });

  test('control API: set, list, prefix patterns, clear one, bad input', async () => {
    let res = await control('POST', '/__emulator/faults', { endpoint: '/id/*', mode: 'html503', retryAfter: 5, count: 2 });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body).faults['/id/*'], { mode: 'html503', retryAfter: 5, status: 500, remaining: 2 });
    assert.equal((await request(emu, { path: '/id/00D/005' })).status, 503);
    assert.equal((await request(emu, { path: '/id/00D/005' })).status, 503);
    assert.equal((await request(emu, { path: '/id/00D/005' })).status, 403, 'count used up');
    await control('POST', '/__emulator/faults', { endpoint: PATH, mode: 'html500' });
    await control('POST', '/__emulator/faults', { endpoint: '/services/oauth2/revoke', mode: 'html500' });
    res = await request(emu, { method: 'DELETE', path: `/__emulator/faults?endpoint=${encodeURIComponent(PATH)}` });
    assert.deepEqual(Object.keys(JSON.parse(res.body).faults), ['/services/oauth2/revoke']);
    assert.equal((await control('POST', '/__emulator/faults', { endpoint: PATH, mode: 'explode' })).status, 400);
    assert.equal((await control('POST', '/__emulator/faults', { mode: 'html500' })).status, 400);
    assert.throws(() => emu.setFault(PATH, 'html500', { retryAfter: -1 }), /retryAfter/);
    emu.reset();
    assert.deepEqual(emu.faults(), {}, 'reset clears faults');
  });

  test('redirect307: a 307 to another host (default or `location`), the body not used; bad location refused', async () => {
    emu.setFault(PATH, 'redirect307');
    let res = await token(emu, { grant_type: 'authorization_code', code: 'aPrx.x==', client_id: PKCE_APP.clientId });
    assert.equal(res.status, 307);
    assert.equal(res.headers.location, 'https://redirect-target.acme.example/redirect-target');
    assert.equal(emu.log().at(-1).status, 307, 'faulted requests are logged');
    await control('POST', '/__emulator/faults', { endpoint: PATH, mode: 'redirect307', location: 'https://proxy.example/collect' });
    assert.equal(emu.faults()[PATH].location, 'https://proxy.example/collect');
    res = await token(emu, {});
    assert.equal(res.headers.location, 'https://proxy.example/collect');
    assert.throws(() => emu.setFault(PATH, 'redirect307', { location: 'http://proxy.example/' }), /location/);
    assert.throws(() => emu.setFault(PATH, 'redirect307', { location: '/relative' }), /location/);
  });

  test('faults apply under an Experience Cloud prefix too', async () => {
    emu.setFault(PATH, 'html503');
    const res = await request(emu, { method: 'POST', path: `/partners${PATH}`, host: 'acme.my.site.com', headers: FORM_CT, body: '' });
    assert.equal(res.status, 503);
  });
});

describe('CORS on OAuth endpoints (#cors)', () => {
  const ORIGIN = 'https://tools.acme.example';
  const preflight = (host, origin = ORIGIN, path = '/services/oauth2/token') => request(emu, {
    method: 'OPTIONS', path, host,
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  const post = (host, origin = ORIGIN) => token(emu, { grant_type: 'refresh_token', refresh_token: 'x', client_id: PKCE_APP.clientId }, { host, headers: { Origin: origin } });

  test('off by default: no Access-Control-* header anywhere', async () => {
    for (const host of ['login.salesforce.com', 'acme.my.salesforce.com']) {
      const res = await post(host);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      assert.equal((await preflight(host)).headers['access-control-allow-origin'], undefined);
    }
  });

  test('on, allowlisted origin, My Domain or site host: preflight and response headers', async () => {
    emu.setCorsAllowlist([ORIGIN]);
    for (const host of ['acme.my.salesforce.com', 'acme--dev.sandbox.my.salesforce.com', 'acme.my.site.com']) {
      const pre = await preflight(host);
      assert.equal(pre.status, 200, host);
      assert.equal(pre.headers['access-control-allow-origin'], ORIGIN);
      assert.match(pre.headers['access-control-allow-methods'], /POST/);
      assert.equal(pre.headers['access-control-allow-headers'], 'content-type');
      const res = await post(host);
      assert.equal(res.status, 400); // the token error itself is unchanged
      assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
      assert.equal(res.headers.vary, 'Origin');
    }
    for (const path of ['/services/oauth2/revoke', '/services/oauth2/introspect']) {
      assert.equal((await preflight('acme.my.salesforce.com', ORIGIN, path)).headers['access-control-allow-origin'], ORIGIN);
    }
    // Not the authorize page, not userinfo (its own allowlist), not REST.
    assert.equal((await preflight('acme.my.salesforce.com', ORIGIN, '/services/oauth2/userinfo')).headers['access-control-allow-origin'], undefined);
  });

  test('never on login/test.salesforce.com; never for an origin outside the allowlist', async () => {
    const res = await control('POST', '/__emulator/cors', { allowlist: [ORIGIN] });
    assert.deepEqual(JSON.parse(res.body).corsAllowlist, [ORIGIN]);
    for (const host of ['login.salesforce.com', 'test.salesforce.com']) {
      assert.equal((await post(host)).headers['access-control-allow-origin'], undefined);
      assert.equal((await preflight(host)).headers['access-control-allow-origin'], undefined);
    }
    assert.equal((await post('acme.my.salesforce.com', 'https://evil.example')).headers['access-control-allow-origin'], undefined);
    emu.setCorsAllowlist([ORIGIN], { enabled: false });
    assert.equal((await post('acme.my.salesforce.com')).headers['access-control-allow-origin'], undefined);
  });

  test('a page on http://localhost:<port> (which the allowlist takes, #cors): allowlisted by its exact origin', async () => {
    const LOCAL = 'http://localhost:8080';
    emu.setCorsAllowlist([LOCAL]);
    const pre = await preflight('acme.my.salesforce.com', LOCAL);
    assert.equal(pre.status, 200);
    assert.equal(pre.headers['access-control-allow-origin'], LOCAL);
    assert.equal(pre.headers.vary, 'Origin');
    assert.equal((await post('acme.my.salesforce.com', LOCAL)).headers['access-control-allow-origin'], LOCAL);
    // Another port, 127.0.0.1 for localhost, https for http: other origins, refused (no CORS header at all).
    for (const other of ['http://localhost:8081', 'http://127.0.0.1:8080', 'https://localhost:8080']) {
      assert.equal((await preflight('acme.my.salesforce.com', other)).headers['access-control-allow-origin'], undefined, other);
      const res = await post('acme.my.salesforce.com', other);
      assert.equal(res.headers['access-control-allow-origin'], undefined, other);
      assert.equal(res.status, 400, 'the emulator still answers the request, without CORS headers (docs/salesforce.md#cors: the case in which a code sent from the page would be used up)');
    }
  });

  test('config: org corsOAuthEndpoints + corsAllowlist', async () => {
    const cfg = structuredClone(emu.config);
    Object.assign(cfg.org, { corsOAuthEndpoints: true, corsAllowlist: [ORIGIN] });
    const e2 = await startEmulator({ config: cfg });
    try {
      const res = await request(e2, { method: 'POST', path: '/services/oauth2/token', host: 'acme.my.salesforce.com',
        headers: { ...FORM_CT, Origin: ORIGIN }, body: form({ grant_type: 'authorization_code', code: 'x', client_id: PKCE_APP.clientId, redirect_uri: CALLBACK }) });
      assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
    } finally { await e2.close(); }
  });
});
