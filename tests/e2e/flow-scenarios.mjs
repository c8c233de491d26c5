// End-to-end scenarios for every flow besides the web-server login, and for what a token can do once it exists
// (refresh, who, still valid, test call, forget). Same drivers, same emulator as scenarios.mjs.
import { DEADLINE_MS } from './page-driver.mjs';
import assert from 'node:assert/strict';
import { openPopup } from './scenarios.mjs';

const FLOW_LABELS = {
  password: 'Username-password',
  client_credentials: 'Client credentials',
  jwt_bearer: 'JWT bearer',
  device: 'Device',
  web_server: 'Web server (log in in the browser)',
};

export function flowFixtures(emulator) {
  const { apps, users } = emulator.config;
  return {
    integration: apps.find((a) => a.clientCredentialsUser),
    rotating: apps.find((a) => a.rotateRefreshTokens),
    integrationUser: users.find((u) => u.username.startsWith('integration@')),
    admin: users[0],
  };
}

/** Fills a profile for `flow`: the fields that flow shows, in the order a person sees them. */
async function fillFlowProfile(popup, flow, fields) {
  await popup.fill('Name', fields.name);
  await popup.select('Flow', FLOW_LABELS[flow]);
  for (const [label, value] of Object.entries(fields)) {
    if (label !== 'name') await popup.fill(label, value);
  }
}

/** A web-server login through the popup and Salesforce's pages; returns the tab that became the result page. */
async function webLogin(browser, name, app, user) {
  const popup = await openPopup(browser);
  await popup.fill('Name', name);
  await popup.fill('Login URL', 'login.salesforce.com');
  await popup.fill('Consumer key', app.clientId);
  const next = browser.nextTab();
  await popup.click('Log in');
  const tab = await next;
  await tab.fill('Username', user.username);
  await tab.fill('Password', user.password);
  await tab.click('Log In');
  await tab.click('Allow');
  await tab.waitForText('#token-org', /^00D/);
  return tab;
}

const posts = (emulator, grant) =>
  emulator.log().filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token' && new URLSearchParams(r.body).get('grant_type') === grant);
const issued = (entry) => JSON.parse(entry.responseBody);

/** Waits until the token action just clicked has its answer on screen (lib/token-view.js marks #lifecycle busy meanwhile). */
const actionDone = (tab) => untilAsync(() => tab.evaluate(() => !document.getElementById('lifecycle').dataset.busy));

async function untilAsync(condition, timeout = DEADLINE_MS) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


