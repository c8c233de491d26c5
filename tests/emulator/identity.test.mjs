// UserInfo and identity URL (#userinfo-and-identity-url), their error answers (#cors Missing_OAuth_Token;
// 403 for bad tokens, README), and the REST sliver (#userinfo-and-identity-url, #errors last row).
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from './server.mjs';
import {
  base, PKCE_APP, INTEGRATION_APP, ADMIN, INTEGRATION_USER, request, token, bearer, webFlowTokens,
} from './helpers.mjs';

const ORG = base.org.orgId;
let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

describe('userinfo (#userinfo-and-identity-url)', () => {
  test('OIDC claims for the token\'s user; sub = identity URL; urls with {version}', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const res = await request(emu, { path: '/services/oauth2/userinfo', host: 'acme.my.salesforce.com', headers: bearer(t.access_token) });
    assert.equal(res.status, 200, res.body);
    const j = res.json;
    assert.equal(j.sub, t.id);
    assert.equal(j.user_id, ADMIN.userId);
    assert.equal(j.organization_id, ORG);
    assert.equal(j.preferred_username, ADMIN.username);
    assert.equal(j.email, 'admin@acme.example');
    assert.equal(j.name, 'Fake Admin');
    assert.equal(j.given_name, 'Fake');
    assert.equal(j.family_name, 'Admin');
    assert.equal(j.zoneinfo, 'America/Los_Angeles');
    assert.equal(j.urls.rest, 'https://acme.my.salesforce.com/services/data/v{version}/');
    assert.equal(j.urls.sobjects, 'https://acme.my.salesforce.com/services/data/v{version}/sobjects/');
  });

  test('OAuth scheme accepted; missing token → 403 Missing_OAuth_Token; bad/revoked/expired → 403 Bad_OAuth_Token', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    assert.equal((await request(emu, { path: '/services/oauth2/userinfo', headers: { Authorization: `OAuth ${t.access_token}` } })).status, 200);
    const missing = await request(emu, { path: '/services/oauth2/userinfo' });
    assert.equal(missing.status, 403);
    assert.equal(missing.body, 'Missing_OAuth_Token');
    const bad = await request(emu, { path: '/services/oauth2/userinfo', headers: bearer('00Dnope!x') });
    assert.equal(bad.status, 403);
    assert.equal(bad.body, 'Bad_OAuth_Token');
    emu.clock.advance(2 * 60 * 60 * 1000 + 1);
    const expired = await request(emu, { path: '/services/oauth2/userinfo', headers: bearer(t.access_token) });
    assert.equal(expired.status, 403);
    assert.equal(expired.body, 'Bad_OAuth_Token');
  });
});

describe('identity URL (#userinfo-and-identity-url)', () => {
  test('GET the id from the token response: fields, {version} placeholders, version= fills them', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const path = new URL(t.id).pathname;
    assert.equal(path, `/id/${ORG}/${ADMIN.userId}`);
    const res = await request(emu, { path, headers: bearer(t.access_token) });
    assert.equal(res.status, 200, res.body);
    const j = res.json;
    assert.equal(j.id, t.id);
    assert.equal(j.user_id, ADMIN.userId);
    assert.equal(j.organization_id, ORG);
    assert.equal(j.username, ADMIN.username);
    assert.equal(j.display_name, 'Fake Admin');
    assert.equal(j.email, 'admin@acme.example');
    assert.equal(j.active, true);
    assert.equal(j.urls.rest, 'https://acme.my.salesforce.com/services/data/v{version}/');
    assert.equal(j.urls.enterprise, `https://acme.my.salesforce.com/services/Soap/c/{version}/${ORG}`);
    const v = await request(emu, { path: `${path}?version=62.0`, headers: bearer(t.access_token) });
    assert.equal(v.json.urls.rest, 'https://acme.my.salesforce.com/services/data/v62.0/');
    const latest = await request(emu, { path: `${path}?version=latest`, headers: bearer(t.access_token) });
    assert.equal(latest.json.urls.query, 'https://acme.my.salesforce.com/services/data/v65.0/query/');
  });

  test('oauth_token parameter; 15-char ids; another user or org → 403 Bad_Id; no token → 403 Missing_OAuth_Token', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const path = `/id/${ORG}/${ADMIN.userId}`;
    assert.equal((await request(emu, { path: `${path}?oauth_token=${encodeURIComponent(t.access_token)}` })).status, 200);
    assert.equal((await request(emu, { path: `/id/${ORG.slice(0, 15)}/${ADMIN.userId.slice(0, 15)}`, headers: bearer(t.access_token) })).status, 200);
    for (const p of [`/id/${ORG}/${INTEGRATION_USER.userId}`, `/id/00D000000000000AAA/${ADMIN.userId}`]) {
      const res = await request(emu, { path: p, headers: bearer(t.access_token) });
      assert.equal(res.status, 403);
      assert.equal(res.body, 'Bad_Id');
    }
    const none = await request(emu, { path });
    assert.equal(none.status, 403);
    assert.equal(none.body, 'Missing_OAuth_Token');
    const bad = await request(emu, { path, headers: bearer('nope') });
    assert.equal(bad.body, 'Bad_OAuth_Token');
  });
});

