// Fixture loading: org, users and connected apps the emulator knows about.
// Default: config.json next to this file. Shape documented in README.md.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('./config.json', import.meta.url));

/** Returns a validated deep copy of the fixtures. */
export function loadConfig({ config, configPath } = {}) {
  const raw = config
    ? structuredClone(config)
    : JSON.parse(fs.readFileSync(configPath || DEFAULT_CONFIG_PATH, 'utf8'));
  validate(raw);
  return raw;
}

function validate(cfg) {
  const fail = (msg) => { throw new Error(`emulator config: ${msg}`); };
  if (!cfg.org) fail('missing "org"');
  // §3.2: access tokens look like `00D<org id>!…` (sfdx-core accessTokenRegex
  // /(00D\w{12,15})![.\w]*/), so the org id is 15 or 18 chars with a 00D prefix.
  if (!/^00D\w{12}(\w{3})?$/.test(cfg.org.orgId || '')) fail('org.orgId must be 15 or 18 chars starting with 00D');
  if (!/^[a-z0-9-]+$/i.test(cfg.org.myDomain || '')) fail('org.myDomain must be a My Domain name such as "acme"');
  cfg.org.requirePkce = Boolean(cfg.org.requirePkce);
  if (!Array.isArray(cfg.users) || cfg.users.length === 0) fail('"users" must be a non-empty array');
  for (const u of cfg.users) {
    if (!u.username || !u.password || !/^005\w{12}(\w{3})?$/.test(u.userId || '')) {
      fail(`user ${JSON.stringify(u.username)} needs username, password and a 005… userId`);
    }
    if (u.active === undefined) u.active = true;
  }
  if (!Array.isArray(cfg.apps) || cfg.apps.length === 0) fail('"apps" must be a non-empty array');
  for (const a of cfg.apps) {
    // §3.3: every connected app has a consumer secret, even public PKCE clients.
    if (!a.name || !a.clientId || !a.clientSecret) fail('each app needs name, clientId, clientSecret');
    if (!Array.isArray(a.callbackUrls) || !Array.isArray(a.scopes)) fail(`app ${a.name}: callbackUrls and scopes must be arrays`);
    a.requireSecret = Boolean(a.requireSecret);
    a.requirePkce = Boolean(a.requirePkce);
  }
}

export const findApp = (cfg, clientId) => cfg.apps.find((a) => a.clientId === clientId);
export const findUser = (cfg, username) =>
  cfg.users.find((u) => u.username.toLowerCase() === String(username || '').toLowerCase());
export const findUserById = (cfg, userId) => cfg.users.find((u) => u.userId === userId);
