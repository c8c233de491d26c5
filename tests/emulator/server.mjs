// Salesforce OAuth 2.0 emulator: HTTPS on loopback, behaving as Salesforce is
// documented to behave. Citations `docs/salesforce.md#anchor` (short: `#anchor`)
// point into the repository's docs/salesforce.md, which names the public source of each fact.
// JS API: startEmulator(); CLI: node tests/emulator/server.mjs [--port N] [--host H] [--config FILE]
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { makeCertificate } from './cert.mjs';
import { loadConfig } from './config.mjs';
import { createClock, createStore } from './store.mjs';
import { makeResponder, parseHost, publicHost, readBody } from './http.mjs';
import { HOP_PATH, handleAuthorize, handleLogin, handleApprove, handleHop } from './authorize.mjs';
import { applyFault, makeFault } from './faults.mjs';
import { corsHeaders, isCorsPath } from './cors.mjs';
import { handleToken } from './token.mjs';
import { handleControl } from './control.mjs';
import { handleRevoke } from './revoke.mjs';
import { handleIdentity, handleUserInfo } from './identity.mjs';
import { handleIntrospect } from './introspect.mjs';
import { handleRest } from './rest.mjs';
import { handleDiscovery } from './discovery.mjs';
import { setAppCertificate } from './grants/jwt.mjs';
import { decideDevice, handleDeviceApprove, handleDeviceConnect, handleDeviceLogin } from './grants/device.mjs';
import { landingPage, remoteAccessErrorPage } from './pages.mjs';

// #hosts: endpoint paths are the same on every host, so routing ignores the Host
// (Experience Cloud sites may add a path prefix, see sitePrefix below).
const ROUTES = {
  '/services/oauth2/authorize': handleAuthorize,
  '/services/oauth2/authorize/login': handleLogin,
  '/services/oauth2/authorize/approve': handleApprove,
  '/services/oauth2/token': handleToken,
  '/services/oauth2/revoke': handleRevoke,         // #revoke
  '/services/oauth2/userinfo': handleUserInfo,     // #userinfo-and-identity-url
  '/services/oauth2/introspect': handleIntrospect, // #introspection
  '/.well-known/openid-configuration': handleDiscovery, // #discovery
  [HOP_PATH]: handleHop,                           // #my-domain-hop
  // #grants device flow: verification_uri https://{host}/setup/connect
  '/setup/connect': handleDeviceConnect,
  '/setup/connect/login': handleDeviceLogin,
  '/setup/connect/approve': handleDeviceApprove,
  // #app-access: OAUTH_APPROVAL_ERROR_GENERIC page (forcedotcom/mcp-hosted#47).
  '/setup/secur/RemoteAccessErrorPage.apexp': (ctx) => ctx.res.html(200, remoteAccessErrorPage({
    error: ctx.url.searchParams.get('error'), description: ctx.url.searchParams.get('error_description'),
  })),
};

// #experience-cloud-sites: on site hosts the endpoints may sit under a path prefix
// (https://acme.my.site.com/partners/services/oauth2/token).
const SITE_HOST = /\.my\.site\.com$|\.force\.com$/;
const SITE_PREFIXED = /^(\/[^/]+)(\/(?:services\/oauth2\/|id\/|setup\/|\.well-known\/).*)$/;
const ROOTS = new Set(['/services', '/id', '/setup', '/.well-known', '/__emulator']);
function sitePrefix(hostname, pathname) {
  if (!SITE_HOST.test(hostname)) return { prefix: '', path: pathname };
  const m = SITE_PREFIXED.exec(pathname);
  if (!m || ROOTS.has(m[1])) return { prefix: '', path: pathname };
  return { prefix: m[1], path: m[2] };
}

// Org settings a test may change at run time (control API); reset() restores the loaded values.
const SETTINGS = ['refreshProcessingMs', 'failedExchangeBurnsCode', 'corsOAuthEndpoints', 'corsAllowlist', 'myDomainHop', 'restApiEnabled'];

