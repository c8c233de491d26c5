// Accessibility, end to end and in both browsers: every popup state and every extension page passes axe-core's
// WCAG 2.1 A/AA rules with no serious or critical violation, in the light and in the dark colour scheme; messages
// that appear later are in live regions; an error is marked by more than its colour; and the whole web-server path
// (profile, "Log in", Salesforce's pages, "Copy access token") works by keyboard alone with a visible focus.
// axe-core (tests/package.json) is injected through the drivers' evaluate: nothing of it ships.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEADLINE_MS } from './page-driver.mjs';
import { fixtures, openPopup } from './scenarios.mjs';

const AXE_SOURCE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
/** The rules the issue names: WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = ['serious', 'critical'];
export const COLOR_SCHEMES = ['light', 'dark'];

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (async) until it returns something truthy; fails with `what` after the deadline. */
async function until(probe, what) {
  for (const deadline = Date.now() + DEADLINE_MS; ; await wait(25)) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(typeof what === 'function' ? await what() : what);
  }
}

/**
 * axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now, one line each: the rule, its
 * impact, what it asks, and the elements (CSS selectors) that break it.
 * @returns {Promise<string[]>}
 */
export async function axeViolations(page) {
  const outcome = await page.evaluate(
    async ({ source, tags, impacts }) => {
      // The extension pages' CSP forbids eval for their own scripts; the drivers' evaluate runs as the browser's
      // automation, which it does not bind.
      if (typeof globalThis.axe === 'undefined') (0, eval)(source);
      const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations
        .filter((v) => impacts.includes(v.impact))
        .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('; ')}`);
    },
    { source: AXE_SOURCE, tags: WCAG_TAGS, impacts: FAILING_IMPACTS },
  );
  if (!Array.isArray(outcome)) throw new Error(`axe-core did not run: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** The page in `scheme` ('light' | 'dark'), once the page itself sees it in prefers-color-scheme. */
export async function showInScheme(browser, page, scheme) {
  await browser.setColorScheme(scheme);
  await until(
    () => page.evaluate((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, scheme === 'dark'),
    `the page never saw prefers-color-scheme: ${scheme}`,
  );
}

/**
 * Fails when `what` (a state of a page) has a serious or critical violation in either colour scheme; leaves the
 * page in the light one.
 */
async function assertAccessible(browser, page, what) {
  const found = [];
  try {
    for (const scheme of COLOR_SCHEMES) {
      await showInScheme(browser, page, scheme);
      for (const line of await axeViolations(page)) found.push(`[${scheme}] ${line}`);
    }
  } finally {
    await browser.setColorScheme('light');
  }
  assert.deepEqual(found, [], `${what}: ${found.length} serious or critical WCAG 2.1 A/AA violation(s):\n${found.join('\n')}`);
}

/**
 * Every element named is announced when its text changes: it, or an element around it, is a live region (aria-live
 * polite/assertive, or role status/alert/log).
 */
async function assertLiveRegions(page, ids, what) {
  const silent = await page.evaluate((list) => {
    const live = (el) => {
      for (let e = el; e; e = e.parentElement) {
        if (['polite', 'assertive'].includes(e.getAttribute('aria-live') ?? '')) return true;
        if (['status', 'alert', 'log'].includes(e.getAttribute('role') ?? '')) return true;
      }
      return false;
    };
    return list.filter((id) => !document.getElementById(id) || !live(document.getElementById(id)));
  }, ids);
  assert.deepEqual(silent, [], `${what}: messages that appear later but are not in a live region (or missing): ${silent.join(', ')}`);
}

/**
 * A message is announced only if its live region is already in the accessibility tree when the message is put in:
 * a screen reader often misses the first message of a region that appears (is unhidden or inserted) at the same
 * time. So before the messages of `ids` appear, the live region each sits in (itself or its nearest aria-live / status
 * / alert / log ancestor) must be on the page and not hidden (hidden, display: none, visibility: hidden, aria-hidden).
 */
async function assertLiveRegionsReady(page, ids, what) {
  const notReady = await page.evaluate((list) => {
    const isRoot = (e) => ['polite', 'assertive'].includes(e.getAttribute('aria-live') ?? '') || ['status', 'alert', 'log'].includes(e.getAttribute('role') ?? '');
    const hiddenFromTree = (el) => {
      if (getComputedStyle(el).visibility === 'hidden') return true;
      for (let e = el; e; e = e.parentElement) {
        if (e.hidden || e.getAttribute('aria-hidden') === 'true' || getComputedStyle(e).display === 'none') return true;
      }
      return false;
    };
    return list.flatMap((id) => {
      let root = document.getElementById(id);
      while (root && !isRoot(root)) root = root.parentElement;
      if (!root) return [`${id} (no live region)`];
      return hiddenFromTree(root) ? [`${id} (its live region #${root.id || root.tagName.toLowerCase()} is hidden)`] : [];
    });
  }, ids);
  assert.deepEqual(notReady, [], `${what}: live regions not in the accessibility tree before their message: ${notReady.join(', ')}`);
}

/**
 * An explained error is marked by more than its colour: the mark before the message (popup.css) is there, and the
 * card's edge differs in width, not only in colour, from a card without an error.
 */
async function assertErrorNotColourOnly(page, what) {
  const marks = await page.evaluate(() => {
    const box = document.getElementById('result');
    const message = document.getElementById('result-message');
    const before = getComputedStyle(message, '::before').content;
    const edge = parseFloat(getComputedStyle(box).borderLeftWidth);
    const plain = document.createElement('section');
    plain.className = 'card';
    document.body.append(plain);
    const plainEdge = parseFloat(getComputedStyle(plain).borderLeftWidth);
    plain.remove();
    return { error: box.classList.contains('error'), before, edge, plainEdge };
  });
  assert.ok(marks.error, `${what}: the result card is marked as an error`);
  assert.ok(marks.before && marks.before !== 'none' && marks.before !== 'normal', `${what}: a visible mark precedes the error message (got ${marks.before})`);
  assert.ok(marks.edge > marks.plainEdge, `${what}: the error card's edge is wider than a plain card's (${marks.edge} vs ${marks.plainEdge} px)`);
}

const FLOW_LABELS = {
  web_server: 'Web server (log in in the browser)',
  password: 'Username-password',
  client_credentials: 'Client credentials',
  jwt_bearer: 'JWT bearer',
  device: 'Device',
};

/** The lines a page's messages appear in, by page (see popup.html, result.html, device.html). */
const LIVE = {
  popup: ['result', 'lifecycle', 'form-status', 'copy-status'],
  result: ['result', 'lifecycle', 'form-status', 'copy-status'],
  device: ['result', 'device-status', 'lifecycle', 'copy-status'],
};

/** The popup's form switched to a new profile ("New profile…"), not the one it shows. */
async function newProfile(popup) {
  await popup.evaluate(() => {
    const select = /** @type {HTMLSelectElement} */ (document.getElementById('profile-select'));
    if (select.value === '') return;
    select.value = '';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await until(() => popup.evaluate(() => document.getElementById('name').value === ''), 'the form never cleared for a new profile');
}

/** Fills a web-server profile, clicks "Log in", and returns the login tab, signed in, at Salesforce's "Allow" page. */
async function loginUntilAllow(browser, emulator, name) {
  const { publicApp, user } = fixtures(emulator);
  const popup = await openPopup(browser);
  await newProfile(popup);
  await popup.fill('Name', name);
  await popup.fill('Login URL', 'login.salesforce.com');
  await popup.fill('Consumer key', publicApp.clientId);
  const next = browser.nextTab();
  await popup.click('Log in');
  const tab = await next;
  // A second login in the same browser finds the Salesforce session and skips the login form.
  const first = await tab.waitForText('body', /Username|Allow/);
  if (/Username/.test(first)) {
    await tab.fill('Username', user.username);
    await tab.fill('Password', user.password);
    await tab.click('Log In');
  }
  await tab.waitForText('body', /Allow/);
  return tab;
}

/** What has the focus: its id, or its tag and text, for messages. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { id: '', name: 'the page itself', indicator: null };
    const style = getComputedStyle(el);
    return {
      id: el.id,
      name: el.id ? `#${el.id}` : `${el.tagName.toLowerCase()} "${(el.textContent || /** @type {any} */ (el).value || '').trim()}"`,
      indicator: {
        focusVisible: el.matches(':focus-visible'),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
      },
    };
  });

