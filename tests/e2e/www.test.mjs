// The standalone page (www/) end to end, in headless Chromium against the Salesforce emulator: the page served on
// http://localhost:<port>/ as a static host would serve it (./build.sh test e2e-www).
//
// - CORS allowed: the org allowlists the page's origin; the page is its own Callback URL, catches the code and
//   "Get token" gets the token in the page.
// - CORS refused: the origin is not allowlisted; the page says so and why, and the curl command it shows, run
//   against the emulator, gets the token (the page's probe left the code unused).
// - login.salesforce.com, the page its own callback: the login host never allows CORS; the page catches its code,
//   says why it cannot get the token itself, and the curl command gets the token.
// - The page's accessibility and dark mode: labels, live status regions, a visible focus, prefers-color-scheme.
// - A foreign state, on the page's own address or pasted, is refused and nothing is sent.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { startEmulator } from '../emulator/server.mjs';
import { launchWwwChromium, runCurl, serveWww, wwwEmulatorConfig } from './www-driver.mjs';

const MY_DOMAIN = 'acme.my.salesforce.com';

describe('www: the page that needs no install, in Chromium', () => {
  let site;
  let emulator;
  let browser;
  let app;
  let user;

  before(async () => {
    site = await serveWww();
    emulator = await startEmulator({ config: wwwEmulatorConfig(site.url) });
    app = emulator.config.apps.find((a) => a.requirePkce && !a.requireSecret);
    user = emulator.config.users[0];
  });
  beforeEach(async () => {
    emulator.reset();
    browser = await launchWwwChromium({ emulatorPort: emulator.port });
  });
  afterEach(async () => {
    await browser?.close();
    browser = null;
  });
  after(async () => {
    await emulator?.close();
    await site?.close();
  });

  /** The token requests the emulator received (what reached "Salesforce"). */
  const tokenPosts = () => emulator.log().filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token');

  /** Step 1 filled and "Build authorize URL" pressed; returns the page. */
  async function startLogin({ loginUrl, callbackUrl }) {
    const page = await browser.open(site.url);
    await page.fill('Login URL', loginUrl);
    await page.fill('Consumer key', app.clientId);
    if (callbackUrl) await page.fill('Callback URL', callbackUrl);
    await page.click('Build authorize URL');
    await page.waitForText('#start-status', 'Open the Salesforce login');
    return page;
  }

  /** The emulator's login form and "Allow", in whichever tab shows them. */
  async function logInAndAllow(tab) {
    await tab.fill('Username', user.username);
    await tab.fill('Password', user.password);
    await tab.click('Log In');
    await tab.click('Allow');
  }

  /** Logs in with the page as its own callback: the login runs in the page's tab and comes back to it. */
  async function loginComingBack(page) {
    await page.page.getByRole('link', { name: 'Open the Salesforce login' }).click();
    await logInAndAllow(page);
    await page.waitForText('#finish-status', 'Caught the code');
    assert.equal(await page.url(), site.url, 'the code is taken out of the address bar');
    assert.match(await page.page.inputValue('#callback'), /[?&]code=/);
  }

  it('CORS allowed: the page is its own callback and "Get token" gets the token in the page', async () => {
    emulator.setCorsAllowlist([site.origin]);
    await browser.grantClipboard(site.origin);
    const page = await startLogin({ loginUrl: MY_DOMAIN });
    assert.equal(await page.page.inputValue('#redirect-uri'), site.url, 'served from localhost, the page is the default Callback URL');
    await loginComingBack(page);
    await page.click('Get token');
    await page.waitForText('#finish-status', `Got the token directly: ${MY_DOMAIN} allows this page (${site.origin})`);
    assert.equal(await page.visible('#token'), true);
    assert.equal(await page.visible('#commands'), false);
    assert.match(await page.text('#token-org'), /^00D/);
    // Hidden by default, shown on request, copied whole.
    assert.equal(await page.page.getAttribute('#access-token', 'type'), 'password');
    await page.click('Show');
    assert.equal(await page.page.getAttribute('#access-token', 'type'), 'text');
    const token = await page.page.inputValue('#access-token');
    assert.match(token, /^00D/);
    await page.click('Copy access token');
    await page.waitForText('#copy-status', 'copied');
    assert.equal(await page.readClipboard(), token);
    // What reached the token endpoint: the probe (no code) and then the exchange, both from the page's origin.
    const posts = tokenPosts();
    assert.equal(posts.length, 2);
    assert.equal(posts[0].headers.origin, site.origin);
    assert.doesNotMatch(posts[0].body, /(^|&)code=/);
    assert.match(posts[1].body, /(^|&)code=/);
    assert.equal(posts[1].status, 200);
    // The token for another tool: the core's exportToken, copied inside the click.
    assert.equal(await page.visible('#exports'), true);
    await page.select('Copy as', 'Authorization header');
    await page.click('Copy');
    await page.waitForText('#copy-as-status', 'Copied as Authorization header');
    assert.equal(await page.readClipboard(), `Authorization: Bearer ${token}`);
    await page.select('Copy as', 'SFDX auth URL');
    await page.click('Copy');
    // With a refresh token (the default scopes ask for one) the URL the sf CLI imports; without, what is missing.
    const status = await page.waitForText('#copy-as-status', /Copied as SFDX auth URL|refresh_token/);
    if (status.startsWith('Copied')) assert.match(await page.readClipboard(), /^force:\/\/[^:]+::[^@]+@/);
  });

  it('CORS refused: the page says why, and the curl command it shows gets the token', async () => {
    emulator.setCorsAllowlist(['https://tools.acme.example']); // on, but not for this page
    const page = await startLogin({ loginUrl: MY_DOMAIN, callbackUrl: 'https://login.salesforce.com/' });
    // Not this page: the login opens in a new tab, and the person pastes the address it lands on.
    const nextTab = browser.nextTab();
    await page.page.getByRole('link', { name: 'Open the Salesforce login' }).click();
    const tab = await nextTab;
    await logInAndAllow(tab);
    await tab.waitForUrl(/^https:\/\/login\.salesforce\.com\/\?code=/);
    await page.fill('Redirect URL (with ?code=…&state=…)', await tab.url());
    await page.click('Get token');
    await page.waitForText('#finish-status', `${MY_DOMAIN} did not let this page (${site.origin}) read its answer`);
    assert.match(await page.text('#finish-status'), /The code is unused: run the command below\./);
    assert.match(await page.text('#finish-status'), new RegExp(`adds ${site.origin.replaceAll('.', '\\.')} to the CORS allowlist`));
    assert.equal(await page.visible('#commands'), true);
    assert.equal(await page.visible('#token'), false);
    assert.match(await page.text('#powershell'), /^Invoke-RestMethod -Method Post -Uri 'https:\/\/acme\.my\.salesforce\.com\/services\/oauth2\/token'/);
    // Only the probe reached Salesforce from the page, without a code; the browser refused to show its answer.
    const posts = tokenPosts();
    assert.equal(posts.length, 1);
    assert.doesNotMatch(posts[0].body, /(^|&)code=/);
    const answer = JSON.parse(await runCurl(await page.text('#curl'), emulator.port));
    assert.match(answer.access_token, /^00D/);
    assert.equal(answer.instance_url.startsWith('https://'), true);
  });

  it('localhost callback on login.salesforce.com: the page catches its own code, says why it cannot get the token itself, and the curl command gets it', async () => {
    emulator.setCorsAllowlist([site.origin]); // allowlisted, but login.salesforce.com never answers CORS
    const page = await startLogin({ loginUrl: 'login.salesforce.com' });
    await loginComingBack(page);
    await page.click('Get token');
    await page.waitForText('#finish-status', 'login.salesforce.com does not let web pages call its token endpoint');
    assert.match(await page.text('#finish-status'), /use your org's My Domain as the Login URL/);
    // "Make the token request" gives the same command without asking Salesforce.
    await page.click('Make the token request');
    await page.waitForText('#finish-status', 'Here is the token request');
    const curl = await page.text('#curl');
    assert.match(curl, /^curl -sS -X POST 'https:\/\/login\.salesforce\.com\/services\/oauth2\/token'/);
    assert.match(curl, /code_verifier=[A-Za-z0-9_-]{43,}/);
    assert.match(curl, new RegExp(`redirect_uri=${encodeURIComponent(site.url).replaceAll('.', '\\.')}`));
    const answer = JSON.parse(await runCurl(curl, emulator.port));
    assert.match(answer.access_token, /^00D/);
    // The code worked once: the same command again is refused by Salesforce.
    const again = JSON.parse(await runCurl(curl, emulator.port));
    assert.equal(again.error, 'invalid_grant');
  });

  it('the page: every field labelled, status messages announced, focus visible, dark mode from the system setting', async () => {
    const page = await browser.open(site.url);
    const report = () => page.evaluate(() => ({
      unlabelled: [...document.querySelectorAll('input')].filter((i) => i.labels.length === 0).map((i) => i.id),
      statuses: ['start-status', 'finish-status', 'copy-status', 'commands-status']
        .map((id) => document.getElementById(id))
        .filter((el) => el.getAttribute('role') !== 'status' || el.getAttribute('aria-live') !== 'polite').length,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    const light = await report();
    assert.deepEqual(light.unlabelled, []);
    assert.equal(light.statuses, 0);
    // The keyboard reaches the first button with a visible outline.
    await page.page.focus('#scopes');
    await page.page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { text: el.textContent, outline: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) };
    });
    assert.equal(focused.text, 'Build authorize URL');
    assert.notEqual(focused.outline, 'none');
    assert.ok(focused.width >= 2);
    await page.page.emulateMedia({ colorScheme: 'dark' });
    const dark = await report();
    const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((sum, v) => sum + Number(v), 0);
    assert.ok(luminance(light.background) > 600, light.background);
    assert.ok(luminance(dark.background) < 150, dark.background);
  });

  it('a foreign state is refused: on the page\'s own address and pasted, and nothing is sent', async () => {
    const page = await startLogin({ loginUrl: MY_DOMAIN });
    // Salesforce's redirect for a login this tab did not start (another tab, another person's link).
    await page.page.goto(`${site.url}?code=aPrxFOREIGN%3D%3D&state=not-this-tabs-state`);
    await page.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await page.waitForText('#finish-status', 'Refused: this page was opened with a code that does not answer a login started in this tab');
    assert.equal(await page.url(), site.url, 'the foreign code is taken out of the address bar too');
    assert.equal(await page.page.inputValue('#callback'), '');
    // Pasted instead: refused as well, by both buttons.
    await page.fill('Redirect URL (with ?code=…&state=…)', 'https://login.salesforce.com/?code=aPrxFOREIGN%3D%3D&state=not-this-tabs-state');
    await page.click('Get token');
    await page.waitForText('#finish-status', 'does not answer the login started in step 1');
    await page.click('Make the token request');
    await page.waitForText('#finish-status', 'does not answer the login started in step 1');
    assert.equal(await page.visible('#commands'), false);
    assert.equal(tokenPosts().length, 0, 'nothing reached the token endpoint');
  });
});
