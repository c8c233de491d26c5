// Shared helpers for the emulator's own tests (not a test file itself).
import assert from 'node:assert/strict';
import https from 'node:https';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadConfig } from './config.mjs';

export const base = loadConfig();
export const app = (name) => base.apps.find((a) => a.name === name);
export const PKCE_APP = app('sftoken PKCE app');
export const SECRET_APP = app('sftoken secret app');
export const INTEGRATION_APP = app('sftoken integration app');
export const ROTATING_APP = app('sftoken rotating app');
export const ADMIN = base.users.find((u) => u.username === 'admin@acme.example');
export const INTEGRATION_USER = base.users.find((u) => u.username === 'integration@acme.example');
export const CALLBACK = 'https://login.salesforce.com/';
export const FORM_CT = { 'Content-Type': 'application/x-www-form-urlencoded' };
export const form = (obj) => new URLSearchParams(obj).toString();

export function request(emu, { method = 'GET', path = '/', host = 'login.salesforce.com', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port: emu.port, method, path,
      servername: /^[\d.]+$/.test(host.split(':')[0]) ? undefined : host.split(':')[0],
      rejectUnauthorized: false, agent: false,
      headers: { Host: host, ...headers, ...(body !== undefined ? { 'Content-Length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => {
        let json;
        try { json = JSON.parse(data); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, body: data, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * Follows the My Domain hop (docs/salesforce.md#my-domain-hop): a 302 to
 * https://{myDomain}.my.salesforce.com/setup/secur/RemoteAccessAuthorizationPage.apexp?source=…
 * is requested on that host; returns the response that points at the callback.
 */
export async function followHop(emu, res) {
  const loc = res.status === 302 && res.headers.location && new URL(res.headers.location);
  if (!loc || !/\.my\.salesforce\.com$/.test(loc.hostname) || loc.pathname !== '/setup/secur/RemoteAccessAuthorizationPage.apexp') return res;
  const next = await request(emu, { path: loc.pathname + loc.search, host: loc.hostname });
  return { ...next, hop: loc.href };
}

export const token = (emu, params, { host = 'login.salesforce.com', headers = {} } = {}) =>
  request(emu, { method: 'POST', path: '/services/oauth2/token', host, headers: { ...FORM_CT, ...headers }, body: form(params) });

export const bearer = (t) => ({ Authorization: `Bearer ${t}` });
export const basic = (id, secret) => ({ Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

export function expectTokenError(res, error, description, status = 400) {
  assert.equal(res.status, status, res.body);
  assert.match(res.headers['content-type'], /^application\/json;charset=UTF-8/);
  assert.deepEqual(res.json, description === undefined
    ? { error, error_description: res.json.error_description } : { error, error_description: description });
}

export const hiddenFields = (html) => Object.fromEntries(
  [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
    .map(([, k, v]) => [k, v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'")]),
);
export const sidCookie = (res) => (res.headers['set-cookie'] || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('sid='));

/**
 * Web-server flow through the emulator's pages → token response JSON.
 * PKCE when the app requires it; secret when it requires one.
 */
export async function webFlowTokens(emu, theApp, { scope = 'api refresh_token id', user = ADMIN, host = 'login.salesforce.com' } = {}) {
  const verifier = crypto.randomBytes(48).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const params = { response_type: 'code', client_id: theApp.clientId, redirect_uri: CALLBACK, scope, code_challenge: challenge };
  const page = await request(emu, { path: `/services/oauth2/authorize?${form(params)}`, host });
  assert.equal(page.status, 200, page.body);
  const login = await request(emu, {
    method: 'POST', path: '/services/oauth2/authorize/login', host, headers: FORM_CT,
    body: form({ ...hiddenFields(page.body), username: user.username, pw: user.password }),
  });
  // Approved before (or pre-authorized): no approval page (docs/salesforce.md#approval).
  const res = login.status === 302 ? await followHop(emu, login) : await followHop(emu, await request(emu, {
    method: 'POST', path: '/services/oauth2/authorize/approve', host,
    headers: { ...FORM_CT, Cookie: sidCookie(login) },
    body: form({ ...hiddenFields(login.body), decision: 'allow' }),
  }));
  assert.equal(res.status, 302);
  const code = new URL(res.headers.location).searchParams.get('code');
  const t = await token(emu, {
    grant_type: 'authorization_code', code, client_id: theApp.clientId, redirect_uri: CALLBACK, code_verifier: verifier,
    ...(theApp.requireSecret ? { client_secret: theApp.clientSecret } : {}),
  }, { host });
  assert.equal(t.status, 200, t.body);
  return t.json;
}

/** Fresh RSA key + self-signed certificate (what the extension makes at run time). */
export function makeKeyAndCert(cn = 'sftoken-jwt') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-emulator-jwt-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1',
      '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-subj', `/CN=${cn}`], { stdio: 'ignore' });
    return {
      privateKey: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'),
      certPem: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8'),
    };
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

/** RS256 JWT (RFC 7519) signed with a PEM private key. */
export function signJwt(claims, privateKey, header = { alg: 'RS256' }) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(claims)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}
