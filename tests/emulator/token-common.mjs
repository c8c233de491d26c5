// Shared pieces of the token endpoint: error type, client authentication and
// the success body. docs/salesforce.md#token-endpoint (endpoint), #token-response (fields), #signature (signature), #errors (errors), #lifetimes.
import crypto from 'node:crypto';
import { findApp } from './config.mjs';
import { accessTokenLifetimeMs, newAccessToken, newRefreshToken } from './store.mjs';

/** Token-endpoint error: #errors header "JSON {error, error_description}, usually HTTP 400". */
export class TokenError extends Error {
  constructor(error, description, status = 400) {
    super(description); this.error = error; this.description = description; this.status = status;
  }
}
export const err = (error, description, status) => { throw new TokenError(error, description, status); };

// #errors rows, verbatim error / error_description pairs.
export const UNSUPPORTED_GRANT = ['unsupported_grant_type', 'grant type not supported'];
export const INVALID_CLIENT_ID = ['invalid_client_id', 'client identifier invalid'];
export const INVALID_CLIENT = ['invalid_client', 'invalid client credentials'];
export const EXPIRED_CODE = ['invalid_grant', 'expired authorization code'];
export const INVALID_CODE = ['invalid_grant', 'invalid authorization code']; // #errors "(also `invalid authorization code`)"
export const AUTH_FAILURE = ['invalid_grant', 'authentication failure'];
export const BAD_VERIFIER = ['invalid_grant', 'invalid code verifier'];
export const EXPIRED_TOKEN = ['invalid_grant', 'expired access/refresh token'];
// #concurrent-refresh: release notes rn_security_refresh_token_requests (Summer '24) and
// rn_security_refresh_token_error (Winter '25); segmentio/action-destinations#2300.
export const ALREADY_PROCESSING = ['invalid_grant', 'token request is already being processed'];
export const NOT_APPROVED = ['invalid_grant', "user hasn't approved this consumer"];
export const INVALID_ASSERTION = ['invalid_grant', 'invalid assertion'];
export const AUDIENCE_INVALID = ['invalid_grant', 'audience is invalid'];
export const WRONG_DOMAIN = ['invalid_grant', 'request not supported on this domain'];
export const NO_CC_USER = ['invalid_grant', 'no client credentials user enabled'];
// #errors inactive_user row: "user is inactive (also seen as `invalid_grant: inactive user`)".
// The bare `inactive_user` code is from the authorize-side (user-agent) list; the
// token-endpoint sighting is restforce#303 ("invalid_grant: inactive user"), so
// the token endpoint answers that pair (emulator choice, README).
export const INACTIVE_USER = ['invalid_grant', 'inactive user'];

