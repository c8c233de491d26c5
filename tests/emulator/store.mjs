// In-memory state: emulator clock, authorization codes, sessions, approvals,
// issued tokens and the request log.
import crypto from 'node:crypto';

// §2 "Lifetime and reuse": the authorization code "expires after 15 minutes".
export const CODE_LIFETIME_MS = 15 * 60 * 1000;
// §7: the access token / session lives as long as the session timeout,
// default two hours. Used here for the browser `sid` session.
export const SESSION_LIFETIME_MS = 2 * 60 * 60 * 1000;

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

/** n random characters from [A-Za-z0-9._]. */
export function randomChars(n, alphabet = TOKEN_CHARS) {
  const bytes = crypto.randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/**
 * §2 "Success redirect": real codes start with `aPrx`, may contain `.` and `_`,
 * and end in `=`/`==` (seen as %3D%3D in the Location). Example from
 * b2c-crm-sync#16: `aPrxGfV7WpWW…Kimwp8ENHaGvg%3D%3D`.
 */
export const newAuthorizationCode = () => `aPrx${randomChars(80)}==`;
/** §3.2 access_token: opaque session id shaped `00D<org id>!<…>` (sfdx-core accessTokenRegex). */
export const newAccessToken = (orgId) => `${orgId}!${randomChars(100)}`;
/** Refresh tokens are opaque; shape is not documented in the reference (emulator choice). */
export const newRefreshToken = () => `5Aep861${randomChars(80)}`;
export const newSessionId = () => crypto.randomBytes(24).toString('base64url');

/**
 * Controllable clock (brief §4): runs with real time from `startMs`
 * (default: real now); advance(ms) jumps forward.
 */
export function createClock(clockStartMs) {
  let base, realBase;
  const reset = () => {
    realBase = Date.now();
    base = clockStartMs ?? realBase;
  };
  reset();
  return {
    now: () => base + (Date.now() - realBase),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('advance(ms) needs a non-negative number');
      base += ms;
      return base + (Date.now() - realBase);
    },
    reset,
  };
}

export function createStore(clock) {
  const s = {
    codes: new Map(),     // code -> {clientId, redirectUri, scopes, codeChallenge, userId, issuedAt, used}
    sessions: new Map(),  // sid -> {userId, createdAt}
    approvals: new Set(), // `${userId}|${clientId}` once the user clicked Allow
    accessTokens: new Map(),  // token -> {clientId, userId, scopes, issuedAt, refreshToken}
    refreshTokens: new Map(), // token -> {clientId, userId, scopes, issuedAt}
    log: [],
    clear() {
      s.codes.clear(); s.sessions.clear(); s.approvals.clear();
      s.accessTokens.clear(); s.refreshTokens.clear(); s.log.length = 0;
    },
    createSession(userId) {
      const sid = newSessionId();
      s.sessions.set(sid, { userId, createdAt: clock.now() });
      return sid;
    },
    /** Returns the session for a sid, or undefined if unknown/expired (§7 two-hour default). */
    getSession(sid) {
      const sess = sid && s.sessions.get(sid);
      if (!sess) return undefined;
      if (clock.now() - sess.createdAt > SESSION_LIFETIME_MS) { s.sessions.delete(sid); return undefined; }
      return sess;
    },
  };
  return s;
}
