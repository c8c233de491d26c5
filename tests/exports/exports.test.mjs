// Each export of `exportToken`, checked by its real consumer (issue 11 §1):
//   header, curl, HTTPie  — the curl and HTTPie commands run (bash -c) against the emulator, through a CONNECT proxy
//                           that sends every https host to it, trusting its certificate; the emulator must see the token
//   dotenv                — parsed by the `dotenv` library
//   sf-cli                — run by bash, zsh and fish with a stand-in `sf` that reports what it received
//   sfdx-auth-url         — parsed by `@salesforce/core`'s AuthInfo.parseSfdxAuthUrl (what `sf org login sfdx-url` uses)
//   postman-environment   — loaded by Postman's own collection SDK (`postman-collection`), its variables resolving a
//                           request of Salesforce's "Salesforce Platform APIs" collection
// and every shell command through interactive bash, zsh and fish with history expansion on (a `!` in a
// double-quoted word would be expanded there), with stand-ins that report the argv and environment they got.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRequire } from 'node:module';
import { startEmulator } from '../emulator/server.mjs';
import { deviceToken, emulatorCertificate } from './emulator-token.mjs';

const require = createRequire(import.meta.url);

/**
 * Runs a command without blocking this process (the emulator and the proxy answer from it).
 * @returns {Promise<{status: number | null, stdout: string, stderr: string}>}
 */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
const dist = new URL('../../dist/pkg/', import.meta.url);
const API_VERSION = '60.0';

/** The shells an export must survive; bash is always there, zsh and fish come with build.sh's node suite needs. */
const SHELLS = ['bash', 'zsh', 'fish'];
const installed = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

let emulator;
let sf;
let token; // the core's token, as parseTokenResponse returns it
let app;
let proxy;
let dir;
const env = {};