export const timingSafeEqualStr = (a, b) => {
  const x = Buffer.from(String(a)); const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/**
 * Client credentials from an HTTP Basic header (RFC 6749 §2.3.1: form-encoded
 * id and secret joined by `:`), or undefined.
 */
export function basicCredentials(req) {
  const m = /^basic\s+(.+)$/i.exec(req.headers.authorization || '');
  if (!m) return undefined;
  const raw = Buffer.from(m[1].trim(), 'base64').toString('utf8');
  const i = raw.indexOf(':');
  if (i < 0) return undefined;
  const dec = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
  return { clientId: dec(raw.slice(0, i)), clientSecret: dec(raw.slice(i + 1)) };
}

/**
 * Finds the client (#errors invalid_client_id / invalid_client rows).
 * - client_id absent → invalid_client (#errors: Login History "Missing Consumer Key Parameter").
 *   With `allowBasic: false` a Basic header alone → invalid_client_id: older
 *   Salesforce accepted code-exchange credentials only in the body (#token-endpoint,
 *   scribejava#823, omniauth-salesforce#27).
 * - with `allowBasic: true` (client credentials #grants "body or Basic";
 *   introspection #introspection "or Basic") a Basic header supplies id and secret when the
 *   body has no client_id.
 * - unknown client_id → invalid_client_id.
 * Returns {app, secret}.
 */
export function identifyClient(form, req, cfg, { allowBasic = false } = {}) {
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  if (!clientId) {
    const basic = basicCredentials(req);
    if (basic && allowBasic) ({ clientId, clientSecret: secret } = basic);
    else if (basic) err(...INVALID_CLIENT_ID);
    else err(...INVALID_CLIENT);
  }
  const app = findApp(cfg, clientId);
  if (!app) err(...INVALID_CLIENT_ID);
  return { app, secret };
}

/**
 * Secret check (#errors restforce#338 "wrong or rotated consumer secret"; #pkce:
 * confidential clients send both, public clients send none): a secret that
 * is sent must match; a missing one fails only when required.
 */
export function checkSecret(app, secret, required) {
  if (secret) {
    if (!timingSafeEqualStr(secret, app.clientSecret)) err(...INVALID_CLIENT);
  } else if (required) {
    err(...INVALID_CLIENT);
  }
}

/** identifyClient + checkSecret, body credentials only (authorization code, refresh, device). */
export function authenticateClient(form, req, cfg, secretRequired) {
  const { app, secret } = identifyClient(form, req, cfg);
  checkSecret(app, secret, secretRequired(app));
  return app;
}

/** Stores a new refresh token; `family` defaults to a new grant family. */
export function issueRefreshToken(ctx, app, userId, scopes, family = crypto.randomUUID()) {
  const token = newRefreshToken();
  ctx.store.refreshTokens.set(token, {
    clientId: app.clientId, userId, scopes, issuedAt: ctx.clock.now(), family, rotatedOut: false,
    id: `https://${ctx.host}/id/${ctx.cfg.org.orgId}/${userId}`, // identity URL, for introspection's `sub`
  });
  return token;
}

/** #token-response `refresh_token` only when the `refresh_token`/`offline_access` scope was granted. */
export const grantsRefreshToken = (scopes) => scopes.includes('refresh_token') || scopes.includes('offline_access');

/**
 * Issues an access token and returns the #token-response success body.
 * shape 'full' (web server, refresh, password, client credentials, device):
 *   access_token, [refresh_token], signature, scope, instance_url, id, token_type, issued_at.
 * shape 'jwt' (JWT bearer): access_token, scope, instance_url, id, token_type only
 *   (#token-response: "JWT-bearer responses … contain only access_token, scope,
 *   instance_url, id, token_type (no signature, issued_at or refresh token)").
 * `family`: grant family shared with the refresh token (revocation, #revoke/#lifetimes).
 */
export function tokenResponse(ctx, app, userId, scopes, { refreshToken, family, shape = 'full' } = {}) {
  const { org } = ctx.cfg;
  const now = ctx.clock.now();
  const issuedAt = String(now); // #token-response: milliseconds since epoch, as a string
  // #token-response `id`: identity URL on the host that served the request
  // (https://login.salesforce.com/id/{orgId}/{userId}; test.salesforce.com for sandboxes).
  const id = `https://${ctx.host}/id/${org.orgId}/${userId}`;
  const accessToken = newAccessToken(org.orgId); // #token-response `00D<org id>!<…>`
  ctx.store.accessTokens.set(accessToken, {
    clientId: app.clientId, userId, scopes, issuedAt: now,
    // #lifetimes: lives as long as the session timeout (app's own, else two hours).
    expiresAt: now + accessTokenLifetimeMs(app),
    refreshToken, family: family ?? crypto.randomUUID(), id,
  });
  const instanceUrl = `https://${org.myDomain}.my.salesforce.com`; // #token-response: today usually the My Domain URL
  if (shape === 'jwt') {
    return { access_token: accessToken, scope: scopes.join(' '), instance_url: instanceUrl, id, token_type: 'Bearer' };
  }
  // #signature: "Base64-encoded HMAC-SHA256 signature signed with the client_secret …
  // containing the concatenated ID and issued_at"; standard alphabet with padding.
  // Every app has a consumer secret, so public PKCE apps get a signature too.
  const signature = crypto.createHmac('sha256', app.clientSecret).update(id + issuedAt).digest('base64');
  const body = { access_token: accessToken };
  if (refreshToken) body.refresh_token = refreshToken;
  Object.assign(body, {
    signature,
    scope: scopes.join(' '), // #token-response: space-separated granted scopes
    // id_token (#token-response, present when openid was requested) is NOT emitted: the
    // emulator signs no JWTs (documented gap, README).
    instance_url: instanceUrl,
    id,
    token_type: 'Bearer', // #token-response
    issued_at: issuedAt,
    // #token-response: "There is no `expires_in`".
  });
  return body;
}
