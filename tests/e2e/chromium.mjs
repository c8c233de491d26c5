// The Chromium driver for the end-to-end scenarios: Debian's chromium through playwright-core, with the test build
// of the extension loaded and every *.salesforce.com (and Experience Cloud site) host mapped to the local emulator.
// A driver offers what scenarios.mjs needs and nothing browser-specific leaks into the scenarios.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DEADLINE_MS, PageDriver } from './page-driver.mjs';

export const CHROMIUM = process.env.SFTOKEN_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium({ extensionDir, emulatorPort, headless = true }) {
  const profileDir = mkdtempSync(join(tmpdir(), 'sftoken-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless,
    ignoreHTTPSErrors: true,
    viewport: { width: 900, height: 800 },
    args: [
      '--no-sandbox',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // The closed network refuses Chromium's background traffic by the hundred; keep it quiet.
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-gpu', '--disable-quic',
      // Salesforce's hosts (Experience Cloud sites included), and acme.example standing in for an org's own custom domain.
      `--host-resolver-rules=${['*.salesforce.com', '*.my.site.com', '*.force.com', '*.acme.example'].map((h) => `MAP ${h} 127.0.0.1:${emulatorPort}`).join(',')}`,
      '--ignore-certificate-errors',
    ],
  });
  // Playwright's own waits (clicks, fills, events) get the same generous deadline as the drivers' conditions.
  context.setDefaultTimeout(DEADLINE_MS);
  // A browser that started without its service worker (seen once on a machine at load 16) is closed before the error
  // goes up: left running, it kept the test process alive after the suite had reported.
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker').catch(async (error) => {
      await context.close().catch(() => {});
      rmSync(profileDir, { recursive: true, force: true });
      throw error;
    }));
  const extensionId = new URL(worker.url()).host;
  const origin = `chrome-extension://${extensionId}`;
  let colorScheme = null; // setColorScheme: null follows the (headless: light) system
  context.on('page', (page) => {
    if (colorScheme) page.emulateMedia({ colorScheme }).catch(() => {}); // a page closed at once: nothing to style
  });

  return {
    name: 'chromium',
    origin,
    async openExtensionPage(path = 'popup.html') {
      const page = await context.newPage();
      await page.goto(`${origin}/${path}`);
      return new PageDriver(page);
    },
    async open(url) {
      const page = await context.newPage();
      await page.goto(url);
      return new PageDriver(page);
    },
    /** Resolves with the next tab the browser opens (e.g. the login tab "Log in" creates). */
    nextTab() {
      return context.waitForEvent('page').then((page) => new PageDriver(page));
    },
    /**
     * Chrome grants the manifest's host permissions at install and cannot take them back from a script, and a
     * headless Chromium cannot show the prompt: so the page's permissions.request answers as the person would.
     */
    async answerPermissionPrompt(tab, action, allow) {
      await tab.evaluate((answer) => {
        chrome.permissions.request = async () => answer;
      }, allow);
      await action();
    },
    /**
     * The system's colour scheme ('light' or 'dark') as every page sees it in `prefers-color-scheme`: Playwright's
     * media emulation (CDP Emulation.setEmulatedMedia) on each open page and on every page opened after.
     */
    async setColorScheme(scheme) {
      colorScheme = scheme;
      await Promise.all(context.pages().map((page) => page.emulateMedia({ colorScheme: scheme })));
    },
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
