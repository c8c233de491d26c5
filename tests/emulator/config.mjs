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
  // #token-response: access tokens look like `00D<org id>!…` (sfdx-core accessTokenRegex
  // /(00D\w{12,15})![.\w]*/), so the org id is 15 or 18 chars with a 00D prefix.
  if (!/^00D\w{12}(\w{3})?$/.test(cfg.org.orgId || '')) fail('org.orgId must be 15 or 18 chars starting with 00D');
  if (!/^[a-z0-9-]+$/i.test(cfg.org.myDomain || '')) fail('org.myDomain must be a My Domain name such as "acme"');
  cfg.org.requirePkce = Boolean(cfg.org.requirePkce);
  // #grants username-password row: "Blocked by default in orgs created Summer '23
  // or later" (SF Help "Block Authorization Flows"; OauthOidcSettings
  // blockOAuthUnPwFlow, #pkce). Absent → blocked, like a new org.
  cfg.org.blockUsernamePasswordFlow = cfg.org.blockUsernamePasswordFlow ?? true;
  // Password flow: the security token is not needed from a trusted IP (emulator
  // switch for the whole org; default false).
  cfg.org.trustedIp = Boolean(cfg.org.trustedIp);
  // #grants JWT row / #hosts: a sandbox uses test.salesforce.com as JWT audience.
  cfg.org.isSandbox = Boolean(cfg.org.isSandbox);
  // docs/salesforce.md#my-domain-hop: a browser login that starts on
  // login/test.salesforce.com passes through the org's My Domain before the callback.
  cfg.org.myDomainHop = cfg.org.myDomainHop ?? true;
  // docs/salesforce.md#cors: Setup › CORS › "Enable CORS for OAuth endpoints" and the allowlist.
  cfg.org.corsOAuthEndpoints = Boolean(cfg.org.corsOAuthEndpoints);
  cfg.org.corsAllowlist = cfg.org.corsAllowlist ?? [];
  if (!Array.isArray(cfg.org.corsAllowlist)) fail('org.corsAllowlist must be an array of origins');
  // docs/salesforce.md#concurrent-refresh: how long a refresh takes to process (ms);
  // two refreshes of one token overlapping in that window collide. Default 0 (never).
  cfg.org.refreshProcessingMs = Number(cfg.org.refreshProcessingMs ?? 0);
  if (!(cfg.org.refreshProcessingMs >= 0)) fail('org.refreshProcessingMs must be a non-negative number');
  // docs/salesforce.md#failed-code-exchange: does a failed code exchange (client auth,
  // redirect_uri, verifier) burn the code? Undocumented; default false.
  cfg.org.failedExchangeBurnsCode = Boolean(cfg.org.failedExchangeBurnsCode);
  // docs/salesforce.md#rest-errors: an org whose edition has no API access answers every REST call with 403
  // API_DISABLED_FOR_ORG. Default true (the API is enabled).
  cfg.org.restApiEnabled = cfg.org.restApiEnabled ?? true;
  if (typeof cfg.org.restApiEnabled !== 'boolean') fail('org.restApiEnabled must be true or false');
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
    // #signature: every connected app has a consumer secret, even public PKCE clients.
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
    // docs/salesforce.md#approval: "All users may self-authorize" (default) or
    // "Admin approved users are pre-authorized" with pre-authorized profiles / users.
    a.permittedUsers = a.permittedUsers ?? 'all';
    if (!['all', 'admin_approved'].includes(a.permittedUsers)) fail(`app ${a.name}: permittedUsers must be "all" or "admin_approved"`);
    a.preAuthorizedProfiles = a.preAuthorizedProfiles ?? [];
    if (!Array.isArray(a.preAuthorizedProfiles)) fail(`app ${a.name}: preAuthorizedProfiles must be an array of profile names`);
    // docs/salesforce.md#app-access: blocked (OAUTH_APP_BLOCKED) or not installed (OAUTH_EC_APP_NOT_FOUND).
    a.blocked = Boolean(a.blocked);
    a.installed = a.installed ?? true;
    if (a.jwtCertificatePem) {
      try { new crypto.X509Certificate(a.jwtCertificatePem); } catch { fail(`app ${a.name}: jwtCertificatePem is not a PEM certificate`); }
    }
  }
}

export const findApp = (cfg, clientId) => cfg.apps.find((a) => a.clientId === clientId);
export const findUser = (cfg, username) =>
  cfg.users.find((u) => u.username.toLowerCase() === String(username || '').toLowerCase());
/** Pre-authorized for the app: listed by username, or by profile when the app is "admin approved". */
export const isPreAuthorized = (app, user) =>
  app.preAuthorizedUsers.some((u) => u.toLowerCase() === user.username.toLowerCase())
  || (app.permittedUsers === 'admin_approved' && Boolean(user.profile) && app.preAuthorizedProfiles.includes(user.profile));
export const findUserById = (cfg, userId) => cfg.users.find((u) => u.userId === userId);
