// ./build.sh screenshots: pictures of the real extension (dist/chrome, the shipped build) driven against the
// Salesforce emulator in headless Chromium, in the light and the dark colour scheme, so they never go stale.
// Writes, into store/screenshots/ (or the folder given as the first argument):
//   <view>-<scheme>.png              the page at its own size, for the README
//   store/<view>-<scheme>.png        1280×800, the size the Chrome Web Store asks for (addons.mozilla.org takes it too)
// Each view is one entry of VIEWS below: its name, its caption, and `show`, which brings the extension to that state
// and returns the tab to photograph (and, optionally, `when`, which says whether this build has the view at all).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/server.mjs';
import { launchChromium } from '../e2e/chromium.mjs';
import { fixtures, openPopup } from '../e2e/scenarios.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = process.argv[2] ?? join(root, 'store/screenshots');
const SCHEMES = ['light', 'dark'];
const STORE = { width: 1280, height: 800 };
/** The popup's own width (popup.css: body 380 px, padding included), and a tab page's. */
const POPUP_WIDTH = 380;
const PAGE_WIDTH = 640; // popup.css lays a tab out as a 560 px column from 640 px on

/** Fills a web-server profile in the popup and clicks "Log in"; returns the popup and the login tab at "Allow". */
async function logIn(browser, emulator, profile) {
  const { user } = fixtures(emulator);
  const popup = await openPopup(browser);
  // A new profile, not the one the popup shows (editing that one would keep its token).
  await popup.page.getByLabel('Profile', { exact: true }).selectOption({ label: 'New profile…' });
  await popup.waitForText('#form-title', 'New org profile');
  await popup.fill('Name', profile.name);
  await popup.fill('Login URL', profile.loginUrl ?? 'acme.my.salesforce.com');
  await popup.fill('Consumer key', profile.clientId);
  await popup.fill('Consumer secret', profile.clientSecret ?? '');
  const next = browser.nextTab();
  await popup.click('Log in');
  const tab = await next;
  // The second login in this browser finds the Salesforce session and skips the login form.
  if (/Username/.test(await tab.waitForText('body', /Username|Allow/))) {
    await tab.fill('Username', user.username);
    await tab.fill('Password', user.password);
    await tab.click('Log In');
  }
  await tab.waitForText('body', /Allow/);
  await tab.click('Allow');
  return { popup, tab };
}

/**
 * The views, in the order the README shows them. `show(context)` returns {page, width}: the tab to photograph and
 * the width to lay it out at. Add an entry for a new view; `when(context)` (optional) skips it in a build without it.
 */
const VIEWS = [
  {
    name: 'result',
    caption: 'The login tab becomes the result page: who and where, and the token one click from the clipboard',
    async show({ browser, emulator }) {
      const { publicApp } = fixtures(emulator);
      const { tab } = await logIn(browser, emulator, { name: 'Acme production', clientId: publicApp.clientId });
      await tab.waitForText('#token-org', /^00D/);
      await tab.click('Copy access token');
      await tab.waitForText('#copy-status', /copied/);
      return { page: tab, width: PAGE_WIDTH };
    },
  },
  {
    name: 'popup',
    caption: 'The toolbar popup: one profile per org and flow, its token, and what you can do with it',
    async show({ browser }) {
      const popup = await openPopup(browser);
      await popup.page.getByLabel('Profile', { exact: true }).selectOption({ label: 'Acme production' });
      await popup.waitForText('#token-org', /^00D/);
      await popup.click('Who is this?');
      await popup.waitForText('#lifecycle-message', /\S/);
      for (const deadline = Date.now() + 60_000; await popup.evaluate(() => !!document.getElementById('lifecycle').dataset.busy);) {
        if (Date.now() > deadline) throw new Error('"Who is this?" never answered');
        await new Promise((r) => setTimeout(r, 50));
      }
      return { page: popup, width: POPUP_WIDTH };
    },
  },
  {
    // Last: its failed login leaves a code waiting, which the popup would show.
    name: 'error',
    caption: 'A refusal explained: what Salesforce said, why, and which setting to change',
    async show({ browser, emulator }) {
      const { secretApp } = fixtures(emulator);
      const { tab } = await logIn(browser, emulator, { name: 'Acme sandbox', clientId: secretApp.clientId, clientSecret: 'not-the-secret' });
      await tab.waitForText('#result-code', 'invalid_client');
      return { page: tab, width: PAGE_WIDTH };
    },
  },
  {
    // Once the popup has a "Check setup" button (issue 13): what it finds, in the popup.
    name: 'check-setup',
    caption: 'Check setup: what the org\'s app must allow, checked before the first login',
    when: ({ popup }) => popup.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Check setup')),
    async show({ browser, emulator }) {
      const popup = await openPopup(browser);
      await popup.page.getByLabel('Profile', { exact: true }).selectOption({ label: 'Acme production' });
      await popup.waitForText('#token-org', /^00D/);
      await popup.click('Check setup');
      await popup.waitForText('#setup-checklist', /\S/);
      await popup.evaluate(() => document.getElementById('setup-check')?.scrollIntoView());
      return { page: popup, width: POPUP_WIDTH };
    },
  },
  {
    // Issue 12: many orgs, each with its environment mark and token state, found by typing.
    name: 'search',
    caption: 'Dozens of orgs: search by name, host or environment; production marked so nobody mistakes it',
    async show({ browser }) {
      const seeding = await openPopup(browser);
      await seeding.evaluate(async () => {
        const local = (globalThis.browser ?? globalThis.chrome).storage.local;
        const { profiles = {} } = await local.get('profiles');
        const add = (id, name, loginUrl) => {
          profiles[id] = {
            id, name, flow: 'web_server', loginUrl, allowCustomDomain: false, clientId: `3MVG9FAKE.screenshot.${id}`,
            redirectUri: 'https://login.salesforce.com/', scopes: 'api refresh_token', username: '', privateKeyPem: '', clientSecret: '',
          };
        };
        add('shot-uat', 'Acme UAT', 'acme--uat.sandbox.my.salesforce.com');
        add('shot-qa', 'Acme QA', 'acme--qa.sandbox.my.salesforce.com');
        add('shot-dev', 'Acme dev org', 'acme-dev-ed.develop.my.salesforce.com');
        add('shot-scratch', 'Acme scratch', 'acme-scratch.scratch.my.salesforce.com');
        add('shot-globex', 'Globex production', 'globex.my.salesforce.com');
        await local.set({ profiles });
      });
      const popup = await openPopup(browser);
      await popup.fill('Search profiles', 'acme');
      await popup.waitForText('#profile-list', /Acme UAT/);
      return { page: popup, width: POPUP_WIDTH };
    },
  },
];