describe('REST (#userinfo-and-identity-url, #errors last row)', () => {
  const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
  const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

  test('GET /services/data/ without auth on any host: versions up to v65.0', async () => {
    for (const host of ['acme.my.salesforce.com', 'login.salesforce.com', `127.0.0.1:${emu.port}`]) {
      for (const path of ['/services/data/', '/services/data']) {
        const res = await request(emu, { path, host });
        assert.equal(res.status, 200);
        assert.match(res.headers['content-type'], /^application\/json/);
        assert.deepEqual(res.json[0], { label: "Summer '14", url: '/services/data/v31.0', version: '31.0' });
        assert.deepEqual(res.json.at(-1), { label: "Winter '26", url: '/services/data/v65.0', version: '65.0' });
        assert.deepEqual(res.json.find((v) => v.version === '64.0'), { label: "Summer '25", url: '/services/data/v64.0', version: '64.0' });
      }
    }
  });

  test('limits with Bearer and OAuth; DailyApiRequests counts calls', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const a = await request(emu, { path: '/services/data/v65.0/limits', host: 'acme.my.salesforce.com', headers: bearer(t.access_token) });
    assert.equal(a.status, 200, a.body);
    assert.equal(a.json.DailyApiRequests.Max, 15000);
    assert.equal(a.json.DailyApiRequests.Remaining, 14999);
    assert.ok(a.json.DataStorageMB);
    const b = await request(emu, { path: '/services/data/v60.0/limits/', headers: { Authorization: `OAuth ${t.access_token}` } });
    assert.equal(b.json.DailyApiRequests.Remaining, 14998);
  });

  test('sobjects/Account describe, version root, latest', async () => {
    const t = await webFlowTokens(emu, PKCE_APP);
    const res = await request(emu, { path: '/services/data/v65.0/sobjects/Account', headers: bearer(t.access_token) });
    assert.equal(res.status, 200);
    assert.equal(res.json.objectDescribe.name, 'Account');
    assert.equal(res.json.objectDescribe.keyPrefix, '001');
    assert.deepEqual(res.json.recentItems, []);
    const root = await request(emu, { path: '/services/data/latest', headers: bearer(t.access_token) });
    assert.equal(root.json.limits, '/services/data/v65.0/limits');
  });

  test('no/bad token → 401 INVALID_SESSION_ID; unknown version/resource → 404 NOT_FOUND', async () => {
    for (const headers of [{}, bearer('00D5g000000FAKEEAA!nope'), { Authorization: 'Basic abc' }]) {
      const res = await request(emu, { path: '/services/data/v65.0/limits', headers });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, INVALID_SESSION);
    }
    const t = await webFlowTokens(emu, PKCE_APP);
    for (const path of ['/services/data/v99.0/limits', '/services/data/v30.0/limits', '/services/data/v65.0/nope', '/services/data/v65.0/sobjects/Nope__c', '/services/data/vX/limits']) {
      const res = await request(emu, { path, headers: bearer(t.access_token) });
      assert.equal(res.status, 404, path);
      assert.deepEqual(res.json, NOT_FOUND);
    }
  });

  test('a token without the api scope is not valid for REST', async () => {
    const t = await webFlowTokens(emu, PKCE_APP, { scope: 'id' });
    const res = await request(emu, { path: '/services/data/v65.0/limits', headers: bearer(t.access_token) });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, [{ message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' }]);
  });

  test('client-credentials and JWT tokens work for REST too', async () => {
    const cc = await token(emu, { grant_type: 'client_credentials', client_id: INTEGRATION_APP.clientId, client_secret: INTEGRATION_APP.clientSecret }, { host: 'acme.my.salesforce.com' });
    const res = await request(emu, { path: '/services/data/v65.0/sobjects/Account', headers: bearer(cc.json.access_token) });
    assert.equal(res.status, 200);
    const ui = await request(emu, { path: '/services/oauth2/userinfo', headers: bearer(cc.json.access_token) });
    assert.equal(ui.json.preferred_username, INTEGRATION_USER.username);
  });
});
