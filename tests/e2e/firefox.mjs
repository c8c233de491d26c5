// The Firefox driver for the end-to-end scenarios: Debian's firefox-esr through geckodriver (WebDriver classic),
// the test build installed as a temporary add-on, and the Salesforce hosts resolved to the local emulator.
// Firefox maps host names to an IP only (network.dns.forceResolve), so the emulator must listen on port 443.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIREFOX = process.env.SFTOKEN_FIREFOX ?? '/usr/bin/firefox-esr';
export const GECKODRIVER = process.env.SFTOKEN_GECKODRIVER ?? join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'geckodriver');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
// WebDriver's code points for the keys the scenarios press by name (the same names as Playwright's).
const KEYS = { Tab: '\uE004', Enter: '\uE007', Space: ' ', Shift: '\uE008', Escape: '\uE00C', ArrowDown: '\uE015', ArrowUp: '\uE013' };

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Every wait is on a condition, with a deadline generous enough for a machine whose two cores are busy with other
// builds (CI): a condition that holds returns at once, so a long deadline costs nothing when all is well.
const DEADLINE_MS = Number(process.env.SFTOKEN_E2E_DEADLINE_MS ?? 60_000);
/** Polls `probe` until it returns something truthy; throws `what` after the deadline. */
async function until(probe, what, deadlineMs = DEADLINE_MS) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(typeof what === 'function' ? what() : what);
    await sleep(50);
  }
}

/** A minimal WebDriver client: one session, JSON over HTTP to geckodriver. */
class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }
  async call(method, path, body) {
    const url = this.session ? `${this.base}/session/${this.session}${path}` : `${this.base}${path}`;
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }
}

