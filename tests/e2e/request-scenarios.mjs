// End-to-end scenarios for "Try a request" (the request panel under the token, "Copy as curl") and "Check setup"
// (the checklist on the profile form), in the real browsers against the emulator.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { DEADLINE_MS } from './page-driver.mjs';
import { openPopup } from './scenarios.mjs';

const V = '/services/data/v65.0';
const app = (emulator, name) => emulator.config.apps.find((a) => a.name === name);

async function until(condition, what, timeout = DEADLINE_MS) {
  for (const deadline = Date.now() + timeout; !(await condition());) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A token in the popup in one click: the integration app's username-password flow. */
async function popupWithToken(browser, emulator) {
  const integration = emulator.config.apps.find((a) => a.clientCredentialsUser);
  const user = emulator.config.users.find((u) => u.username.startsWith('integration@'));
  const popup = await openPopup(browser);
  await popup.fill('Name', 'Acme integration');
  await popup.select('Flow', 'Username-password');
  for (const [label, value] of Object.entries({
    'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId, 'Consumer secret': integration.clientSecret,
    Username: user.username, Password: user.password, 'Security token': user.securityToken,
  })) await popup.fill(label, value);
  await popup.click('Get token');
  await popup.waitForText('#token-org', /^00D/);
  return popup;
}

/** Opens the request panel; waits for the default path (the latest version's /limits). */
async function openPanel(popup) {
  // Both drivers (Playwright and WebDriver) run page scripts: the disclosure is opened as a click opens it.
  await popup.evaluate(() => document.querySelector('#request-panel summary').click());
  await until(async () => (await popup.evaluate(() => document.getElementById('request-path').value)) === `${V}/limits`,
    'the default path');
}

/** Sends what the panel holds and waits for its answer. */
async function send(popup) {
  await popup.click('Send');
  await until(() => popup.evaluate(() => !document.getElementById('request-panel').dataset.busy), 'the answer');
}

async function setPanel(popup, { method = 'GET', path, body, format = 'JSON' }) {
  await popup.select('Method', method);
  await popup.select('Format', format);
  if (path !== undefined) await popup.fill('Path', path);
  if (body !== undefined) await popup.fill('Body', body);
}

/** Runs `input` through a non-interactive bash; resolves with its status and output. */
function shell(input) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--norc', '--noprofile'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`bash did not finish: ${stderr}`)); }, DEADLINE_MS);
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
    child.stdin.end(input);
  });
}

/** The checklist's lines as {id: status}. */
const checklist = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('#setup-checklist li')].map((li) => [li.dataset.check, li.className])));

async function checkSetup(popup) {
  // The lines already shown are marked: the check starts after the host access answer and the module's first load,
  // so until then the previous checklist is still there, not busy, and must not be read as this one.
  await popup.evaluate(() => document.querySelectorAll('#setup-checklist li').forEach((li) => { li.dataset.previous = 'true'; }));
  await popup.click('Check setup');
  await until(() => popup.evaluate(() => !document.getElementById('setup-check').dataset.busy
    && !document.getElementById('setup-checklist').hidden
    && document.querySelector('#setup-checklist li') !== null
    && document.querySelector('#setup-checklist li[data-previous]') === null), 'the checklist');
  return checklist(popup);
}

/** A web-server profile in the form (not saved). */
async function webProfile(popup, { clientId, callback = 'https://login.salesforce.com/', loginUrl = 'login.salesforce.com' }) {
  await popup.fill('Name', 'Acme');
  await popup.select('Flow', 'Web server (log in in the browser)');
  await popup.fill('Login URL', loginUrl);
  await popup.fill('Consumer key', clientId);
  await popup.fill('Callback URL', callback);
}