export async function startEmulator({ port = 0, host = '127.0.0.1', config, configPath, clockStartMs, onRequest } = {}) {
  const cfg = loadConfig({ config, configPath });
  const clock = createClock(clockStartMs);
  const store = createStore(clock);
  const tls = makeCertificate();
  const loadedSettings = structuredClone(Object.fromEntries(SETTINGS.map((k) => [k, cfg.org[k]])));

  const settings = () => structuredClone(Object.fromEntries(SETTINGS.map((k) => [k, cfg.org[k]])));
  function setSettings(changes = {}) {
    const next = { ...settings() };
    for (const [k, v] of Object.entries(changes)) {
      if (!SETTINGS.includes(k)) throw new Error(`unknown setting ${JSON.stringify(k)} (one of ${SETTINGS.join(', ')})`);
      next[k] = v;
    }
    // Validate through the config loader (same rules as config.json).
    const checked = loadConfig({ config: { ...cfg, org: { ...cfg.org, ...next } } }).org;
    for (const k of SETTINGS) cfg.org[k] = checked[k];
    return settings();
  }

  const emu = {
    config: cfg,
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) },
    log: () => structuredClone(store.log),
    clearLog: () => { store.log.length = 0; },
    // How many refreshes are being processed right now (refreshProcessingMs > 0): lets a test overlap on purpose.
    refreshesInFlight: () => store.refreshing.size,
    // Clears state, faults and run-time setting changes; keeps configuration (certificates).
    reset: () => { store.clear(); clock.reset(); Object.assign(cfg.org, structuredClone(loadedSettings)); },
    // Org settings (README "Control API"): refreshProcessingMs, failedExchangeBurnsCode,
    // corsOAuthEndpoints, corsAllowlist, myDomainHop, restApiEnabled.
    settings,
    setSettings,
    setRefreshProcessingMs: (ms) => setSettings({ refreshProcessingMs: ms }),
    // #cors: "Enable CORS for OAuth endpoints" on, with this allowlist (enabled: false turns it off).
    setCorsAllowlist: (origins, { enabled = true } = {}) => setSettings({ corsAllowlist: origins, corsOAuthEndpoints: enabled }),
    // Fault modes (README): setFault('/services/oauth2/token', 'html503', {retryAfter: 30, count: 1}).
    setFault: (path, mode, opts) => { const f = makeFault(path, mode, opts); store.faults.set(path.replace(/(.)\/+$/, '$1'), f); },
    clearFaults: (path) => store.clearFaults(path),
    faults: () => Object.fromEntries([...store.faults].map(([k, f]) => [k, { ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : null }])),
    // JWT bearer (#grants): "upload" a certificate to an app (null removes it).
    setAppCertificate: (clientId, pem) => setAppCertificate(cfg, clientId, pem),
    // Device flow (#grants): the user approves / denies the device showing userCode.
    approveDevice: (userCode, username) => decideDevice(store, cfg, clock, userCode, { username, allow: true }),
    denyDevice: (userCode) => decideDevice(store, cfg, clock, userCode, { allow: false }),
  };

  const server = https.createServer({ key: tls.key, cert: tls.cert }, async (req, res) => {
    // Optional hook (the CLI uses it for human logs on stderr).
    if (onRequest) res.on('finish', () => onRequest({ method: req.method, host: req.headers.host, url: req.url, status: res.statusCode }));
    const url = new URL(req.url, 'https://emulator.invalid');
    const isControl = url.pathname.startsWith('/__emulator/');
    let entry;
    try {
      const body = await readBody(req);
      if (!isControl) {
        // Request log: headers as received (Node lower-cases names).
        entry = {
          time: clock.now(),
          method: req.method,
          host: req.headers.host ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: { ...req.headers },
          body,
          status: null,
          responseBody: null,
        };
        store.log.push(entry);
      }
      const { hostname } = parseHost(req.headers.host);
      const { prefix, path } = isControl ? { prefix: '', path: url.pathname } : sitePrefix(hostname, url.pathname);
      const ctx = {
        req, url, body, cfg, store, clock, path,
        res: makeResponder(res, entry),
        // Absolute URLs: the public host plus the site prefix, if any (#experience-cloud-sites).
        host: publicHost(req, server.address().port) + prefix,
      };
      if (isControl) return handleControl(ctx, emu);
      const route = path.replace(/\/+$/, '') || '/';
      // #cors: token, revoke and introspect on My Domain / site hosts, when enabled and allowlisted.
      if (isCorsPath(route)) {
        const cors = corsHeaders(cfg.org, hostname, req);
        if (cors) {
          for (const [k, v] of Object.entries(cors.headers)) res.setHeader(k, v);
          if (cors.preflight) return ctx.res.send(200, { 'Content-Length': '0' }, '');
        }
      }
      if (applyFault(ctx, route, res)) return undefined;
      // Any other path on any host: the plain login landing page, 200, no cookies.
      const handler = ROUTES[route]
        ?? (/^\/id\/[^/]+\/[^/]+\/?$/.test(path) ? handleIdentity : undefined) // #userinfo-and-identity-url
        ?? (/^\/services\/data(\/|$)/.test(path) ? handleRest : undefined)      // #rest
        ?? ((c) => c.res.html(200, landingPage()));
      return await handler(ctx);
    } catch (e) {
      process.stderr.write(`[sf-emulator] error: ${e.stack || e}\n`);
      if (!res.headersSent) makeResponder(res, entry).text(500, 'An internal server error has occurred');
      else res.destroy();
    }
  });

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { server.off('error', reject); resolve(); });
    });
  } catch (e) {
    tls.cleanup();
    throw e;
  }
  const actualPort = server.address().port;
  let closed = false;
  return Object.assign(emu, {
    port: actualPort,
    origin: `https://127.0.0.1:${actualPort}`,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      tls.cleanup();
    },
  });
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s) : [a, undefined];
    const val = () => inline ?? argv[++i];
    if (flag === '--port') opts.port = Number(val());
    else if (flag === '--host') opts.host = val();
    else if (flag === '--config') opts.configPath = val();
    else throw new Error(`unknown argument ${a} (usage: server.mjs [--port N] [--host 127.0.0.1] [--config FILE])`);
  }
  if (opts.port !== undefined && !Number.isInteger(opts.port)) throw new Error('--port needs an integer');
  return opts;
}

async function main() {
  const emu = await startEmulator({
    ...parseArgs(process.argv.slice(2)),
    onRequest: (r) => process.stderr.write(`[sf-emulator] ${r.method} ${r.host} ${r.url.split('?')[0]} -> ${r.status}\n`),
  });
  process.stdout.write(`${JSON.stringify({ port: emu.port, origin: emu.origin })}\n`);
  process.stderr.write(`[sf-emulator] listening on ${emu.origin} (org ${emu.config.org.orgId}, ` +
    `${emu.config.apps.length} apps). Ctrl-C to stop.\n`);
  const stop = async (sig) => {
    process.stderr.write(`[sf-emulator] ${sig}: shutting down\n`);
    await emu.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => { process.stderr.write(`[sf-emulator] ${e.message}\n`); process.exit(1); });
}
