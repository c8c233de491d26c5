// In-memory state: emulator clock, authorization codes, sessions, approvals,
// issued tokens and the request log.
import crypto from 'node:crypto';

// #authorize "Lifetime and reuse": the authorization code "expires after 15 minutes".
export const CODE_LIFETIME_MS = 15 * 60 * 1000;
// #lifetimes: the access token / session lives as long as the session timeout,
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
 * #authorize "Success redirect": real codes start with `aPrx`, may contain `.` and `_`,
 * and end in `=`/`==` (seen as %3D%3D in the Location). Example from
 * b2c-crm-sync#16: `aPrxGfV7WpWW…Kimwp8ENHaGvg%3D%3D`.
 */
export const newAuthorizationCode = () => `aPrx${randomChars(80)}==`;
/** #token-response access_token: opaque session id shaped `00D<org id>!<…>` (sfdx-core accessTokenRegex). */
export const newAccessToken = (orgId) => `${orgId}!${randomChars(100)}`;
/** Refresh tokens are opaque; shape is not documented (emulator choice). */
export const newRefreshToken = () => `5Aep861${randomChars(80)}`;
export const newSessionId = () => crypto.randomBytes(24).toString('base64url');
/** Device-flow codes (#grants device rows): shapes are not documented (emulator choice, README). */
export const newDeviceCode = () => `M0D${randomChars(60, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
export const newUserCode = () => randomChars(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789');

/** #lifetimes: access tokens live as long as the session timeout, default two hours (per-app `sessionTimeoutMinutes`). */
export const accessTokenLifetimeMs = (app) => (app.sessionTimeoutMinutes ?? 120) * 60 * 1000;

/**
 * Controllable clock (test tooling): runs with real time from `startMs`
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
    // token -> {clientId, userId, scopes, issuedAt, expiresAt, refreshToken, family, id}
    accessTokens: new Map(),
    // token -> {clientId, userId, scopes, issuedAt, family, rotatedOut}
    // `family`: one grant (the code exchange or device approval) and every
    // token refreshed or rotated from it; revoking a refresh token or reusing a
    // rotated-out one removes the whole family (#revoke, #refresh-tokens).
    refreshTokens: new Map(),
    deviceCodes: new Map(), // device_code -> {clientId, userCode, scopes, issuedAt, lastPollAt, status, userId}
    records: new Map(),     // record id -> {type, fields}: what "Try a request" created (sobjects.mjs)
    apiCalls: 0,            // authenticated REST calls since start/reset (limits DailyApiRequests.Remaining)
    hops: new Map(),        // My Domain hop source -> {location, createdAt} (docs/salesforce.md#my-domain-hop)
    refreshing: new Set(),  // refresh tokens whose refresh is being processed (docs/salesforce.md#concurrent-refresh)
    faults: new Map(),      // path -> {mode, retryAfter, status, remaining} (test tooling, README "Fault modes")
    hung: new Set(),        // responses held open by the `hang` fault
    log: [],
    clear() {
      s.codes.clear(); s.sessions.clear(); s.approvals.clear();
      s.accessTokens.clear(); s.refreshTokens.clear(); s.deviceCodes.clear();
      s.hops.clear(); s.refreshing.clear(); s.clearFaults(); s.records.clear();
      s.apiCalls = 0; s.log.length = 0;
    },
    /** Removes the fault on `path` (all faults without a path); hung connections are destroyed. */
    clearFaults(path) {
      if (path === undefined) s.faults.clear(); else s.faults.delete(path);
      if (path === undefined || !s.faults.size) {
        for (const r of s.hung) r.destroy();
        s.hung.clear();
      }
    },
    /**
     * Access-token record if the token is known and not past its session timeout
     * (#lifetimes: "An expired token gives 401 INVALID_SESSION_ID"), else undefined.
     */
    getAccessToken(token) {
      const rec = token && s.accessTokens.get(token);
      if (!rec) return undefined;
      if (clock.now() >= rec.expiresAt) return undefined;
      return rec;
    },
    /** Removes every refresh and access token of a grant family (#revoke, #lifetimes). */
    revokeFamily(family) {
      for (const [t, r] of s.refreshTokens) if (r.family === family) s.refreshTokens.delete(t);
      for (const [t, r] of s.accessTokens) if (r.family === family) s.accessTokens.delete(t);
    },
    findDeviceByUserCode(userCode) {
      const norm = String(userCode || '').toUpperCase().replace(/[\s-]/g, '');
      for (const [deviceCode, rec] of s.deviceCodes) if (rec.userCode === norm) return { deviceCode, rec };
      return undefined;
    },
    createSession(userId) {
      const sid = newSessionId();
      s.sessions.set(sid, { userId, createdAt: clock.now() });
      return sid;
    },
    /** Returns the session for a sid, or undefined if unknown/expired (#lifetimes two-hour default). */
    getSession(sid) {
      const sess = sid && s.sessions.get(sid);
      if (!sess) return undefined;
      if (clock.now() - sess.createdAt > SESSION_LIFETIME_MS) { s.sessions.delete(sid); return undefined; }
      return sess;
    },
  };
  return s;
}