export const requestScenarios = [
  {
    name: 'try a request: GET limits shows the status, the API usage header and the body pretty-printed',
    async run(browser, emulator) {
      const popup = await popupWithToken(browser, emulator);
      await openPanel(popup);
      const options = await popup.evaluate(() => [...document.querySelectorAll('#request-paths option')].map((o) => o.value));
      assert.ok(options.includes(`${V}/sobjects/Account/describe`), String(options));
      await send(popup);
      assert.equal(await popup.text('#request-summary'), `GET ${V}/limits answered 200 OK.`);
      assert.match(await popup.text('#request-headers'), /Sforce-Limit-Info\s*api-usage=\d+\/15000/);
      assert.match(await popup.text('#request-headers'), /Content-Type\s*application\/json/);
      const body = await popup.text('#request-response');
      assert.match(body, /^\{\n {2}"ConcurrentAsyncGetReportInstances": \{\n {4}"Max": 200,/);
      assert.ok(JSON.parse(body).DailyApiRequests.Max === 15000);
      const [sent] = emulator.log().filter((r) => r.path === `${V}/limits`);
      assert.equal(sent.host, emulator.config.org.myDomain + '.my.salesforce.com');
      assert.equal(sent.headers.accept, 'application/json');
      assert.equal(sent.headers.cookie, undefined);
    },
  },
  {
    name: 'try a request: a POST without Name, an org without API access and an expired session are explained with the fix',
    async run(browser, emulator) {
      const popup = await popupWithToken(browser, emulator);
      await openPanel(popup);
      await setPanel(popup, { method: 'POST', path: `${V}/sobjects/Account/`, body: '{"Phone": "555-0100"}' });
      await send(popup);
      assert.equal(await popup.text('#request-summary'), `POST ${V}/sobjects/Account/ answered 400 Bad Request.`);
      assert.match(await popup.text('#request-explanation'), /^REQUIRED_FIELD_MISSING: .*Name\..*Salesforce said: Required fields are missing: \[Name\]/);
      assert.match(await popup.text('#request-fix'), /Add Name to the body/);
      const [post] = emulator.log().filter((r) => r.method === 'POST' && r.path === `${V}/sobjects/Account/`);
      assert.equal(post.headers['content-type'], 'application/json');
      assert.equal(post.body, '{"Phone": "555-0100"}');

      // With Name, in XML: created.
      await setPanel(popup, { method: 'POST', path: `${V}/sobjects/Account/`, body: '<Account><Name>Acme</Name></Account>', format: 'XML' });
      await send(popup);
      assert.equal(await popup.text('#request-summary'), `POST ${V}/sobjects/Account/ answered 201 Created.`);
      assert.match(await popup.text('#request-response'), /^<\?xml[^\n]*\?>\n<Result[^\n]*>\n {2}<id>001\w{15}<\/id>\n {2}<success>true<\/success>\n<\/Result>$/);

      // An org whose edition has no API access: API_DISABLED_FOR_ORG, explained.
      emulator.setSettings({ restApiEnabled: false });
      await setPanel(popup, { method: 'GET', path: `${V}/limits` });
      await send(popup);
      assert.equal(await popup.text('#request-summary'), `GET ${V}/limits answered 403 Forbidden.`);
      assert.match(await popup.text('#request-explanation'), /^API_DISABLED_FOR_ORG: .*edition/);
      assert.match(await popup.text('#request-fix'), /Enterprise, Unlimited, Performance, Developer/);

      // The session ends at Salesforce (every token forgotten): INVALID_SESSION_ID, explained.
      emulator.reset();
      await setPanel(popup, { method: 'GET', path: `${V}/limits` });
      await send(popup);
      assert.equal(await popup.text('#request-summary'), `GET ${V}/limits answered 401 Unauthorized.`);
      assert.match(await popup.text('#request-explanation'), /^INVALID_SESSION_ID: /);
      assert.match(await popup.text('#request-fix'), /Refresh/);
    },
  },
  {
    name: 'try a request: a path to another host is refused before anything is sent',
    async run(browser, emulator) {
      const popup = await popupWithToken(browser, emulator);
      await openPanel(popup);
      emulator.clearLog();
      for (const [path, said] of [
        ['https://evil.example/services/data/', /only to its own instance/],
        ['//evil.example/services/data/', /starts with \/\//],
        ['/\\evil.example/services/data/', /backslash/],
        ['https://acme.my.salesforce.com@evil.example/x', /only to its own instance/],
      ]) {
        await setPanel(popup, { path });
        await send(popup);
        assert.match(await popup.text('#request-status'), said, path);
        assert.equal(await popup.visible('#request-result'), false);
      }
      assert.deepEqual(emulator.log(), []);
    },
  },
  {
    name: 'Copy as curl: the clipboard holds the same request, and bash (history expansion on) gets the same answer',
    async run(browser, emulator) {
      const popup = await popupWithToken(browser, emulator);
      await openPanel(popup);
      await setPanel(popup, { path: `${V}/sobjects/Account/describe` });
      await send(popup);
      const shown = JSON.parse(await popup.text('#request-response'));
      await popup.click('Copy as curl');
      await popup.waitForText('#request-status', /copied/);
      const command = await popup.readClipboard();
      assert.match(command, /^curl 'https:\/\/acme\.my\.salesforce\.com\/services\/data\/v65\.0\/sobjects\/Account\/describe' \\\n/);
      assert.match(command, /-H 'Authorization: Bearer 00D\w+![^'\s]+'/);
      // bash reading the command as typed, with history expansion on: `!` must survive inside the quotes.
      const script = [
        'set -o history -H',
        `curl() { command curl -sS -k --connect-to acme.my.salesforce.com:443:127.0.0.1:${emulator.port} "$@"; }`,
        command,
      ].join('\n');
      // Asynchronously: the emulator answering curl runs in this very process.
      const run = await shell(`${script}\n`);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), shown);
      const calls = emulator.log().filter((r) => r.path === `${V}/sobjects/Account/describe`);
      assert.equal(calls.length, 2);
      assert.equal(calls[1].headers.authorization, calls[0].headers.authorization);
    },
  },
  {
    name: 'check setup: a good profile is all green',
    async run(browser, emulator) {
      const popup = await openPopup(browser);
      await webProfile(popup, { clientId: app(emulator, 'sftoken PKCE app').clientId });
      assert.deepEqual(await checkSetup(popup), { login_host: 'pass', consumer_key: 'pass', callback: 'pass', pkce: 'pass' });
      assert.match(await popup.text('#setup-status'), /in order/);
      // Nobody logged in: no session, no code, no token asked for.
      assert.equal(emulator.log().some((r) => r.path === '/services/oauth2/token' || r.path.endsWith('/authorize/login')), false);
      const probes = emulator.log().filter((r) => r.path === '/services/oauth2/authorize');
      assert.equal(probes.length, 2);
      assert.equal(probes.filter((r) => r.query.code_challenge).length, 1);
    },
  },
  {
    name: 'check setup: an unknown consumer key, an unregistered callback, PKCE not required and a host that is not Salesforce are red with the fix',
    async run(browser, emulator) {
      const popup = await openPopup(browser);
      await webProfile(popup, { clientId: '3MVG9FAKE.UNKNOWN.sftoken.client.000000000000000000000000000000000009' });
      let lines = await checkSetup(popup);
      assert.equal(lines.consumer_key, 'fail');
      assert.match(await popup.text('#setup-checklist li[data-check="consumer_key"]'), /invalid_client_id.*Consumer Key/);

      await webProfile(popup, { clientId: app(emulator, 'sftoken PKCE app').clientId, callback: 'https://login.salesforce.com/elsewhere' });
      lines = await checkSetup(popup);
      assert.deepEqual([lines.consumer_key, lines.callback], ['pass', 'fail']);
      assert.match(await popup.text('#setup-checklist li[data-check="callback"]'), /redirect_uri_mismatch.*Add exactly https:\/\/login\.salesforce\.com\/elsewhere/);

      await webProfile(popup, { clientId: app(emulator, 'sftoken secret app').clientId });
      lines = await checkSetup(popup);
      assert.deepEqual([lines.callback, lines.pkce], ['pass', 'fail']);
      assert.match(await popup.text('#setup-checklist li[data-check="pkce"]'), /Require Proof Key for Code Exchange/);

      emulator.setFault('/.well-known/openid-configuration', 'not_json_200');
      lines = await checkSetup(popup);
      assert.equal(lines.login_host, 'fail');
      assert.match(await popup.text('#setup-checklist li[data-check="login_host"]'), /not Salesforce's OpenID configuration/);
    },
  },
  {
    name: 'check setup: client credentials on the My Domain says what the admin must enable',
    async run(browser, emulator) {
      const integration = emulator.config.apps.find((a) => a.clientCredentialsUser);
      const popup = await openPopup(browser);
      await popup.fill('Name', 'Acme server');
      await popup.select('Flow', 'Client credentials');
      await popup.fill('Login URL', 'acme.my.salesforce.com');
      await popup.fill('Consumer key', integration.clientId);
      await popup.fill('Consumer secret', integration.clientSecret);
      assert.deepEqual(await checkSetup(popup), { login_host: 'pass', consumer_key: 'pass', my_domain: 'pass', flow: 'unknown' });
      assert.match(await popup.text('#setup-checklist li[data-check="flow"]'), /Run As/);
      assert.equal(emulator.log().some((r) => r.path === '/services/oauth2/token'), false);
    },
  },
];
