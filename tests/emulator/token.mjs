// POST /services/oauth2/token. Reference §3 (endpoint), §3.1 (grants),
// §3.2 (response fields), §3.3 (signature), §4 (errors), §6 (no CORS), §7/§8.
import crypto from 'node:crypto';
import { findApp } from './config.mjs';
import { CODE_LIFETIME_MS, newAccessToken, newRefreshToken } from './store.mjs';

/** Token-endpoint error: §4 header "JSON {error, error_description}, usually HTTP 400". */
class TokenError extends Error {
  constructor(error, description) { super(description); this.error = error; this.description = description; }
}
const err = (error, description) => { throw new TokenError(error, description); };

// §4 rows, verbatim error / error_description pairs.
const UNSUPPORTED_GRANT = ['unsupported_grant_type', 'grant type not supported'];
const INVALID_CLIENT_ID = ['invalid_client_id', 'client identifier invalid'];
const INVALID_CLIENT = ['invalid_client', 'invalid client credentials'];
const EXPIRED_CODE = ['invalid_grant', 'expired authorization code'];
const INVALID_CODE = ['invalid_grant', 'invalid authorization code']; // §4 "(also `invalid authorization code`)"
const AUTH_FAILURE = ['invalid_grant', 'authentication failure'];
const BAD_VERIFIER = ['invalid_grant', 'invalid code verifier'];
const EXPIRED_TOKEN = ['invalid_grant', 'expired access/refresh token'];