/** The page laid out at `width`, as tall as its content; a PNG of it. */
async function shoot(page, width) {
  await page.page.setViewportSize({ width, height: 600 });
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  await page.page.setViewportSize({ width, height });
  return page.page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
}

/**
 * A store picture: the shot, scaled to fit, on a 1280×800 canvas with its caption, in the same scheme. Drawn by a
 * page of the same browser (a blank tab), so nothing but the browser is needed.
 */
async function storePicture(browser, png, { caption, scheme }) {
  const canvas = await browser.open('about:blank');
  await canvas.page.setViewportSize(STORE);
  await canvas.page.emulateMedia({ colorScheme: scheme });
  await canvas.page.setContent(`<!doctype html><meta charset="utf-8"><style>
    :root { color-scheme: light dark; --bg: #eef2f7; --fg: #1c1c1e; --accent: #0b5cab; }
    @media (prefers-color-scheme: dark) { :root { --bg: #141518; --fg: #ececef; --accent: #8ab4f8; } }
    html, body { margin: 0; height: 100%; background: var(--bg); color: var(--fg); font: 15px/1.4 system-ui, sans-serif; }
    body { display: grid; grid-template-columns: 360px 1fr; align-items: center; gap: 48px; padding: 0 64px; box-sizing: border-box; }
    h1 { font-size: 40px; margin: 0 0 12px; color: var(--accent); }
    p { font-size: 22px; margin: 0; }
    .shot { display: flex; justify-content: center; align-items: center; height: 800px; }
    /* At its own scale, the top of a tall page: small type stays readable. */
    .frame { max-width: 780px; max-height: 740px; overflow: hidden; border-radius: 10px; box-shadow: 0 8px 32px #0005; }
    img { display: block; max-width: 780px; }
  </style><div><h1>sftoken</h1><p></p></div><div class="shot"><div class="frame"><img alt=""></div></div>`);
  await canvas.evaluate(({ text, src }) => {
    document.querySelector('p').textContent = text;
    const img = document.querySelector('img');
    img.src = src;
    return img.decode();
  }, { text: caption, src: `data:image/png;base64,${png.toString('base64')}` });
  const picture = await canvas.page.screenshot({ animations: 'disabled' });
  await canvas.close();
  return picture;
}

const emulator = await startEmulator();
const browser = await launchChromium({ extensionDir: join(root, 'dist/chrome'), emulatorPort: emulator.port });
const written = [];
try {
  mkdirSync(join(out, 'store'), { recursive: true });
  const context = { browser, emulator, popup: await openPopup(browser) };
  for (const view of VIEWS) {
    if (view.when && !(await view.when(context))) {
      console.log(`${view.name}: not in this build, skipped`);
      continue;
    }
    const { page, width } = await view.show(context);
    for (const scheme of SCHEMES) {
      await browser.setColorScheme(scheme);
      await page.evaluate((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark || Promise.reject(new Error('scheme not applied')), scheme === 'dark');
      const png = await shoot(page, width);
      const file = `${view.name}-${scheme}.png`;
      writeFileSync(join(out, file), png);
      writeFileSync(join(out, 'store', file), await storePicture(browser, png, { caption: view.caption, scheme }));
      written.push(file);
    }
    await browser.setColorScheme('light');
  }
} finally {
  await browser.close();
  await emulator.close();
}
// pngquant (apt; ./build.sh screenshots installs it) makes each picture a palette PNG, a third of the size or less.
const quantize = spawnSync('pngquant', ['--version']).status === 0;
if (quantize) {
  for (const file of written.flatMap((f) => [join(out, f), join(out, 'store', f)])) {
    const run = spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--quality=70-95', '--speed=1', '--output', file, file]);
    // 98/99: already as small as it gets at that quality; keep the original.
    if (run.status !== 0 && run.status !== 98 && run.status !== 99) throw new Error(`pngquant ${file}: ${run.stderr}`);
  }
} else {
  console.log('pngquant not found: pictures kept as captured (./build.sh screenshots installs it)');
}
const sizes = written.map((f) => `${f} (${Math.round(readFileSync(join(out, f)).length / 1024)} KB, store ${Math.round(readFileSync(join(out, 'store', f)).length / 1024)} KB)`);
console.log(`screenshots in ${out}:\n  ${sizes.join('\n  ')}`);
