// POST /services/oauth2/introspect. docs/salesforce.md#introspection, #lifetimes (exp = session timeout).
import { findUserById } from './config.mjs';
import { TokenError, checkSecret, identifyClient, INVALID_CLIENT, err } from './token-common.mjs';

/**
 * Request: token, token_type_hint (access_token | refresh_token), client_id +
 * client_secret in the body or HTTP Basic (#introspection). Response (#introspection): active, scope,
 * client_id, username, sub (identity URL), token_type, exp, iat, nbf.
 * - Access token: exp = issued_at + session timeout (#lifetimes: app's
 *   `sessionTimeoutMinutes`, default two hours; "introspect for exp"), in
 *   seconds; iat = nbf = issued_at in seconds. Past exp → inactive.
 * - Refresh token: token_type refresh_token, iat/nbf, no exp (the fixture apps'
 *   policy is "valid until revoked", #lifetimes; emulator choice).
 * - Unknown, revoked, rotated-out or expired → `{"active":false}` (RFC 7662 §2.2).
 * - Both token kinds are looked up whatever the hint says (RFC 7662 §2.1).
 * - Any app may introspect any token of the org (emulator simplification).
 * Client authentication failures (emulator choices; RFC 7662 §2.3 says 401):
 *   missing client_id or wrong/missing secret → 401 `invalid_client` /
 *   `invalid client credentials`; unknown client_id → 401 `invalid_client_id` /
 *   `client identifier invalid` (the #errors token-endpoint pairs);
 *   app with `introspectionAllowed: false` → 401 `invalid_client` / `invalid client credentials`.
 * A missing token parameter answers `{"active":false}` (emulator choice).
 */
export function handleIntrospect(ctx) {
  const headers = { 'Cache-Control': 'no-store' };
  const form = new URLSearchParams(ctx.body);
  try {
    if (ctx.req.method !== 'POST') err(...INVALID_CLIENT, 401);
    let app;
    try {
      const { app: a, secret } = identifyClient(form, ctx.req, ctx.cfg, { allowBasic: true });
      checkSecret(a, secret, true);
      app = a;
    } catch (e) {
      if (e instanceof TokenError) e.status = 401;
      throw e;
    }
    if (!app.introspectionAllowed) err(...INVALID_CLIENT, 401);
  } catch (e) {
    if (!(e instanceof TokenError)) throw e;
    return ctx.res.json(e.status, { error: e.error, error_description: e.description }, headers);
  }

  const token = form.get('token') || '';
  const access = ctx.store.getAccessToken(token);
  const refresh = ctx.store.refreshTokens.get(token);
  const rec = access ?? (refresh && !refresh.rotatedOut ? refresh : undefined);
  const user = rec && findUserById(ctx.cfg, rec.userId);
  if (!rec || !user) return ctx.res.json(200, { active: false }, headers);
  const s = (ms) => Math.floor(ms / 1000);
  const body = {
    active: true,
    scope: rec.scopes.join(' '),
    client_id: rec.clientId,
    username: user.username,
    sub: rec.id, // the identity URL issued with the token
    token_type: access ? 'access_token' : 'refresh_token',
  };
  if (access) body.exp = s(access.expiresAt);
  body.iat = s(rec.issuedAt);
  body.nbf = s(rec.issuedAt);
  return ctx.res.json(200, body, headers);
}
