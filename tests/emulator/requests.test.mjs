// "Try a request" and "Check setup" against the emulator: the REST resources a person tries (describe, create,
// read, update, delete; JSON and XML; Sforce-Limit-Info), their errors (#rest-errors), the discovery document
// (#discovery) and the authorize answers Check setup reads (#setup-check).
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from './server.mjs';
import { PKCE_APP, SECRET_APP, CALLBACK, request, bearer, webFlowTokens } from './helpers.mjs';

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.close(); });
beforeEach(() => emu.reset());

const HOST = 'acme.my.salesforce.com';
const V = '/services/data/v65.0';
const JSON_CT = { 'Content-Type': 'application/json', Accept: 'application/json' };
const XML_CT = { 'Content-Type': 'application/xml', Accept: 'application/xml' };
const api = (t, method, path, { headers = {}, body } = {}) => request(emu, { method, path, host: HOST, headers: { ...bearer(t), ...headers }, body });

describe('REST resources (#rest, #rest-errors)', () => {
  test('describe, create, read, update, delete an Account', async () => {
    const t = (await webFlowTokens(emu, PKCE_APP)).access_token;
    const d = await api(t, 'GET', `${V}/sobjects/Account/describe`);
    assert.equal(d.status, 200);
    assert.match(d.headers['sforce-limit-info'], /^api-usage=\d+\/15000$/);
    const name = d.json.fields.find((f) => f.name === 'Name');
    assert.equal(name.nillable, false);
    assert.equal(name.createable, true);
    assert.equal(d.json.urls.describe, `${V}/sobjects/Account/describe`);

    const created = await api(t, 'POST', `${V}/sobjects/Account/`, { headers: JSON_CT, body: JSON.stringify({ Name: 'Acme' }) });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.json).sort(), ['errors', 'id', 'success']);
    assert.match(created.json.id, /^001[A-Za-z0-9]{15}$/);
    const path = `${V}/sobjects/Account/${created.json.id}`;
    assert.equal((await api(t, 'GET', path)).json.Name, 'Acme');
    assert.equal((await api(t, 'PATCH', path, { headers: JSON_CT, body: '{"Phone":"555"}' })).status, 204);
    assert.equal((await api(t, 'GET', path)).json.Phone, '555');
    assert.equal((await api(t, 'DELETE', path)).status, 204);
    assert.deepEqual((await api(t, 'GET', path)).json, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });

  test('REST errors as Salesforce sends them', async () => {
    const t = (await webFlowTokens(emu, PKCE_APP)).access_token;
    const missing = await api(t, 'POST', `${V}/sobjects/Account/`, { headers: JSON_CT, body: '{"Phone":"555"}' });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.json, [{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]);
    const withId = await api(t, 'POST', `${V}/sobjects/Account/`, { headers: JSON_CT, body: '{"Id":"001000000000000AAA","Name":"x"}' });
    assert.deepEqual(withId.json, [{ message: 'The Id field should not be specified in the sobject data.', errorCode: 'INVALID_FIELD' }]);
    assert.equal((await api(t, 'POST', `${V}/sobjects/Account/`, { headers: JSON_CT, body: '{"Name":' })).json[0].errorCode, 'JSON_PARSER_ERROR');
    assert.equal((await api(t, 'POST', `${V}/sobjects/Account/`, { headers: JSON_CT, body: '{"Nope":1,"Name":"x"}' })).json[0].errorCode, 'INVALID_FIELD');
    assert.equal((await api(t, 'GET', `${V}/sobjects/Account/001bad`)).json[0].errorCode, 'MALFORMED_ID');
    const notAllowed = await api(t, 'POST', `${V}/limits`, { headers: JSON_CT, body: '{}' });
    assert.equal(notAllowed.status, 405);
    assert.equal(notAllowed.json[0].errorCode, 'METHOD_NOT_ALLOWED');
    assert.equal((await api(t, 'GET', `${V}/sobjects/Nope/describe`)).status, 404);
    emu.setSettings({ restApiEnabled: false });
    const disabled = await api(t, 'GET', `${V}/limits`);
    assert.equal(disabled.status, 403);
    assert.deepEqual(disabled.json, [{ message: 'The REST API is not enabled for this Organization.', errorCode: 'API_DISABLED_FOR_ORG' }]);
    emu.setSettings({ restApiEnabled: true });
    const bad = await api('00D5g000000FAKEEAA!nope', 'GET', `${V}/sobjects/Account/describe`);
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  test('XML in, XML out', async () => {
    const t = (await webFlowTokens(emu, PKCE_APP)).access_token;
    const created = await api(t, 'POST', `${V}/sobjects/Account/`, { headers: XML_CT, body: '<Account><Name>Acme &amp; Co</Name></Account>' });
    assert.equal(created.status, 201);
    assert.match(created.headers['content-type'], /^application\/xml/);
    assert.match(created.body, /^<\?xml version="1.0" encoding="UTF-8"\?><Result[^>]*><id>001\w{15}<\/id><success>true<\/success><\/Result>$/);
    const missing = await api(t, 'POST', `${V}/sobjects/Account/`, { headers: XML_CT, body: '<Account><Phone>1</Phone></Account>' });
    assert.equal(missing.status, 400);
    assert.match(missing.body, /<Errors><Error><message>Required fields are missing: \[Name\]<\/message><errorCode>REQUIRED_FIELD_MISSING<\/errorCode><fields>Name<\/fields><\/Error><\/Errors>/);
    const limits = await api(t, 'GET', `${V}/limits`, { headers: { Accept: 'application/xml' } });
    assert.match(limits.body, /<DailyApiRequests><Max>15000<\/Max>/);
  });
});

describe('what Check setup reads (#discovery, #setup-check)', () => {
  test('every host serves its discovery document, under a site prefix too', async () => {
    for (const [host, path, issuer] of [
      ['login.salesforce.com', '/.well-known/openid-configuration', 'https://login.salesforce.com'],
      [HOST, '/.well-known/openid-configuration', `https://${HOST}`],
      ['acme.my.site.com', '/partners/.well-known/openid-configuration', 'https://acme.my.site.com/partners'],
    ]) {
      const res = await request(emu, { path, host });
      assert.equal(res.status, 200, host);
      assert.equal(res.json.issuer, issuer);
      assert.equal(res.json.authorization_endpoint, `${issuer}/services/oauth2/authorize`);
      assert.equal('code_challenge_methods_supported' in res.json, false);
    }
  });

  const authorize = (app, { redirectUri = CALLBACK, challenge = true } = {}) => request(emu, {
    path: `/services/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: app.clientId ?? app, redirect_uri: redirectUri, state: 's',
      ...(challenge ? { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' } : {}),
    })}`,
  });

  test('a known key and callback: the login page; otherwise the bare text page', async () => {
    const good = await authorize(PKCE_APP);
    assert.equal(good.status, 200);
    assert.match(good.headers['content-type'], /^text\/html/);
    const unknown = await authorize('3MVG9FAKE.UNKNOWN');
    assert.equal(unknown.body, 'error=invalid_client_id&error_description=client%20identifier%20invalid');
    const mismatch = await authorize(PKCE_APP, { redirectUri: 'https://login.salesforce.com/other' });
    assert.equal(mismatch.body, 'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration');
  });

  test('without a challenge: a redirect when the app requires PKCE, the login page when not', async () => {
    const required = await authorize(PKCE_APP, { challenge: false });
    assert.equal(required.status, 302);
    assert.match(required.headers.location, /error=invalid_request&error_description=missing%20required%20code%20challenge/);
    const optional = await authorize(SECRET_APP, { challenge: false });
    assert.equal(optional.status, 200);
  });
});