export async function launchFirefox({ extensionDir, emulatorPort, headless = true }) {
  if (emulatorPort !== 443) throw new Error('Firefox maps hosts to an IP only: start the emulator on port 443');
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const origin = `moz-extension://${uuid}`;
  const profileDir = mkdtempSync(join(tmpdir(), 'sftoken-firefox-'));
  const prefs = {
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
    'network.dns.forceResolve': '127.0.0.1',
    // Grant the add-on's host permissions at install, as a person does by accepting the install prompt.
    'extensions.originControls.grantByDefault': true,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'app.update.enabled': false,
    'network.captive-portal-service.enabled': false,
    'browser.safebrowsing.update.enabled': false,
    // Every host resolves to the emulator here: keep Firefox's own services from calling it.
    'services.settings.server': 'data:,#remote-settings-disabled/v1',
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.update.enabled': false,
    'toolkit.telemetry.enabled': false,
    'browser.ping-centre.telemetry': false,
    'network.connectivity-service.enabled': false,
    'dom.events.testing.asyncClipboard': true,
    'dom.events.asyncClipboard.readText': true,
  };
  writeFileSync(join(profileDir, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));

  const port = await freePort();
  const driverProcess = spawn(GECKODRIVER, ['--port', String(port), '--allow-system-access'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  driverProcess.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  let lastError = null;
  await until(
    () => wd.call('GET', '/status').then(() => true, (error) => ((lastError = error), false)),
    () => `geckodriver did not start: ${lastError?.message}\n${stderr}`,
  );
  const created = await wd.call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        acceptInsecureCerts: true,
        'moz:firefoxOptions': { binary: FIREFOX, args: [...(headless ? ['-headless'] : []), '-profile', profileDir], prefs: {} },
      },
    },
  });
  wd.session = created.sessionId;
  await wd.call('POST', '/moz/addon/install', { path: extensionDir, temporary: true });
  const first = await wd.call('GET', '/window');
  let current = first;
  let inChrome = false; // the session is in Firefox's chrome context (browser UI), not a tab's

  const focus = async (handle) => {
    if (current !== handle) {
      await wd.call('POST', '/window', { handle });
      current = handle;
    }
  };
  // Every tab a test has been handed. The next tab is the first handle not among them: taking a snapshot of the
  // handles when nextTab() is called would race with the click that opens the tab.
  const known = new Set([first]);
  const page = (handle) => {
    known.add(handle);
    return new FirefoxPage(wd, handle, focus);
  };
  const newTabAt = async (url) => {
    const { handle } = await wd.call('POST', '/window/new', { type: 'tab' });
    await focus(handle);
    await wd.call('POST', '/url', { url });
    return page(handle);
  };

  return {
    name: 'firefox',
    origin,
    openExtensionPage: (path = 'popup.html') => newTabAt(`${origin}/${path}`),
    open: (url) => newTabAt(url),
    async nextTab() {
      // Never asked while the session is in the chrome context (answerPermissionPrompt, setColorScheme): there
      // /window/handles lists browser windows, whose handle is no tab — taken for the new tab, it read the popup.
      const fresh = await until(
        async () => !inChrome && (await wd.call('GET', '/window/handles')).find((h) => !known.has(h)),
        'no new tab opened',
      );
      return page(fresh);
    },
    /**
     * Takes back every host permission (as a person can in Firefox), runs `action` (a click that must ask for
     * them), and answers Firefox's real permission prompt with Allow or Deny.
     */
    async answerPermissionPrompt(tab, action, allow) {
      await tab.evaluate(async () => browser.permissions.remove({ origins: (await browser.permissions.getAll()).origins }));
      await action();
      inChrome = true;
      await wd.call('POST', '/moz/context', { context: 'chrome' });
      try {
        await until(
          () =>
            wd.call('POST', '/execute/sync', {
              script: `const n = window.PopupNotifications?.panel?.querySelector('#addon-webext-permissions-notification');
              if (!n) return false;
              (arguments[0] ? n.button : n.secondaryButton).click();
              return true;`,
              args: [allow],
            }),
          'Firefox showed no permission prompt',
        );
      } finally {
        await wd.call('POST', '/moz/context', { context: 'content' });
        inChrome = false;
        current = null; // the next page call selects its window anew
      }
    },
    /**
     * The system's colour scheme ('light' or 'dark') as every page sees it in `prefers-color-scheme`: Firefox's
     * layout.css.prefers-color-scheme.content-override pref (0 dark, 1 light), set in the browser's chrome context;
     * open pages follow at once.
     */
    async setColorScheme(scheme) {
      if (scheme !== 'light' && scheme !== 'dark') throw new Error(`setColorScheme: 'light' or 'dark', not ${scheme}`);
      inChrome = true;
      await wd.call('POST', '/moz/context', { context: 'chrome' });
      try {
        await wd.call('POST', '/execute/sync', {
          script: "Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', arguments[0]);",
          args: [scheme === 'dark' ? 0 : 1],
        });
      } finally {
        await wd.call('POST', '/moz/context', { context: 'content' });
        inChrome = false;
        current = null; // as after the permission prompt
      }
    },
    async close() {
      await wd.call('DELETE', '').catch(() => {});
      driverProcess.kill();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

// In-page helpers, run with executeScript: they find controls the way a person does, by label and button name.
const FIND_BY_LABEL = `
  const [text] = arguments;
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent.replace(/\\s+/g, ' ').trim().startsWith(text));
  return label ? (label.control ?? document.getElementById(label.htmlFor)) : null;`;
const FIND_BUTTON = `
  const [name] = arguments;
  return [...document.querySelectorAll('button, input[type=submit], input[type=button]')]
    .find((b) => (b.textContent || b.value).trim() === name && !b.hidden && b.offsetParent !== null) ?? null;`;

/** One tab, driven by WebDriver; the same interface as page-driver.mjs (PageDriver) for Chromium. */
class FirefoxPage {
  constructor(wd, handle, focus) {
    this.wd = wd;
    this.handle = handle;
    this.focus = focus;
    this.lastUrl = '';
  }
  async script(body, args = []) {
    await this.focus(this.handle);
    return this.wd.call('POST', '/execute/sync', { script: body, args });
  }
  async waitForElement(body, args, what) {
    const el = await until(async () => {
      const found = await this.script(body, args).catch(() => null);
      return found && found[ELEMENT] ? found : null;
    }, `${what} not found`);
    return el[ELEMENT];
  }
  url() {
    return this.currentUrl();
  }
  async currentUrl() {
    await this.focus(this.handle);
    this.lastUrl = await this.wd.call('GET', '/url');
    return this.lastUrl;
  }
  async fill(label, value) {
    const id = await this.waitForElement(FIND_BY_LABEL, [label], `field labelled "${label}"`);
    await this.wd.call('POST', `/element/${id}/clear`, {});
    if (value) await this.wd.call('POST', `/element/${id}/value`, { text: value });
  }
  async click(buttonName) {
    const id = await this.waitForElement(FIND_BUTTON, [buttonName], `button "${buttonName}"`);
    await this.wd.call('POST', `/element/${id}/click`, {});
  }
  async check(label) {
    const id = await this.waitForElement(FIND_BY_LABEL, [label], `checkbox labelled "${label}"`);
    if (!(await this.script('return arguments[0].checked;', [{ [ELEMENT]: id }]))) {
      await this.wd.call('POST', `/element/${id}/click`, {});
    }
  }
  async select(label, optionText) {
    const id = await this.waitForElement(FIND_BY_LABEL, [label], `select labelled "${label}"`);
    const ok = await this.script(
      `const [select, text] = arguments;
       const option = [...select.options].find((o) => o.textContent.trim() === text);
       if (!option) return false;
       select.value = option.value;
       select.dispatchEvent(new Event('change', { bubbles: true }));
       return true;`,
      [{ [ELEMENT]: id }, optionText],
    );
    if (!ok) throw new Error(`no option "${optionText}" in "${label}"`);
  }
  async text(selector) {
    const t = await this.script('return document.querySelector(arguments[0])?.textContent ?? "";', [selector]);
    await this.currentUrl();
    return t;
  }
  async visible(selector) {
    return this.script('const e = document.querySelector(arguments[0]); return !!e && !e.hidden && e.offsetParent !== null;', [selector]);
  }
  async waitForText(selector, pattern, timeout = DEADLINE_MS) {
    const test = typeof pattern === 'string' ? (t) => t.includes(pattern) : (t) => pattern.test(t);
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      // Mid-navigation (callback → result page) a script may answer null: keep polling.
      last = (await this.text(selector).catch(() => '')) ?? '';
      if (test(last)) return last;
      await sleep(50);
    }
    throw new Error(`${selector} never matched ${pattern}; last text: ${JSON.stringify(last)} at ${this.lastUrl}`);
  }
  async evaluate(fn, arg) {
    await this.focus(this.handle);
    return this.wd.call('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1]; Promise.resolve((${fn})(arguments[0])).then(done, (e) => done({ __error: String(e) }));`,
      args: [arg ?? null],
    });
  }
  readClipboard() {
    return this.evaluate(() => navigator.clipboard.readText());
  }
  /** One key pressed and released where the focus is ('Tab', 'Shift+Tab', 'Enter', 'Space'): WebDriver key actions. */
  async press(key) {
    const keys = key.split('+').map((name) => KEYS[name] ?? name);
    await this.keyActions([...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))]);
  }
  /** Text typed key by key into the focused control. */
  async type(text) {
    await this.keyActions([...text].flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]));
  }
  async keyActions(actions) {
    await this.focus(this.handle);
    await this.wd.call('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.wd.call('DELETE', '/actions');
  }
  async screenshot(path) {
    await this.focus(this.handle);
    writeFileSync(path, Buffer.from(await this.wd.call('GET', '/screenshot'), 'base64'));
  }
  async close() {
    await this.focus(this.handle);
    const [open] = await this.wd.call('DELETE', '/window'); // WebDriver answers with the remaining handles
    if (open) await this.focus(open);
  }
}