before(async () => {
  const glue = await import(new URL('sftoken.js', dist).href);
  await glue.default({ module_or_path: readFileSync(new URL('sftoken_bg.wasm', dist)) });
  sf = glue;
  emulator = await startEmulator({ port: 0 });
  const issued = await deviceToken(emulator);
  app = issued.app;
  token = sf.parseTokenResponse(200, JSON.stringify(issued.token), app.clientSecret);
  assert.match(token.accessToken, /^00D\w+!/, 'the emulator issues session ids with a !');
  assert.ok(token.refreshToken);
  // Every CONNECT goes to the emulator: the commands run unchanged, with their real host names.
  proxy = createServer((client) => {
    client.once('data', (head) => {
      if (!/^CONNECT /.test(head.toString())) return client.destroy();
      const upstream = tcpConnect(emulator.port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'sftoken-exports-'));
  const ca = join(dir, 'emulator.pem');
  writeFileSync(ca, await emulatorCertificate(emulator));
  const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
  Object.assign(env, {
    ...process.env,
    HTTPS_PROXY: proxyUrl, https_proxy: proxyUrl, NO_PROXY: '', no_proxy: '',
    CURL_CA_BUNDLE: ca, REQUESTS_CA_BUNDLE: ca, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'),
  });
});

after(async () => {
  proxy?.close();
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const profile = (overrides = {}) => ({
  name: 'acme-dev', loginUrl: 'login.salesforce.com', allowCustomDomain: false, clientId: app.clientId, clientSecret: app.clientSecret, ...overrides,
});
const exported = (format, extra = {}) => sf.exportToken({ format, token, profile: profile(), apiVersion: API_VERSION, ...extra });

/** The emulator's log entries that carried this bearer token on a REST call. */
const restCallsWith = (accessToken) =>
  emulator.log().filter((r) => r.path.startsWith('/services/data/') && r.headers.authorization === `Bearer ${accessToken}`);

describe('exports read by their real consumers', () => {
  test('header: exactly "Authorization: Bearer <token>"', () => {
    const out = exported('header');
    assert.equal(out.text, `Authorization: Bearer ${token.accessToken}`);
    assert.equal(out.format, 'header');
    assert.ok(out.note);
  });

  test('curl: the command runs against the emulator and the REST API accepts the token', async () => {
    const out = exported('curl');
    const before = restCallsWith(token.accessToken).length;
    const ran = await run('bash', ['-c', out.text], { env });
    assert.equal(ran.status, 0, ran.stderr);
    const body = JSON.parse(ran.stdout);
    assert.equal(body.limits, `/services/data/v${API_VERSION}/limits`);
    const calls = restCallsWith(token.accessToken);
    assert.equal(calls.length, before + 1);
    assert.equal(calls.at(-1).host, new URL(token.instanceUrl).host);
  });

  test('HTTPie: the command runs against the emulator and the REST API accepts the token', async () => {
    assert.ok(installed('http'), 'HTTPie (`http`) is not installed: ./build.sh test node installs it (apt httpie)');
    const out = exported('httpie');
    const before = restCallsWith(token.accessToken).length;
    const ran = await run('bash', ['-c', out.text], { env });
    assert.equal(ran.status, 0, ran.stderr);
    assert.equal(JSON.parse(ran.stdout).limits, `/services/data/v${API_VERSION}/limits`);
    assert.equal(restCallsWith(token.accessToken).length, before + 1);
  });

  test('without apiVersion the commands call /services/data/', async () => {
    const out = sf.exportToken({ format: 'curl', token, profile: null, apiVersion: null });
    assert.match(out.text, /'https:\/\/[^']+\/services\/data\/'$/);
    const ran = await run('bash', ['-c', out.text], { env });
    assert.equal(ran.status, 0, ran.stderr);
    assert.ok(Array.isArray(JSON.parse(ran.stdout)), 'the version list');
  });

  test('dotenv: the dotenv library reads the token and the instance URL unchanged', () => {
    const dotenv = require('dotenv');
    const out = exported('dotenv');
    const parsed = dotenv.parse(out.text);
    assert.equal(parsed.SF_ACCESS_TOKEN, token.accessToken);
    assert.equal(parsed.SF_INSTANCE_URL, token.instanceUrl);
    assert.equal(parsed.SF_API_VERSION, API_VERSION);
    assert.equal(parsed.SF_ORG_ID, token.orgId);
    assert.equal(parsed.SF_USER_ID, token.userId);
    assert.equal(parsed.SF_CLIENT_ID, app.clientId);
    assert.equal(out.filename, '.env');
    // A shell's `source` reads it the same (the file is not interactive: no history expansion there either).
    const file = join(dir, 'exported.env');
    writeFileSync(file, out.text);
    const sourced = spawnSync('bash', ['-c', `set -a; . '${file}'; printf %s "$SF_ACCESS_TOKEN"`], { encoding: 'utf8' });
    assert.equal(sourced.stdout, token.accessToken);
  });

  test('sfdx-auth-url: @salesforce/core parses it back into the consumer key, secret, refresh token and host', () => {
    const { AuthInfo } = require('@salesforce/core');
    const out = exported('sfdx-auth-url');
    const parsed = AuthInfo.parseSfdxAuthUrl(out.text);
    assert.equal(parsed.clientId, app.clientId);
    assert.equal(parsed.clientSecret, app.clientSecret);
    assert.equal(parsed.refreshToken, token.refreshToken);
    assert.equal(parsed.loginUrl, token.instanceUrl);
    // A public client: the secret part is empty, and @salesforce/core still reads it.
    const publicClient = sf.exportToken({ format: 'sfdx-auth-url', token, profile: profile({ clientSecret: null }), apiVersion: null });
    assert.equal(publicClient.text, `force://${app.clientId}::${token.refreshToken}@${new URL(token.instanceUrl).host}`);
    assert.equal(AuthInfo.parseSfdxAuthUrl(publicClient.text).refreshToken, token.refreshToken);
    // What sftoken's own Paste reads back.
    const pasted = sf.classifyPaste(out.text);
    assert.equal(pasted.kind, 'sfdx_auth_url');
    assert.equal(pasted.refreshToken, token.refreshToken);
  });

  test('sfdx-auth-url without a refresh token says what is missing and how to get it', () => {
    assert.throws(
      () => sf.exportToken({ format: 'sfdx-auth-url', token: { ...token, refreshToken: null }, profile: profile(), apiVersion: null }),
      (error) => error.code === 'missing_refresh_token' && /refresh_token/.test(error.hint) && Boolean(error.message),
    );
  });

  test('postman-environment: Postman\'s collection SDK loads it and resolves the collection\'s requests with it', () => {
    const { VariableScope } = require('postman-collection');
    const out = exported('postman-environment');
    assert.match(out.filename, /\.postman_environment\.json$/);
    const environment = JSON.parse(out.text);
    assert.equal(environment._postman_variable_scope, 'environment');
    const scope = new VariableScope(environment);
    assert.equal(scope.get('_accessToken'), token.accessToken);
    assert.equal(scope.get('_endpoint'), token.instanceUrl);
    assert.equal(scope.get('url'), 'https://login.salesforce.com');
    assert.equal(scope.get('clientId'), app.clientId);
    // The token and the consumer secret are marked secret.
    const byKey = Object.fromEntries(environment.values.map((v) => [v.key, v]));
    assert.equal(byKey._accessToken.type, 'secret');
    assert.equal(byKey.clientSecret.type, 'secret');
    // The variable names of Salesforce's "Salesforce Platform APIs" collection (docs/salesforce.md#postman): its
    // REST requests are {{_endpoint}}/services/data/v{{version}}/…, authorised with {{_accessToken}}.
    for (const key of Object.keys(byKey)) {
      assert.ok(['url', 'site', 'version', 'clientId', 'clientSecret', '_endpoint', '_accessToken', '_orgId', '_userId'].includes(key), key);
    }
    assert.equal(scope.replaceIn('{{_endpoint}}/services/data/v{{version}}/limits'), `${token.instanceUrl}/services/data/v${API_VERSION}/limits`);
    assert.equal(scope.replaceIn('Bearer {{_accessToken}}'), `Bearer ${token.accessToken}`);
    assert.equal(scope.replaceIn('{{url}}{{site}}/services/oauth2/token'), 'https://login.salesforce.com/services/oauth2/token');
  });
});

describe('shell exports survive bash, zsh and fish with history expansion', () => {
  let stubs;
  before(() => {
    stubs = join(dir, 'stubs');
    mkdirSync(stubs, { recursive: true });
    // Stand-ins for curl, http and sf: they report the argv and SF_ACCESS_TOKEN they were given, one JSON line.
    for (const name of ['curl', 'http', 'sf']) {
      const file = join(stubs, name);
      writeFileSync(file, `#!${process.execPath}\nconsole.log('STUB' + JSON.stringify({ argv: process.argv.slice(2), token: process.env.SF_ACCESS_TOKEN ?? null }));\n`);
      chmodSync(file, 0o755);
    }
  });

  /**
   * Runs `command` as typed into an interactive shell (history expansion on in bash and zsh), its input a file (fish
   * cannot read its commands from the socket node's `input` would be).
   */
  function interactive(shell, command) {
    const args = { bash: ['--norc', '--noprofile', '-i'], zsh: ['-f', '-i'], fish: ['--no-config', '-i'] }[shell];
    const typed = join(dir, `${shell}.typed`);
    writeFileSync(typed, `${command}\nexit\n`);
    const input = openSync(typed, 'r');
    const run = spawnSync(shell, args, {
      stdio: [input, 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000,
      env: { ...env, PATH: `${stubs}:${process.env.PATH}`, HISTFILE: join(dir, `${shell}.history`), TERM: 'dumb' },
    });
    closeSync(input);
    const line = `${run.stdout}`.split('\n').find((l) => l.startsWith('STUB'));
    return { run, got: line ? JSON.parse(line.slice(4)) : null };
  }

  const tokens = () => [
    token.accessToken,
    // The hardest shapes shell_quote handles: quotes, backslashes, history designators, expansions.
    "00D5g000000FAKE!AQ!!x'y\\z!$HOME`id`$(id)*?[a]",
  ];

  for (const shell of SHELLS) {
    test(`${shell}: curl, HTTPie and sf-cli commands reach the program with the token unchanged`, () => {
      assert.ok(installed(shell), `${shell} is not installed: ./build.sh test node installs it (apt ${shell})`);
      if (shell !== 'fish') {
        // The shell really expands history here: a double-quoted ! would have been rewritten.
        const { run } = interactive(shell, 'echo "x!-1y"');
        assert.doesNotMatch(`${run.stdout}`, /^x!-1y$/m, `${shell} did not run with history expansion`);
      }
      for (const accessToken of tokens()) {
        const t = { ...token, accessToken };
        const url = `${token.instanceUrl}/services/data/v${API_VERSION}/`;
        const curl = interactive(shell, sf.exportToken({ format: 'curl', token: t, profile: null, apiVersion: API_VERSION }).text);
        assert.deepEqual(curl.got?.argv, ['-sS', '-H', `Authorization: Bearer ${accessToken}`, url], curl.run.stderr);
        const http = interactive(shell, sf.exportToken({ format: 'httpie', token: t, profile: null, apiVersion: API_VERSION }).text);
        assert.deepEqual(http.got?.argv, ['GET', url, `Authorization:Bearer ${accessToken}`], http.run.stderr);
        const cli = interactive(shell, sf.exportToken({ format: 'sf-cli', token: t, profile: profile(), apiVersion: null }).text);
        assert.deepEqual(cli.got, {
          argv: ['org', 'login', 'access-token', '--instance-url', token.instanceUrl, '--no-prompt', '--alias', 'acme-dev'],
          token: accessToken,
        }, cli.run.stderr);
      }
    });
  }
});
