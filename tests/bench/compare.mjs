// sftoken against what a JavaScript developer would use instead (jsforce), in the same Chromium: a tiny local
// HTTP server serves one page per contender; each page loads its library and builds a PKCE authorize URL.
// Every run is a fresh page in a new tab, served with `Cache-Control: no-store` (no HTTP or code cache: cold).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSize } from './sizes.mjs';
import { closeTab, waitInTab } from './tabs.mjs';

const CLIENT_ID = '3MVG9FAKE';
const REDIRECT_URI = 'https://login.salesforce.com/';
const SCOPES = 'api refresh_token';

// Each page marks `bench:url` once the authorize URL exists and leaves {url, ...} in window.__bench.
const page = (title, head, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>
<script type="module">
${body}
performance.mark('bench:url');
</script></body></html>`;

// A state like sftoken's (32 random bytes, base64url): jsforce leaves `state` to its caller.
const RANDOM_STATE = `const bytes = crypto.getRandomValues(new Uint8Array(32));
const state = btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');`;

const JSFORCE_CALL = `${RANDOM_STATE}
const oauth2 = new OAuth2({ loginUrl: 'https://login.salesforce.com', clientId: '${CLIENT_ID}', redirectUri: '${REDIRECT_URI}', useVerifier: true });
const url = oauth2.getAuthorizationUrl({ scope: '${SCOPES}', state });
window.__bench = { url, state, codeVerifier: oauth2.codeVerifier };`;

export const CONTENDERS = [
  {
    key: 'sftoken',
    label: 'sftoken (glue + wasm)',
    html: page('sftoken', '', `import init, { authorizeRequest } from '/pkg/sftoken.js';
performance.mark('bench:script');
await init();
performance.mark('bench:ready');
const r = authorizeRequest({ loginUrl: 'login.salesforce.com', clientId: '${CLIENT_ID}', redirectUri: '${REDIRECT_URI}', scopes: '${SCOPES}' });
window.__bench = { url: r.url, state: r.state, codeVerifier: r.codeVerifier };`),
  },
  {
    key: 'jsforceOAuth2',
    label: 'jsforce OAuth2 (esbuild, minified)',
    html: page('jsforce OAuth2', '', `import { OAuth2 } from '/jsforce/jsforce-oauth2.min.js';
performance.mark('bench:script');
performance.mark('bench:ready');
${JSFORCE_CALL}`),
  },
  {
    key: 'jsforceBrowser',
    label: 'jsforce browser build (dist/jsforce-core.min.js)',
    html: page('jsforce', '<script src="/jsforce/jsforce-core.min.js"></script>', `const { OAuth2 } = window.jsforce;
performance.mark('bench:script');
performance.mark('bench:ready');
${JSFORCE_CALL}`),
  },
];

/** Serves the pages and the libraries on 127.0.0.1 (random port). files: {'/path': absolute file}. */
export async function startPageServer(files) {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const contender = CONTENDERS.find((c) => path === `/${c.key}.html`);
    const body = contender ? contender.html : files[path] ? readFileSync(files[path]) : null;
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    const type = types[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
}

async function readInPage() {
  if (!window.__bench) return null;
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
  const nav = performance.getEntriesByType('navigation')[0];
  return { ...window.__bench, navStart: nav ? nav.startTime : 0, script: mark('bench:script'), ready: mark('bench:ready'), done: mark('bench:url') };
}

/** One cold load of a contender's page: navigation start → authorize URL built. */
async function loadOnce(browser, origin, contender) {
  const tab = await browser.open(`${origin}/${contender.key}.html`);
  const m = await waitInTab(tab, readInPage, null, { what: `${contender.label} to build its URL` });
  await closeTab(tab);
  const url = new URL(m.url);
  const params = url.searchParams;
  if (url.pathname !== '/services/oauth2/authorize' || params.get('client_id') !== CLIENT_ID || params.get('state') !== m.state ||
      !/^[A-Za-z0-9_-]{43}$/.test(params.get('code_challenge') ?? '') || !m.codeVerifier) {
    throw new Error(`${contender.label} built an unexpected URL: ${m.url}`);
  }
  return { total: m.done - m.navStart, load: m.ready - m.navStart, build: m.done - m.ready };
}

/** Interleaves the contenders run by run so that machine noise falls on all of them alike. */
export async function compare(browser, { files, runs, warmup = 1, log = () => {} }) {
  const server = await startPageServer(files);
  try {
    const results = Object.fromEntries(CONTENDERS.map((c) => [c.key, { label: c.label, samples: [] }]));
    for (let i = 0; i < warmup + runs; i++) {
      for (const contender of CONTENDERS) {
        const sample = await loadOnce(browser, server.origin, contender);
        if (i >= warmup) results[contender.key].samples.push(sample);
      }
    }
    log(`compare: ${runs} cold loads of each page`);
    return results;
  } finally {
    await server.close();
  }
}

export function comparedSizes(files) {
  const gz = (path) => gzipSize(readFileSync(path));
  return {
    sftoken: gz(files['/pkg/sftoken.js']) + gz(files['/pkg/sftoken_bg.wasm']),
    jsforceOAuth2: gz(files['/jsforce/jsforce-oauth2.min.js']),
    jsforceBrowser: gz(files['/jsforce/jsforce-core.min.js']),
  };
}
