// §3.1 refresh_token grant; §7 refresh-token rotation; §4 expired access/refresh token.
import { findUserById } from '../config.mjs';
import {
  EXPIRED_TOKEN, INACTIVE_USER, authenticateClient, err, issueRefreshToken, tokenResponse,
} from '../token-common.mjs';

/**
 * Secret required when the app requires it ("Require Secret for Refresh Token
 * Flow", §3.1/§8; fixture key `requireSecretForRefresh`, default = requireSecret).
 *
 * Without rotation the response carries no refresh_token (the client keeps its
 * token). With the app's `rotateRefreshTokens` (§7 "Refresh-token rotation: when
 * enabled, every refresh returns a new refresh_token and invalidates the old
 * one. Reusing a rotated token invalidates the current token and its access
 * tokens", SF-doc refresh-token flow page; NetCoreForce#94, jsforce#1656):
 * - success: a new refresh_token in the same grant family; the old one is
 *   marked rotated-out (kept only to detect reuse);
 * - reuse of a rotated-out token: the whole family (current refresh token and
 *   every access token of the grant) is revoked, answer §4
 *   `invalid_grant` / `expired access/refresh token` ("rotated out" cause).
 */
export function refreshTokenGrant(ctx, form) {
  const app = authenticateClient(form, ctx.req, ctx.cfg, (a) => a.requireSecretForRefresh ?? a.requireSecret);
  const token = form.get('refresh_token') || '';
  const rec = ctx.store.refreshTokens.get(token);
  // §4 invalid_grant / expired access/refresh token (revoked, unknown, other client).
  if (!rec || rec.clientId !== app.clientId) err(...EXPIRED_TOKEN);
  if (rec.rotatedOut) {
    ctx.store.revokeFamily(rec.family);
    err(...EXPIRED_TOKEN);
  }
  // §4 inactive_user row (restforce#303 saw it on a refresh: "invalid_grant: inactive user").
  const user = findUserById(ctx.cfg, rec.userId);
  if (!user || !user.active) err(...INACTIVE_USER);
  let refreshToken;
  if (app.rotateRefreshTokens) {
    rec.rotatedOut = true;
    refreshToken = issueRefreshToken(ctx, app, rec.userId, rec.scopes, rec.family);
  }
  return tokenResponse(ctx, app, rec.userId, rec.scopes, { refreshToken, family: rec.family });
}