export const flowScenarios = [
  {
    name: 'username-password: the security token is appended for the request, never shown joined',
    async run(browser, emulator) {
      const { integration, integrationUser: user } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'password', {
        name: 'Acme integration (password)', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId,
        'Consumer secret': integration.clientSecret, Username: user.username, Password: user.password, 'Security token': user.securityToken,
      });
      await popup.click('Get token');
      await popup.waitForText('#token-org', /^00D/);
      const [post] = posts(emulator, 'password');
      assert.equal(new URLSearchParams(post.body).get('password'), user.password + user.securityToken);
      await popup.click('Show');
      assert.equal(await popup.text('#token-value'), issued(post).access_token);
      assert.equal(await popup.evaluate(() => document.getElementById('password').value), user.password, 'the form keeps them apart');
    },
  },
  {
    name: 'username-password without the security token: "authentication failure" explained with its real causes',
    async run(browser, emulator) {
      const { integration, integrationUser: user } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'password', {
        name: 'Acme no token', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId,
        'Consumer secret': integration.clientSecret, Username: user.username, Password: user.password, 'Security token': '',
      });
      await popup.click('Get token');
      await popup.waitForText('#result-code', 'invalid_grant');
      const said = `${await popup.text('#result-message')} ${await popup.text('#result-hint')}`;
      assert.match(said, /security token/i);
      assert.match(said, /Login History/i);
    },
  },
  {
    name: 'client credentials on the My Domain gets a token; on login.salesforce.com it is refused before any request',
    async run(browser, emulator) {
      const { integration } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'client_credentials', {
        name: 'Acme client credentials', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId, 'Consumer secret': integration.clientSecret,
      });
      await popup.click('Get token');
      await popup.waitForText('#form-status', /My Domain/);
      assert.equal(posts(emulator, 'client_credentials').length, 0, 'nothing sent');
      await popup.fill('Login URL', 'https://acme.my.salesforce.com');
      await popup.click('Get token');
      await popup.waitForText('#token-org', /^00D/);
      const [post] = posts(emulator, 'client_credentials');
      assert.equal(post.host.split(':')[0], 'acme.my.salesforce.com');
      await popup.click('Show');
      assert.equal(await popup.text('#token-value'), issued(post).access_token);
    },
  },
  {
    name: 'JWT bearer: generate a key pair, upload the certificate, get a token; before the upload it is explained',
    async run(browser, emulator) {
      const { integration, integrationUser: user } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'jwt_bearer', {
        name: 'Acme JWT', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId, Username: user.username,
      });
      await popup.click('Generate key pair');
      await popup.waitForText('#form-status', /Key pair ready/);
      const certificate = await popup.evaluate(() => document.getElementById('certificate').value);
      assert.match(certificate, /^-----BEGIN CERTIFICATE-----/);
      await popup.click('Get token');
      await popup.waitForText('#result-code', 'invalid_grant');
      assert.match(await popup.text('#result-hint'), /certificate/i);
      emulator.setAppCertificate(integration.clientId, certificate);
      await popup.click('Get token');
      await popup.waitForText('#token-org', /^00D/);
      const ok = posts(emulator, 'urn:ietf:params:oauth:grant-type:jwt-bearer').filter((r) => r.status === 200);
      assert.equal(ok.length, 1);
      await popup.click('Show');
      assert.equal(await popup.text('#token-value'), issued(ok[0]).access_token);
    },
  },
  {
    name: 'device flow: the code is shown with its verification URL, approval ends the polling with a token',
    async run(browser, emulator) {
      const { integration, integrationUser: user } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'device', {
        name: 'Acme device', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId, Scopes: 'api',
      });
      const next = browser.nextTab();
      await popup.click('Get token');
      const tab = await next;
      const code = await tab.waitForText('#device-code', /\S{4,}/);
      assert.match(await tab.url(), /\/device\.html\?profile=/);
      assert.match(await tab.text('#device-url'), /^https:\/\/login\.salesforce\.com\/setup\/connect/);
      // A long wait shows its progress (issue 13): each poll is counted on the page.
      await tab.waitForText('#device-status', /asked Salesforce \d+ time/);
      emulator.approveDevice(code.trim(), user.username);
      await tab.waitForText('#token-org', /^00D/, 30000);
      const polls = posts(emulator, 'device');
      assert.ok(polls.length >= 1);
      await tab.click('Show');
      assert.equal(await tab.text('#token-value'), issued(polls.at(-1)).access_token);
    },
  },
  {
    name: 'device flow denied at Salesforce is explained',
    async run(browser, emulator) {
      const { integration } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'device', {
        name: 'Acme device denied', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId, Scopes: 'api',
      });
      const next = browser.nextTab();
      await popup.click('Get token');
      const tab = await next;
      const code = await tab.waitForText('#device-code', /\S{4,}/);
      emulator.denyDevice(code.trim());
      await tab.waitForText('#result-code', 'access_denied', 30000);
    },
  },
  {
    name: 'device flow: Cancel stops the polling, and nothing more is asked of Salesforce',
    async run(browser, emulator) {
      const { integration } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'device', {
        name: 'Acme device cancelled', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId, Scopes: 'api',
      });
      const next = browser.nextTab();
      await popup.click('Get token');
      const tab = await next;
      await tab.waitForText('#device-code', /\S{4,}/);
      await tab.click('Cancel');
      await tab.waitForText('#result-message', 'Cancelled');
      const polls = posts(emulator, 'device').length;
      // Longer than the interval Salesforce asked for: a poll still running would have been sent by now.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      assert.equal(posts(emulator, 'device').length, polls, 'no poll after Cancel');
    },
  },
  {
    name: 'a token\'s life: refresh with rotation, who is this, still valid, test call, forget',
    async run(browser, emulator) {
      const { rotating, admin } = flowFixtures(emulator);
      const tab = await webLogin(browser, 'Acme rotating', rotating, admin);

      // Refresh twice: the second works only if the rotated refresh token replaced the first.
      await tab.click('Refresh');
      await actionDone(tab);
      assert.match(await tab.text('#lifecycle-message'), /rotated/i);
      await tab.click('Refresh');
      await actionDone(tab);
      assert.match(await tab.text('#lifecycle-message'), /rotated/i);
      const refreshes = posts(emulator, 'refresh_token');
      assert.deepEqual(refreshes.map((r) => r.status), [200, 200]);
      assert.notEqual(new URLSearchParams(refreshes[0].body).get('refresh_token'), new URLSearchParams(refreshes[1].body).get('refresh_token'));
      const second = issued(refreshes[1]).access_token;
      await tab.click('Show');
      assert.equal(await tab.text('#token-value'), second);

      await tab.click('Who is this?');
      await actionDone(tab);
      assert.match(await tab.text('#lifecycle-details'), new RegExp(admin.username.replace('.', '\\.')));

      await tab.click('Still valid?');
      await actionDone(tab);
      // A public client has no secret to introspect with: the age and the session-timeout caveat are shown.
      assert.match(await tab.text('#lifecycle-message'), /issued|active|expire/i);
      assert.match(await tab.text('#lifecycle-hint'), /session timeout|expir/i);

      await tab.click('Test call');
      await actionDone(tab);
      assert.match(await tab.text('#lifecycle-details'), /DailyApiRequests/);

      await tab.click('Forget');
      await tab.waitForText('#result-message', /Forgot/);
      assert.ok(!(await tab.visible('#token')), 'the token is gone locally');
      const revoke = emulator.log().filter((r) => r.path === '/services/oauth2/revoke');
      assert.equal(revoke.length, 1);
      assert.equal(revoke[0].status, 200);
    },
  },
  {
    name: 'a refresh token revoked at Salesforce: "Refresh" explains it and says to log in again',
    async run(browser, emulator) {
      const { rotating, admin } = flowFixtures(emulator);
      const tab = await webLogin(browser, 'Acme revoked', rotating, admin);
      const [exchange] = emulator.log().filter((r) => r.path === '/services/oauth2/token' && r.status === 200);
      const revoked = await fetchEmulator(emulator, '/services/oauth2/revoke', `token=${encodeURIComponent(issued(exchange).refresh_token)}`);
      assert.equal(revoked, 200);
      await tab.click('Refresh');
      await actionDone(tab);
      assert.match(await tab.text('#lifecycle-details'), /invalid_grant/);
      assert.match(`${await tab.text('#lifecycle-message')} ${await tab.text('#lifecycle-hint')}`, /log in again/i);
      assert.ok(await tab.visible('#token'), 'nothing is lost: the token stays until the person decides');
    },
  },
  {
    name: 'introspection gives a countdown; a token revoked elsewhere fails the test call with the reason, and Forget keeps it until told',
    async run(browser, emulator) {
      const { integration, integrationUser: user } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'password', {
        name: 'Acme validity', 'Login URL': 'login.salesforce.com', 'Consumer key': integration.clientId,
        'Consumer secret': integration.clientSecret, Username: user.username, Password: user.password, 'Security token': user.securityToken,
      });
      await popup.click('Get token');
      await popup.waitForText('#token-org', /^00D/);
      await popup.click('Still valid?');
      await actionDone(popup);
      assert.match(await popup.text('#lifecycle-details'), /Expires/);
      assert.match(await popup.text('#lifecycle-details'), /yes/);
      // The access token is revoked elsewhere: the test call now fails and says why.
      const token = issued(posts(emulator, 'password')[0]).access_token;
      await fetchEmulator(emulator, '/services/oauth2/revoke', `token=${encodeURIComponent(token)}`);
      await popup.click('Test call');
      await actionDone(popup);
      assert.match(await popup.text('#lifecycle-details'), /INVALID_SESSION_ID/);
      await popup.click('Forget');
      await popup.waitForText('#lifecycle-message', /did not revoke/);
      assert.ok(await popup.visible('#token'), 'the local copy is kept until the person decides');
      await popup.click('Forget locally anyway');
      await popup.waitForText('#result-message', /Forgot/);
    },
  },
  {
    name: 'JWT bearer on an Experience Cloud site: the assertion\'s audience is the site URL with its path prefix',
    async run(browser, emulator) {
      const { integration, integrationUser: user } = flowFixtures(emulator);
      const popup = await openPopup(browser);
      await fillFlowProfile(popup, 'jwt_bearer', {
        name: 'Acme partners JWT', 'Login URL': 'https://acme.my.site.com/partners', 'Consumer key': integration.clientId, Username: user.username,
      });
      await popup.click('Generate key pair');
      await popup.waitForText('#form-status', /Key pair ready/);
      emulator.setAppCertificate(integration.clientId, await popup.evaluate(() => document.getElementById('certificate').value));
      await popup.click('Get token');
      await popup.waitForText('#token-org', /^00D/);
      const [post] = emulator.log().filter((r) => r.method === 'POST' && r.path.endsWith('/services/oauth2/token'));
      assert.equal(`${post.host.split(':')[0]}${post.path}`, 'acme.my.site.com/partners/services/oauth2/token');
      assert.equal(post.status, 200);
      const claims = JSON.parse(Buffer.from(new URLSearchParams(post.body).get('assertion').split('.')[1], 'base64url').toString());
      assert.equal(claims.aud, 'https://acme.my.site.com/partners');
      await popup.click('Show');
      assert.equal(await popup.text('#token-value'), issued(post).access_token);
    },
  },
  {
    name: 'an app that requires the secret to refresh: a public client logs in, and "Refresh" names "Require Secret for Refresh Token Flow"',
    async run(browser, emulator) {
      const { admin } = flowFixtures(emulator);
      const app = emulator.config.apps.find((a) => a.name === 'sftoken refresh-secret app');
      const tab = await webLogin(browser, 'Acme refresh secret', app, admin);
      assert.equal(await tab.text('#token-refresh'), 'yes');
      await tab.click('Refresh');
      await actionDone(tab);
      const [refresh] = posts(emulator, 'refresh_token');
      assert.equal(refresh.status, 400);
      assert.equal(new URLSearchParams(refresh.body).get('client_secret'), null, 'no secret to send');
      assert.match(await tab.text('#lifecycle-details'), /invalid_client/);
      const said = `${await tab.text('#lifecycle-message')} ${await tab.text('#lifecycle-hint')}`;
      assert.match(said, /Require Secret for Refresh Token Flow/);
      assert.ok(await tab.visible('#token'), 'the token stays');
    },
  },
  {
    name: 'Forget a token Salesforce already revoked: it says the token is already dead, and "Forget locally anyway" removes it',
    async run(browser, emulator) {
      const { rotating, admin } = flowFixtures(emulator);
      const tab = await webLogin(browser, 'Acme already revoked', rotating, admin);
      const [exchange] = posts(emulator, 'authorization_code');
      assert.equal(await fetchEmulator(emulator, '/services/oauth2/revoke', `token=${encodeURIComponent(issued(exchange).refresh_token)}`), 200);
      emulator.clearLog();
      await tab.click('Forget');
      await actionDone(tab);
      const [revoke] = emulator.log().filter((r) => r.path === '/services/oauth2/revoke');
      assert.equal(revoke.status, 400);
      assert.match(revoke.responseBody, /^error=invalid_token&/, 'Salesforce answers revoke errors form-encoded');
      assert.match(await tab.text('#lifecycle-message'), /already revoked|already .*(dead|invalid)/i);
      assert.ok(await tab.visible('#token'), 'kept until the person decides');
      await tab.click('Forget locally anyway');
      await tab.waitForText('#result-message', /Forgot/);
      assert.ok(!(await tab.visible('#token')), 'the token is gone locally');
    },
  },
  // docs/salesforce.md#concurrent-refresh: since Winter '25 an overlapping refresh gets invalid_grant "token request
  // is already being processed".
  {
    name: 'a refresh that overlaps another tool refreshing the same grant is explained as temporary',
    async run(browser, emulator) {
      const { admin } = flowFixtures(emulator);
      const app = emulator.config.apps.find((a) => a.requirePkce && !a.requireSecret && !a.rotateRefreshTokens);
      const tab = await webLogin(browser, 'Acme overlap', app, admin);
      await tab.waitForText('#token-org', /^00D/);
      // sftoken itself never overlaps two refreshes of one grant (tests/e2e/state-scenarios.mjs); another tool with
      // the same refresh token can — the sf CLI, a script. Salesforce then refuses the second one for a while.
      const refreshToken = issued(posts(emulator, 'authorization_code')[0]).refresh_token;
      emulator.setRefreshProcessingMs(3000);
      const outside = fetchEmulator(
        emulator,
        '/services/oauth2/token',
        new URLSearchParams({ grant_type: 'refresh_token', client_id: app.clientId, refresh_token: refreshToken }).toString(),
      );
      await untilAsync(async () => emulator.refreshesInFlight() === 1); // the outside refresh is being processed
      await tab.click('Refresh');
      await actionDone(tab);
      assert.equal(await outside, 200, 'the other tool got its token');
      const statuses = posts(emulator, 'refresh_token').map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 400]);
      assert.match(await tab.text('#lifecycle-details'), /invalid_grant/);
      assert.match(await tab.text('#lifecycle-message'), /still processing|overlap|temporar/i);
      assert.match(await tab.text('#lifecycle-hint'), /try again/i);
    },
  },
  {
    name: 'after a rotation in one page, "Refresh" in another page sends the new refresh token, not its stale copy',
    async run(browser, emulator) {
      const { rotating, admin } = flowFixtures(emulator);
      const tab = await webLogin(browser, 'Acme two pages', rotating, admin);
      const popup = await openPopup(browser); // shows the token as stored now
      await popup.waitForText('#token-org', /^00D/);
      await tab.click('Refresh');
      await actionDone(tab);
      assert.match(await tab.text('#lifecycle-message'), /rotated/i);
      // Reusing the rotated-out refresh token would make Salesforce revoke the whole grant (docs/salesforce.md#refresh-tokens).
      await popup.click('Refresh');
      await actionDone(popup);
      const [first, second] = posts(emulator, 'refresh_token');
      assert.equal(first.status, 200);
      assert.equal(new URLSearchParams(second.body).get('refresh_token'), issued(first).refresh_token, 'the current refresh token is sent');
      assert.equal(second.status, 200);
      assert.match(await popup.text('#lifecycle-message'), /Refreshed/);
    },
  },
];

async function fetchEmulator(emulator, path, body) {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: emulator.port, path, method: 'POST', rejectUnauthorized: false, servername: 'login.salesforce.com',
        headers: { host: 'login.salesforce.com', 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
