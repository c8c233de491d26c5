// Fixture loading: org, users and connected apps the emulator knows about.
// Default: config.json next to this file. Shape documented in README.md.
import crypto from 'node:crypto';
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
  // §3.1 username-password row: "Blocked by default in orgs created Summer '23
  // or later" (SF Help "Block Authorization Flows"; OauthOidcSettings
  // blockOAuthUnPwFlow, §8). Absent → blocked, like a new org.
  cfg.org.blockUsernamePasswordFlow = cfg.org.blockUsernamePasswordFlow ?? true;
  // Password flow: the security token is not needed from a trusted IP (emulator
  // switch for the whole org; default false).
  cfg.org.trustedIp = Boolean(cfg.org.trustedIp);
  // §3.1 JWT row / §1.1: a sandbox uses test.salesforce.com as JWT audience.
  cfg.org.isSandbox = Boolean(cfg.org.isSandbox);
  if (!Array.isArray(cfg.users) || cfg.users.length === 0) fail('"users" must be a non-empty array');
  for (const u of cfg.users) {
    if (!u.username || !u.password || !/^005\w{12}(\w{3})?$/.test(u.userId || '')) {
      fail(`user ${JSON.stringify(u.username)} needs username, password and a 005… userId`);
    }
    if (u.active === undefined) u.active = true;
    if (u.securityToken !== undefined && typeof u.securityToken !== 'string') fail(`user ${u.username}: securityToken must be a string`);
  }
  if (!Array.isArray(cfg.apps) || cfg.apps.length === 0) fail('"apps" must be a non-empty array');
  for (const a of cfg.apps) {
    // §3.3: every connected app has a consumer secret, even public PKCE clients.
    if (!a.name || !a.clientId || !a.clientSecret) fail('each app needs name, clientId, clientSecret');
    if (!Array.isArray(a.callbackUrls) || !Array.isArray(a.scopes)) fail(`app ${a.name}: callbackUrls and scopes must be arrays`);
    a.requireSecret = Boolean(a.requireSecret);
    a.requirePkce = Boolean(a.requirePkce);
    a.rotateRefreshTokens = Boolean(a.rotateRefreshTokens);
    a.passwordFlowEnabled = Boolean(a.passwordFlowEnabled);
    a.deviceFlowEnabled = Boolean(a.deviceFlowEnabled);
    a.introspectionAllowed = a.introspectionAllowed ?? true;
    a.preAuthorizedUsers = a.preAuthorizedUsers ?? [];
    if (!Array.isArray(a.preAuthorizedUsers)) fail(`app ${a.name}: preAuthorizedUsers must be an array of usernames`);
    if (a.sessionTimeoutMinutes !== undefined && !(Number(a.sessionTimeoutMinutes) > 0)) {
      fail(`app ${a.name}: sessionTimeoutMinutes must be a positive number`);
    }
    if (a.jwtCertificatePem) {
      try { new crypto.X509Certificate(a.jwtCertificatePem); } catch { fail(`app ${a.name}: jwtCertificatePem is not a PEM certificate`); }
    }
  }
}

export const findApp = (cfg, clientId) => cfg.apps.find((a) => a.clientId === clientId);
export const findUser = (cfg, username) =>
  cfg.users.find((u) => u.username.toLowerCase() === String(username || '').toLowerCase());
export const findUserById = (cfg, userId) => cfg.users.find((u) => u.userId === userId);
