// What the standalone page's end-to-end tests (www.test.mjs) and ./build.sh demo need: dist/www served on
// http://localhost:<port> (so the page can be its own Callback URL), Chromium with Salesforce's host names mapped to
// the emulator (as chromium.mjs does for the extension, without an extension), an emulator whose PKCE app also
// accepts the page as its callback, and a way to run the curl command the page shows against the emulator.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadConfig } from '../emulator/config.mjs';
import { CHROMIUM } from './chromium.mjs';
import { DEADLINE_MS, PageDriver } from './page-driver.mjs';

export const WWW_DIR = fileURLToPath(new URL('../../dist/www', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.zip': 'application/zip', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` as a static host would, on loopback only (127.0.0.1 and, when the machine has it, [::1] on the same
 * port: Chromium may resolve localhost to either). Its address is http://localhost:<port>/.
 */
export async function serveWww({ dir = WWW_DIR, port = 0 } = {}) {
  const handler = (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  };
  const listen = (server, host, p) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, host, () => { server.off('error', reject); resolve(server.address().port); });
  });
  const v4 = http.createServer(handler);
  const actual = await listen(v4, '127.0.0.1', port);
  const servers = [v4];
  const v6 = http.createServer(handler);
  try {
    await listen(v6, '::1', actual);
    servers.push(v6);
  } catch {
    // No IPv6 loopback here: localhost is 127.0.0.1.
  }
  const origin = `http://localhost:${actual}`;
  return {
    port: actual,
    origin,
    url: `${origin}/`,
    close: () => Promise.all(servers.map((s) => new Promise((resolve) => { s.closeAllConnections?.(); s.close(resolve); }))),
  };
}

/** The emulator's default configuration, with the page's own address added to every PKCE app's Callback URLs. */
export function wwwEmulatorConfig(pageUrl) {
  const config = structuredClone(loadConfig());
  for (const app of config.apps) if (app.requirePkce) app.callbackUrls = [...app.callbackUrls, pageUrl];
  return config;
}

/** Headless Chromium (no extension) with Salesforce's hosts mapped to the emulator, as chromium.mjs maps them. */
export async function launchWwwChromium({ emulatorPort, headless = true }) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless,
    args: [
      '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-gpu', '--disable-quic', '--ignore-certificate-errors',
      `--host-resolver-rules=${['*.salesforce.com', '*.my.site.com', '*.force.com'].map((h) => `MAP ${h} 127.0.0.1:${emulatorPort}`).join(',')}`,
    ],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 900, height: 900 } });
  context.setDefaultTimeout(DEADLINE_MS);
  return {
    context,
    /** Opens `url` in a new tab and waits until www.js has set up every handler. */
    async open(url, { ready = true } = {}) {
      const page = await context.newPage();
      await page.goto(url);
      if (ready) await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      return new PageDriver(page);
    },
    /** Lets pages of `origin` use the clipboard (Copy buttons; the test reads it back). */
    grantClipboard: (origin) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin }),
    nextTab: () => context.waitForEvent('page').then((page) => new PageDriver(page)),
    close: () => browser.close(),
  };
}

/**
 * Runs the curl command the page shows, unchanged, in bash, with Salesforce's hosts sent to the emulator: curl reads
 * `connect-to` and `insecure` from a .curlrc in $CURL_HOME (the command itself does not start with -q). Resolves
 * with stdout; rejects with stderr on failure.
 */
export function runCurl(command, emulatorPort) {
  const home = mkdtempSync(join(tmpdir(), 'sftoken-curl-'));
  writeFileSync(join(home, '.curlrc'), `connect-to = "::127.0.0.1:${emulatorPort}"\ninsecure\nmax-time = 60\n`);
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', command], { env: { PATH: process.env.PATH, CURL_HOME: home, HOME: home }, timeout: DEADLINE_MS },
      (error, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true });
        if (error) reject(new Error(`the command failed: ${stderr || error.message}`));
        else resolve(stdout);
      });
  });
}
