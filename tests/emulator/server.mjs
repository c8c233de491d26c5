// Salesforce OAuth 2.0 emulator: HTTPS on loopback, behaving as
// the shared reference salesforce-oauth.md ("the reference") documents Salesforce.
// JS API: startEmulator(); CLI: node tests/emulator/server.mjs [--port N] [--host H] [--config FILE]
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { makeCertificate } from './cert.mjs';
import { loadConfig } from './config.mjs';
import { createClock, createStore } from './store.mjs';
import { makeResponder, publicHost, readBody } from './http.mjs';
import { handleAuthorize, handleLogin, handleApprove } from './authorize.mjs';
import { handleToken } from './token.mjs';
import { handleControl } from './control.mjs';
import { handleRevoke } from './revoke.mjs';
import { handleIdentity, handleUserInfo } from './identity.mjs';
import { handleIntrospect } from './introspect.mjs';
import { handleRest } from './rest.mjs';
import { setAppCertificate } from './grants/jwt.mjs';
import { decideDevice, handleDeviceApprove, handleDeviceConnect, handleDeviceLogin } from './grants/device.mjs';
import { landingPage, remoteAccessErrorPage } from './pages.mjs';

// §1.1: endpoint paths are the same on every host, so routing ignores the Host.
const ROUTES = {
  '/services/oauth2/authorize': handleAuthorize,
  '/services/oauth2/authorize/login': handleLogin,
  '/services/oauth2/authorize/approve': handleApprove,
  '/services/oauth2/token': handleToken,
  '/services/oauth2/revoke': handleRevoke,         // §5 Revoke
  '/services/oauth2/userinfo': handleUserInfo,     // §5 UserInfo
  '/services/oauth2/introspect': handleIntrospect, // §5 Introspection
  // §3.1 device flow: verification_uri https://{host}/setup/connect
  '/setup/connect': handleDeviceConnect,
  '/setup/connect/login': handleDeviceLogin,
  '/setup/connect/approve': handleDeviceApprove,
  // §2 / §4 OAUTH_APPROVAL_ERROR_GENERIC page (mcp-hosted#47).
  '/setup/secur/RemoteAccessErrorPage.apexp': (ctx) => ctx.res.html(200, remoteAccessErrorPage({
    error: ctx.url.searchParams.get('error'), description: ctx.url.searchParams.get('error_description'),
  })),
};

export async function startEmulator({ port = 0, host = '127.0.0.1', config, configPath, clockStartMs, onRequest } = {}) {
  const cfg = loadConfig({ config, configPath });
  const clock = createClock(clockStartMs);
  const store = createStore(clock);
  const tls = makeCertificate();

  const emu = {
    config: cfg,
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) },
    log: () => structuredClone(store.log),
    clearLog: () => { store.log.length = 0; },
    reset: () => { store.clear(); clock.reset(); },
    // JWT bearer (§3.1): "upload" a certificate to an app (null removes it).
    setAppCertificate: (clientId, pem) => setAppCertificate(cfg, clientId, pem),
    // Device flow (§3.1): the user approves / denies the device showing userCode.
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
        // Request log (brief §5): headers as received (Node lower-cases names).
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
      const ctx = {
        req, url, body, cfg, store, clock,
        res: makeResponder(res, entry),
        host: publicHost(req, server.address().port),
      };
      if (isControl) return handleControl(ctx, emu);
      // Any other path on any host: the plain login landing page, 200, no cookies.
      const handler = ROUTES[url.pathname.replace(/\/+$/, '') || '/']
        ?? (/^\/id\/[^/]+\/[^/]+\/?$/.test(url.pathname) ? handleIdentity : undefined) // §5 identity URL
        ?? (/^\/services\/data(\/|$)/.test(url.pathname) ? handleRest : undefined)      // §5 REST
        ?? ((c) => c.res.html(200, landingPage()));
      return handler(ctx);
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
