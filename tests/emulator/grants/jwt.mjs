// #grants JWT bearer grant (grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer).
// docs/salesforce.md#grants (claims), #token-response (response fields), #errors (errors), #pkce (no PKCE).
import crypto from 'node:crypto';
import { findApp, findUser, isPreAuthorized } from '../config.mjs';
import { parseHost } from '../http.mjs';
import {
  AUDIENCE_INVALID, EXPIRED_CODE, INACTIVE_USER, INVALID_ASSERTION, INVALID_CLIENT_ID, NOT_APPROVED,
  err, tokenResponse,
} from '../token-common.mjs';

export const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// #grants: "exp within 3 minutes (seconds since epoch)".
const MAX_EXP_AHEAD_S = 3 * 60;

/**
 * Sets (or with null/'' removes) the certificate "uploaded" to an app
 * ("Use digital signatures"). Throws on an unknown app or a non-certificate PEM.
 * Certificates are app configuration: emu.reset() keeps them (README).
 */
export function setAppCertificate(cfg, clientId, pem) {
  const app = findApp(cfg, clientId);
  if (!app) throw new Error(`unknown app ${clientId}`);
  if (!pem) { delete app.jwtCertificatePem; return; }
  new crypto.X509Certificate(pem); // throws on anything that is not a certificate
  app.jwtCertificatePem = String(pem);
}

const b64json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** Audiences the emulator accepts (#grants JWT row, README choice). */
function acceptedAudiences(ctx) {
  // #grants: aud = https://login.salesforce.com (production), https://test.salesforce.com
  // (sandbox), or the community (Experience Cloud site) URL.
  const out = [ctx.cfg.org.isSandbox ? 'https://test.salesforce.com' : 'https://login.salesforce.com'];
  const { hostname } = parseHost(ctx.req.headers.host);
  if (/\.my\.site\.com$|\.force\.com$/.test(hostname)) out.push(`https://${ctx.host}`);
  return out;
}

/**
 * Check order (emulator choice): decode → iss (app) → certificate → signature →
 * aud → exp → sub (user) → active → pre-approval.
 * - Malformed assertion, alg other than RS256, app without a certificate, bad
 *   signature, exp missing or more than 3 minutes ahead → `invalid_grant` /
 *   `invalid assertion` (#errors row "Bad JWT signature or certificate").
 * - iss not a consumer key → `invalid_client_id` / `client identifier invalid`
 *   (#errors row "Wrong consumer key").
 * - aud not accepted → `invalid_grant` / `audience is invalid` (#errors row "wrong aud";
 *   frankkessler/salesforce-laravel-oauth2-rest#68, forcedotcom/cli#3482).
 * - exp in the past (emulator clock) → `invalid_grant` / `expired authorization code`:
 *   not documented; three JWT-bearer reports with a wrong (past) exp got
 *   exactly that pair (simple-salesforce#491 and #371, newrelic-salesforce-exporter#31).
 * - sub (or legacy `prn`, #grants / KB 000204593) not a user, or a user who is neither
 *   in the app's `preAuthorizedUsers` nor approved the app in the browser →
 *   `invalid_grant` / `user hasn't approved this consumer` (#errors row: forrest#278,
 *   forcedotcom/cli#1028). Inactive → `invalid_grant` / `inactive user`.
 * Response: access_token, scope, instance_url, id, token_type (#token-response). No client
 * secret is involved (#grants) and PKCE does not apply (#pkce). Scope: the app's
 * scopes minus refresh_token/offline_access, since no refresh token is issued
 * (emulator choice).
 */
export function jwtBearerGrant(ctx, form) {
  const assertion = form.get('assertion') || '';
  const parts = assertion.split('.');
  if (parts.length !== 3) err(...INVALID_ASSERTION);
  let header, claims;
  try { header = b64json(parts[0]); claims = b64json(parts[1]); } catch { err(...INVALID_ASSERTION); }
  if (!header || !claims || typeof claims !== 'object' || header.alg !== 'RS256') err(...INVALID_ASSERTION);

  const app = findApp(ctx.cfg, claims.iss);
  if (!app) err(...INVALID_CLIENT_ID);
  if (!app.jwtCertificatePem) err(...INVALID_ASSERTION);
  let valid = false;
  try {
    const key = new crypto.X509Certificate(app.jwtCertificatePem).publicKey;
    valid = crypto.verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
  } catch { valid = false; }
  if (!valid) err(...INVALID_ASSERTION);

  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const accepted = acceptedAudiences(ctx);
  if (!auds.some((a) => accepted.includes(a))) err(...AUDIENCE_INVALID);

  const exp = Number(claims.exp);
  if (claims.exp === undefined || claims.exp === null || claims.exp === '' || !Number.isFinite(exp)) err(...INVALID_ASSERTION);
  const nowS = ctx.clock.now() / 1000;
  if (exp <= nowS) err(...EXPIRED_CODE);
  if (exp > nowS + MAX_EXP_AHEAD_S) err(...INVALID_ASSERTION);

  const user = findUser(ctx.cfg, claims.sub ?? claims.prn);
  if (!user) err(...NOT_APPROVED);
  if (!user.active) err(...INACTIVE_USER);
  const preAuthorized = isPreAuthorized(app, user); // by username, or by profile on an "admin approved" app
  if (!preAuthorized && !ctx.store.approvals.has(`${user.userId}|${app.clientId}`)) err(...NOT_APPROVED);

  const scopes = app.scopes.filter((s) => s !== 'refresh_token' && s !== 'offline_access');
  return tokenResponse(ctx, app, user.userId, scopes, { shape: 'jwt' });
}
