// authorization_code grant (web-server flow). docs/salesforce.md: #grants, #authorize, #token-response, #errors, #pkce.
import crypto from 'node:crypto';
import { CODE_LIFETIME_MS } from '../store.mjs';
import {
  AUTH_FAILURE, BAD_VERIFIER, EXPIRED_CODE, INVALID_CODE,
  authenticateClient, err, grantsRefreshToken, issueRefreshToken, timingSafeEqualStr, tokenResponse,
} from '../token-common.mjs';

/** #pkce: challenge = BASE64URL(SHA-256(verifier)), no padding (RFC 4648 §5). */
const s256 = (verifier) => crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url');

/**
 * docs/salesforce.md#failed-code-exchange: whether a failed exchange burns the code is
 * undocumented. Default (org `failedExchangeBurnsCode: false`): only a successful
 * exchange consumes the code; a failure (client authentication, client_id of
 * another app, redirect_uri, verifier) leaves it usable until it expires. With the
 * setting on, any exchange attempt that names a live code consumes it (RFC 6749 §10.5
 * reading: "observes multiple attempts to exchange").
 */
export function authorizationCodeGrant(ctx, form) {
  const code = form.get('code');
  const live = code && ctx.store.codes.get(code);
  try {
    return exchangeCode(ctx, form);
  } catch (e) {
    if (ctx.cfg.org.failedExchangeBurnsCode && live) live.used = true;
    throw e;
  }
}

function exchangeCode(ctx, form) {
  const app = authenticateClient(form, ctx.req, ctx.cfg, (a) => a.requireSecret); // #pkce "Require Secret for Web Server Flow"
  const code = form.get('code');
  if (!code) err(...INVALID_CODE);
  const rec = ctx.store.codes.get(code);
  // #authorize "Lifetime and reuse": 15 minutes, single use; reuse returned
  // invalid_grant / expired authorization code (omniphx/forrest#169).
  if (!rec || rec.used) err(...EXPIRED_CODE);
  if (ctx.clock.now() - rec.issuedAt > CODE_LIFETIME_MS) {
    ctx.store.codes.delete(code);
    err(...EXPIRED_CODE);
  }
  // Code issued to another client (emulator choice of description, #errors spelling).
  if (rec.clientId !== app.clientId) err(...INVALID_CODE);
  // #errors row 1: redirect_uri differs from the authorize one → authentication failure (nforce#134).
  if (form.get('redirect_uri') !== rec.redirectUri) err(...AUTH_FAILURE);
  if (rec.codeChallenge) {
    const verifier = form.get('code_verifier');
    // #errors: challenge sent at authorize but no verifier → invalid_grant (REST guide 222).
    if (!verifier) err(...BAD_VERIFIER);
    // #errors/#pkce: Salesforce rejects verifiers containing `~` (nsflow#249); otherwise
    // the verifier must hash to the challenge. Length is not enforced (#pkce: jsforce's
    // 171-char verifiers work).
    if (verifier.includes('~') || !timingSafeEqualStr(s256(verifier), rec.codeChallenge)) err(...BAD_VERIFIER);
  }
  // A verifier without a challenge is ignored (undocumented; emulator choice).
  // A successful exchange consumes the code (failed ones: see authorizationCodeGrant).
  rec.used = true;
  const family = crypto.randomUUID();
  // #token-response refresh_token only when `refresh_token`/`offline_access` was granted.
  const refreshToken = grantsRefreshToken(rec.scopes)
    ? issueRefreshToken(ctx, app, rec.userId, rec.scopes, family) : undefined;
  return tokenResponse(ctx, app, rec.userId, rec.scopes, { refreshToken, family });
}