const timingSafeEqualStr = (a, b) => {
  const x = Buffer.from(String(a)); const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/**
 * Client authentication (§3 "Sending client_id and client_secret in the body is
 * the safe default"; §4 invalid_client_id / invalid_client rows).
 * - Basic header without body client_id → invalid_client_id: older Salesforce
 *   accepted code-exchange credentials only in the body (scribejava#823,
 *   omniauth-salesforce#27). The emulator reads credentials from the body only.
 * - client_id absent → invalid_client (§4: Login History "Missing Consumer Key Parameter").
 * - unknown client_id → invalid_client_id.
 * - secret required but missing, or any secret sent that is wrong → invalid_client
 *   (§4 restforce#338 "wrong or rotated consumer secret"; §8: confidential clients
 *   send both, public clients send none).
 */
function authenticateClient(form, req, cfg, secretRequired) {
  const clientId = form.get('client_id');
  if (!clientId) {
    if (/^basic\s/i.test(req.headers.authorization || '')) err(...INVALID_CLIENT_ID);
    err(...INVALID_CLIENT);
  }
  const app = findApp(cfg, clientId);
  if (!app) err(...INVALID_CLIENT_ID);
  const secret = form.get('client_secret');
  if (secret) {
    if (!timingSafeEqualStr(secret, app.clientSecret)) err(...INVALID_CLIENT);
  } else if (secretRequired(app)) {
    err(...INVALID_CLIENT);
  }
  return app;
}

/** §8: challenge = BASE64URL(SHA-256(verifier)), no padding (RFC 4648 §5). */
const s256 = (verifier) => crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** §3.2 success body; §3.3 signature over id + issued_at with the consumer secret. */
function tokenResponse(ctx, app, userId, scopes, { refreshToken }) {
  const { org } = ctx.cfg;
  const issuedAt = String(ctx.clock.now()); // §3.2: milliseconds since epoch, as a string
  // §3.2 `id`: identity URL on the host that served the request
  // (https://login.salesforce.com/id/{orgId}/{userId}; test.salesforce.com for sandboxes).
  const id = `https://${ctx.host}/id/${org.orgId}/${userId}`;
  const accessToken = newAccessToken(org.orgId); // §3.2 `00D<org id>!<…>`
  // §3.3: "Base64-encoded HMAC-SHA256 signature signed with the client_secret …
  // containing the concatenated ID and issued_at"; standard alphabet with padding.
  // Every app has a consumer secret, so public PKCE apps get a signature too.
  const signature = crypto.createHmac('sha256', app.clientSecret).update(id + issuedAt).digest('base64');
  ctx.store.accessTokens.set(accessToken, {
    clientId: app.clientId, userId, scopes, issuedAt: Number(issuedAt), refreshToken,
  });
  const body = { access_token: accessToken };
  if (refreshToken) body.refresh_token = refreshToken;
  Object.assign(body, {
    signature,
    scope: scopes.join(' '), // §3.2: space-separated granted scopes
    // id_token (§3.2, present when openid was requested) is NOT emitted: the
    // emulator signs no JWTs (documented gap, README).
    instance_url: `https://${org.myDomain}.my.salesforce.com`, // §3.2: today usually the My Domain URL
    id,
    token_type: 'Bearer', // §3.2
    issued_at: issuedAt,
    // §3.2: "There is no `expires_in`".
  });
  return body;
}

/** §3.1 authorization_code grant. */
function authorizationCodeGrant(ctx, form) {
  const app = authenticateClient(form, ctx.req, ctx.cfg, (a) => a.requireSecret); // §8 "Require Secret for Web Server Flow"
  const code = form.get('code');
  if (!code) err(...INVALID_CODE);
  const rec = ctx.store.codes.get(code);
  // §2 "Lifetime and reuse": 15 minutes, single use; reuse returned
  // invalid_grant / expired authorization code (omniphx/forrest#169).
  if (!rec || rec.used) err(...EXPIRED_CODE);
  if (ctx.clock.now() - rec.issuedAt > CODE_LIFETIME_MS) {
    ctx.store.codes.delete(code);
    err(...EXPIRED_CODE);
  }
  // Code issued to another client (emulator choice of description, §4 spelling).
  if (rec.clientId !== app.clientId) err(...INVALID_CODE);
  // §4 row 1: redirect_uri differs from the authorize one → authentication failure (nforce#134).
  if (form.get('redirect_uri') !== rec.redirectUri) err(...AUTH_FAILURE);
  if (rec.codeChallenge) {
    const verifier = form.get('code_verifier');
    // §4: challenge sent at authorize but no verifier → invalid_grant (REST guide 222).
    if (!verifier) err(...BAD_VERIFIER);
    // §4/§8: Salesforce rejects verifiers containing `~` (nsflow#249); otherwise
    // the verifier must hash to the challenge. Length is not enforced (§8: jsforce's
    // 171-char verifiers work).
    if (verifier.includes('~') || !timingSafeEqualStr(s256(verifier), rec.codeChallenge)) err(...BAD_VERIFIER);
  }
  // A verifier without a challenge is ignored (reference silent; emulator choice).
  // Only a successful exchange consumes the code (failed attempts leave it valid
  // until it expires; the reference documents burning only on reuse).
  rec.used = true;
  // §3.2 refresh_token only when `refresh_token`/`offline_access` was granted.
  let refreshToken;
  if (rec.scopes.includes('refresh_token') || rec.scopes.includes('offline_access')) {
    refreshToken = newRefreshToken();
    ctx.store.refreshTokens.set(refreshToken, {
      clientId: app.clientId, userId: rec.userId, scopes: rec.scopes, issuedAt: ctx.clock.now(),
    });
  }
  return tokenResponse(ctx, app, rec.userId, rec.scopes, { refreshToken });
}

/**
 * §3.1 refresh_token grant. Secret required when the app requires it
 * ("Require Secret for Refresh Token Flow", §3.1/§8; fixture key
 * `requireSecretForRefresh`, default = requireSecret). No rotation: the response
 * carries no new refresh token (§7 rotation is an opt-in app policy).
 */
function refreshTokenGrant(ctx, form) {
  const app = authenticateClient(form, ctx.req, ctx.cfg, (a) => a.requireSecretForRefresh ?? a.requireSecret);
  const rec = ctx.store.refreshTokens.get(form.get('refresh_token') || '');
  // §4 invalid_grant / expired access/refresh token (revoked, unknown, other client).
  if (!rec || rec.clientId !== app.clientId) err(...EXPIRED_TOKEN);
  return tokenResponse(ctx, app, rec.userId, rec.scopes, {});
}

const GRANTS = { authorization_code: authorizationCodeGrant, refresh_token: refreshTokenGrant };

/** POST /services/oauth2/token */
export function handleToken(ctx) {
  // §6: login hosts are not CORS-enabled token hosts → never any
  // Access-Control-* header. RFC 6749 §5.1 Cache-Control: no-store.
  const headers = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  const form = new URLSearchParams(ctx.body);
  // §3 `format`: json (default) or urlencoded; `xml` is not emulated (JSON sent).
  const reply = (status, obj) => {
    if (form.get('format') === 'urlencoded') {
      return ctx.res.send(status, { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
        new URLSearchParams(obj).toString());
    }
    return ctx.res.json(status, obj, headers);
  };
  try {
    // §3 / §4 unsupported_grant_type row: a GET (e.g. after an http→https
    // redirect, b2c-crm-sync#16) answers `grant type not supported`. The older
    // `invalid_request — must use HTTP POST` text is not used (field evidence wins).
    if (ctx.req.method !== 'POST') err(...UNSUPPORTED_GRANT);
    const grant = GRANTS[form.get('grant_type')];
    if (!grant) err(...UNSUPPORTED_GRANT); // §4: wrong, missing or not enabled grant
    return reply(200, grant(ctx, form));
  } catch (e) {
    if (!(e instanceof TokenError)) throw e;
    return reply(400, { error: e.error, error_description: e.description });
  }
}
