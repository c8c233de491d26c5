// refresh_token grant. docs/salesforce.md#refresh-tokens (secret setting, rotation),
// #concurrent-refresh, #errors (expired access/refresh token).
import { findUserById } from '../config.mjs';
import {
  ALREADY_PROCESSING, EXPIRED_TOKEN, INACTIVE_USER, authenticateClient, err, issueRefreshToken, tokenResponse,
} from '../token-common.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Secret required when the app requires it ("Require Secret for Refresh Token
 * Flow", independent of "Require Secret for Web Server Flow"; fixture key
 * `requireSecretForRefresh`, default = requireSecret). A public client whose app
 * requires it gets `invalid_client` / `invalid client credentials`.
 *
 * Without rotation the response carries no refresh_token (the client keeps its
 * token). With the app's `rotateRefreshTokens` (#lifetimes "Refresh-token rotation: when
 * enabled, every refresh returns a new refresh_token and invalidates the old
 * one. Reusing a rotated token invalidates the current token and its access
 * tokens", SF Help refresh-token flow page and KB 005316711; NetCoreForce#94, jsforce#1656):
 * - success: a new refresh_token in the same grant family; the old one is
 *   marked rotated-out (kept only to detect reuse);
 * - reuse of a rotated-out token: the whole family (current refresh token and
 *   every access token of the grant) is revoked, answer
 *   `invalid_grant` / `expired access/refresh token` ("rotated out" cause).
 *
 * #concurrent-refresh: a refresh of a token whose previous refresh is still being
 * processed → 400 `invalid_grant` / `token request is already being processed`
 * (Summer '24 / Winter '25 release notes). Processing takes the org's
 * `refreshProcessingMs` (default 0: synchronous, so requests never overlap).
 */
export async function refreshTokenGrant(ctx, form) {
  const app = authenticateClient(form, ctx.req, ctx.cfg, (a) => a.requireSecretForRefresh ?? a.requireSecret);
  const token = form.get('refresh_token') || '';
  const validate = () => {
    const rec = ctx.store.refreshTokens.get(token);
    // #errors invalid_grant / expired access/refresh token (revoked, unknown, other client).
    if (!rec || rec.clientId !== app.clientId) err(...EXPIRED_TOKEN);
    return rec;
  };
  let rec = validate();
  if (ctx.store.refreshing.has(token)) err(...ALREADY_PROCESSING);
  const delay = ctx.cfg.org.refreshProcessingMs;
  if (delay > 0) {
    ctx.store.refreshing.add(token);
    try { await sleep(delay); } finally { ctx.store.refreshing.delete(token); }
    rec = validate(); // revoked meanwhile?
  }
  if (rec.rotatedOut) {
    ctx.store.revokeFamily(rec.family);
    err(...EXPIRED_TOKEN);
  }
  // #errors inactive_user row (restforce#303 saw it on a refresh: "invalid_grant: inactive user").
  const user = findUserById(ctx.cfg, rec.userId);
  if (!user || !user.active) err(...INACTIVE_USER);
  let refreshToken;
  if (app.rotateRefreshTokens) {
    rec.rotatedOut = true;
    refreshToken = issueRefreshToken(ctx, app, rec.userId, rec.scopes, rec.family);
  }
  return tokenResponse(ctx, app, rec.userId, rec.scopes, { refreshToken, family: rec.family });
}