/**
 * Presses Tab until the element with id `id` has the focus (at most `max` presses). On an extension page
 * (`ownPage`), every element the focus lands on must show it: :focus-visible, with an outline at least 2 px wide.
 */
async function tabTo(page, id, { ownPage = true, max = 40 } = {}) {
  const path = [];
  for (let presses = 0; presses < max; presses++) {
    await page.press('Tab');
    const now = await focused(page);
    path.push(now.name);
    if (ownPage && now.indicator) {
      const { focusVisible, outlineStyle, outlineWidth } = now.indicator;
      assert.ok(focusVisible, `${now.name} has the focus from the keyboard, so it matches :focus-visible`);
      assert.ok(outlineStyle !== 'none' && outlineWidth >= 2, `${now.name} shows its focus: outline ${outlineStyle} ${outlineWidth}px`);
    }
    if (now.id === id) return;
  }
  assert.fail(`#${id} never got the focus in ${max} Tab presses; the focus went: ${path.join(' → ')}`);
}

export const a11yScenarios = [
  {
    name: 'accessibility: the popup in every state passes axe (WCAG 2.1 A/AA, light and dark), its messages are announced',
    async run(browser, emulator) {
      const integration = emulator.config.apps.find((a) => a.clientCredentialsUser);
      const popup = await openPopup(browser);
      await assertLiveRegions(popup, LIVE.popup, 'the popup');
      await assertLiveRegionsReady(popup, ['result', 'form-status', 'paste-found', 'paste-status', 'setup-checklist', 'setup-status'], 'the popup at its start');
      await assertAccessible(browser, popup, 'the popup on first run (no profile yet)');
      for (const [flow, label] of Object.entries(FLOW_LABELS)) {
        await popup.select('Flow', label);
        await until(() => popup.evaluate((f) => document.getElementById('flow').value === f, flow), `the form never switched to ${flow}`);
        await assertAccessible(browser, popup, `the profile form for the ${label} flow`);
      }
      await popup.select('Flow', FLOW_LABELS.jwt_bearer);
      await popup.click('Generate key pair');
      await popup.waitForText('#form-status', /Key pair ready/);
      await assertAccessible(browser, popup, 'the JWT bearer form with a generated key pair and its certificate');

      // Client credentials against the My Domain: first with a wrong secret (an explained error), then the token.
      await popup.select('Flow', FLOW_LABELS.client_credentials);
      await popup.fill('Name', 'Acme accessible');
      await popup.fill('Login URL', 'login.salesforce.com');
      await popup.fill('Consumer key', integration.clientId);
      await popup.fill('Consumer secret', 'FAKE-WRONG-SECRET');
      // Refused before anything is sent (client credentials want the My Domain): the form's own error line.
      await popup.click('Get token');
      await popup.waitForText('#form-status', /My Domain/);
      const mark = await popup.evaluate(() => {
        const status = document.getElementById('form-status');
        return status.classList.contains('error') && getComputedStyle(status, '::before').content;
      });
      assert.ok(mark && mark !== 'none' && mark !== 'normal', `the form's error line carries a mark besides its colour (got ${mark})`);
      await assertAccessible(browser, popup, 'the popup with a refused profile (the form\'s error line)');
      await popup.fill('Login URL', 'https://acme.my.salesforce.com');
      await popup.click('Get token');
      await popup.waitForText('#result-code', /invalid_client/);
      await assertErrorNotColourOnly(popup, 'the popup\'s explained error');
      await assertAccessible(browser, popup, 'the popup with an explained error');
      await popup.fill('Consumer secret', integration.clientSecret);
      await popup.click('Get token');
      await popup.waitForText('#token-org', /^00D/);
      await assertAccessible(browser, popup, 'the popup with a token shown (masked)');
      await assertLiveRegionsReady(popup, ['lifecycle', 'copy-status'], 'the popup with a token, before any token action');
      await popup.click('Show');
      await popup.click('Who is this?');
      await until(() => popup.evaluate(() => !document.getElementById('lifecycle').dataset.busy && !document.getElementById('lifecycle').hidden), 'the answer to "Who is this?" never showed');
      await assertAccessible(browser, popup, 'the popup with the token revealed and the answer to "Who is this?"');
      await popup.click('Save');
      await popup.waitForText('#form-status', /Saved/);
      await popup.click('Delete');
      await popup.waitForText('#delete-dialog', /Revoke and delete/);
      assert.ok(await popup.visible('#delete-dialog'), 'the delete dialog is shown');
      await assertAccessible(browser, popup, 'the popup\'s delete dialog');
    },
  },
  {
    name: 'accessibility: the result page with a token and with an explained error passes axe (light and dark)',
    async run(browser, emulator) {
      // Deny first: once allowed, Salesforce would not ask again.
      const denied = await loginUntilAllow(browser, emulator, 'Acme accessible deny');
      await denied.click('Deny');
      await denied.waitForText('#result-code', 'access_denied');
      await assertLiveRegions(denied, LIVE.result, 'the result page');
      await assertErrorNotColourOnly(denied, 'the result page\'s explained error');
      await assertAccessible(browser, denied, 'the result page with an explained error (Deny at Salesforce)');

      const allowed = await loginUntilAllow(browser, emulator, 'Acme accessible result');
      await allowed.click('Allow');
      await allowed.waitForText('#token-org', /^00D/);
      await assertAccessible(browser, allowed, 'the result page with a token');
      await allowed.click('Copy access token');
      await allowed.waitForText('#copy-status', 'copied');
      await assertAccessible(browser, allowed, 'the result page after "Copy access token"');
    },
  },
  {
    name: 'accessibility: the device page with its code and with an explained error passes axe (light and dark)',
    async run(browser, emulator) {
      const integration = emulator.config.apps.find((a) => a.clientCredentialsUser);
      const popup = await openPopup(browser);
      await popup.fill('Name', 'Acme accessible device');
      await popup.select('Flow', FLOW_LABELS.device);
      await popup.fill('Login URL', 'login.salesforce.com');
      await popup.fill('Consumer key', integration.clientId);
      await popup.fill('Scopes', 'api');
      const next = browser.nextTab();
      await popup.click('Get token');
      const tab = await next;
      const code = await tab.waitForText('#device-code', /\S{4,}/);
      await assertLiveRegions(tab, LIVE.device, 'the device page');
      await assertLiveRegionsReady(tab, ['result', 'device-status'], 'the device page showing its code');
      await assertAccessible(browser, tab, 'the device page with the user code');
      emulator.denyDevice(code.trim());
      await tab.waitForText('#result-code', 'access_denied');
      await assertErrorNotColourOnly(tab, 'the device page\'s explained error');
      await assertAccessible(browser, tab, 'the device page with an explained error (denied)');
    },
  },
  {
    name: 'keyboard alone: fill the profile, Log in, allow and copy the token with Tab, Enter and Space, the focus always visible',
    async run(browser, emulator) {
      const { publicApp, user } = fixtures(emulator);
      const popup = await openPopup(browser);
      await tabTo(popup, 'name');
      await popup.type('Acme keyboard');
      await tabTo(popup, 'login-url');
      await popup.type('login.salesforce.com');
      await tabTo(popup, 'client-id');
      await popup.type(publicApp.clientId);
      await tabTo(popup, 'login');
      const next = browser.nextTab();
      await popup.press('Enter');
      const tab = await next;

      // Salesforce's login and "Allow" pages (the emulator's), by keyboard too.
      await tab.waitForText('body', /Username/);
      await tabTo(tab, 'username', { ownPage: false });
      await tab.type(user.username);
      await tabTo(tab, 'password', { ownPage: false });
      await tab.type(user.password);
      await tab.press('Enter');
      await tab.waitForText('body', /Allow/);
      await tabTo(tab, 'oaapprove', { ownPage: false });
      await tab.press('Space');

      await tab.waitForText('#token-org', /^00D/);
      assert.match(await tab.url(), /\/result\.html\?flow=/);
      await tabTo(tab, 'copy');
      await tab.press('Enter');
      await tab.waitForText('#copy-status', 'copied');
      const ok = emulator.log().filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token' && r.status === 200).at(-1);
      assert.ok(ok, 'the emulator issued a token');
      assert.equal(await tab.readClipboard(), JSON.parse(ok.responseBody).access_token, 'the clipboard holds exactly the issued token');
    },
  },
];
