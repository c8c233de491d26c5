// §3.1 authorization_code grant (web-server flow). Reference §2, §3.2, §4, §8.
import crypto from 'node:crypto';
import { CODE_LIFETIME_MS } from '../store.mjs';
import {
  AUTH_FAILURE, BAD_VERIFIER, EXPIRED_CODE, INVALID_CODE,
  authenticateClient, err, grantsRefreshToken, issueRefreshToken, timingSafeEqualStr, tokenResponse,
} from '../token-common.mjs';

/** §8: challenge = BASE64URL(SHA-256(verifier)), no padding (RFC 4648 §5). */
const s256 = (verifier) => crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url');

export function authorizationCodeGrant(ctx, form) {
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
  const family = crypto.randomUUID();
  // §3.2 refresh_token only when `refresh_token`/`offline_access` was granted.
  const refreshToken = grantsRefreshToken(rec.scopes)
    ? issueRefreshToken(ctx, app, rec.userId, rec.scopes, family) : undefined;
  return tokenResponse(ctx, app, rec.userId, rec.scopes, { refreshToken, family });
}
