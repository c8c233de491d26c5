// @ts-check
// What can be done with a token once it exists: refresh it, ask who it belongs to, whether it is still valid,
// prove it works with a REST call, and revoke it. Each is one call into the core (build, send, read, explain).
// Every function: (profile, token, …) → a Promise of what to show. Each is sent for the app and host that issued the
// token (lib/owner.js `clientFor`), never for wherever the profile points now.
import { core } from './core.js';
import { clientFor } from './owner.js';

/** @param {Profile} profile @param {import('./owner.js').OwnedToken} token */
const clientOf = (profile, token) => clientFor(profile, token).client;

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./owner.js').OwnedToken} StoredToken */
/** @typedef {import('../pkg/sftoken.js').Token} Token */

/**
 * Refresh: a new access token. When the app rotates refresh tokens Salesforce returns a new one and the old one
 * dies (reusing it revokes everything: docs/salesforce.md#refresh-tokens), so the caller must store the result at
 * once. The result keeps what the stored token carried (profileId…) and says `refreshTokenRotated`.
 * @param {Profile} profile
 * @param {StoredToken} token
 * @returns {Promise<import('../pkg/sftoken.js').RefreshedToken>}
 */
export async function refresh(profile, token) {
  const sf = await core();
  const next = await sf.refreshToken({ ...clientOf(profile, token), token });
  return sf.mergeRefreshedToken(token, next);
}

/**
 * Who is this? userinfo, compared with the token's ids, the profile's username and the scopes asked for.
 * @param {Profile} profile
 * @param {StoredToken} token
 * @returns {Promise<import('../pkg/sftoken.js').WhoIsThis>}
 */
export async function whoIsThis(profile, token) {
  return (await core()).whoIsThis({
    ...clientOf(profile, token),
    token,
    expectedUsername: profile.username || null,
    requestedScopes: profile.flow === 'web_server' || profile.flow === 'device' ? profile.scopes : null,
  });
}

/**
 * Still valid? Introspection when the app allows it; the token's age and the session-timeout caveat in any case.
 * @param {Profile} profile
 * @param {StoredToken} token
 * @param {number} [now] ms
 * @returns {Promise<import('../pkg/sftoken.js').Validity>}
 */
export async function validity(profile, token, now = Date.now()) {
  // A token from a flow whose answer has no issued_at is aged from when sftoken received it.
  const aged = { ...token, issuedAt: token.issuedAt ?? token.receivedAt ?? null };
  return (await core()).stillValid({ ...clientOf(profile, token), token: aged, nowMs: now });
}

/**
 * Test call: the API versions (no auth), then the latest version's /limits with the token.
 * @param {Profile} profile
 * @param {StoredToken} token
 * @returns {Promise<{latest: import('../pkg/sftoken.js').ApiVersion, limits: import('../pkg/sftoken.js').Limits}>}
 */
export async function testCall(profile, token) {
  const { latest, message, rows } = await (await core()).testCall({ ...clientOf(profile, token), token });
  return { latest, limits: { message, rows } };
}

/**
 * Revoke at Salesforce: the refresh token when there is one (it takes its access tokens with it).
 * @param {Profile} profile
 * @param {StoredToken} token
 * @returns {Promise<import('../pkg/sftoken.js').Revoked>}
 */
export async function revoke(profile, token) {
  return (await core()).revokeToken({ ...clientOf(profile, token), token });
}
