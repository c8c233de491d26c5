// @ts-check
// Who owns a token and a login, so that nothing is lost and nothing goes to the wrong place.
//   - A token remembers what issued it (`issuer`: login URL, custom-domain opt-in, consumer key, flow, org, user,
//     instance). Its actions go there, never to wherever the profile points now; the profile's consumer secret
//     rides along only while the profile still names the issuer's consumer key and login host.
//   - One refresh per grant at a time across every page and the background: a Web Lock per profile,
//     `sftoken-refresh:<profileId>`. Web Locks are per origin, and every extension page and the background
//     (Chrome's service worker, Firefox's event page) share the extension's origin, so the lock is theirs alone.
//   - One code exchange per login: a Web Lock per login, `sftoken-exchange:<state>`, and a mark on the stored
//     login (`exchanging`), so a page reloaded mid-exchange knows its code was already sent.
//   - Every page shows the stored token: a write or removal of a profile's token is announced to the other pages on
//     a BroadcastChannel (`sftoken-tokens`, the extension origin's), because tokens live in IndexedDB (lib/vault.js),
//     which has no change event; a token kept in storage.session is followed through storage.onChanged as well.
// Storage is lib/store.js's: this module only adds fields to what it stores.
import { ext } from './browser.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./store.js').StoredToken} StoredToken */
/** @typedef {import('./store.js').LoginFlow} LoginFlow */
/** @typedef {import('../pkg/sftoken.js').Token} Token */
/** @typedef {import('./grants.js').Client} Client */

/**
 * What issued a token: the app and login host it was asked from, and whose it is.
 * @typedef {object} Issuer
 * @property {string} loginUrl as the request was sent
 * @property {boolean} allowCustomDomain
 * @property {string} clientId
 * @property {string} flow
 * @property {string} [orgId]
 * @property {string} [userId]
 * @property {string} [instanceUrl]
 */

/** A stored token with what issued it (tokens stored before sftoken kept issuers have none). @typedef {StoredToken & {issuer?: Issuer}} OwnedToken */

/** A login in progress, with the mark of an exchange under way (ms when its code was sent). @typedef {LoginFlow & {exchanging?: number}} OwnedFlow */

/** The app and host a request was made for: a profile, or a login frozen as it was sent. @typedef {{loginUrl: string, allowCustomDomain?: boolean, clientId: string, flow?: string}} Source */

/**
 * What issued `token`, from the request that got it.
 * @param {Source} source
 * @param {Token} token
 * @returns {Issuer}
 */
export const issuerOf = (source, token) => ({
  loginUrl: source.loginUrl,
  allowCustomDomain: source.allowCustomDomain === true,
  clientId: source.clientId,
  flow: source.flow ?? 'web_server',
  orgId: token.orgId ?? undefined,
  userId: token.userId ?? undefined,
  instanceUrl: token.instanceUrl ?? undefined,
});

/** @param {string} url a login URL as typed: compared by host and path, whatever its scheme or trailing slash */
const loginKey = (url) => (url ?? '').trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');

/**
 * The login URL's host, for messages.
 * @param {string} url
 */
export const hostOf = (url) => loginKey(url).split('/')[0] || url;

/**
 * Whether a profile still names the app and login host of `source` (so its consumer secret belongs to it).
 * @param {Profile | null} profile
 * @param {Source} source
 */
export const stillPointsAt = (profile, source) =>
  !!profile &&
  profile.clientId === source.clientId &&
  loginKey(profile.loginUrl) === loginKey(source.loginUrl) &&
  (profile.allowCustomDomain === true) === (source.allowCustomDomain === true);

/**
 * The app a token's actions are made for: its issuer's, with the profile's consumer secret only while the profile
 * still points at that issuer. `note` explains, when the profile points elsewhere now.
 * @param {Profile} profile
 * @param {OwnedToken} token
 * @returns {{client: Client, note: string}}
 */
export function clientFor(profile, token) {
  const issuer = token.issuer;
  if (!issuer) {
    return {
      client: { loginUrl: profile.loginUrl, allowCustomDomain: profile.allowCustomDomain === true, clientId: profile.clientId, clientSecret: profile.clientSecret || null },
      note: '',
    };
  }
  const same = stillPointsAt(profile, issuer);
  return {
    client: { loginUrl: issuer.loginUrl, allowCustomDomain: issuer.allowCustomDomain, clientId: issuer.clientId, clientSecret: same ? profile.clientSecret || null : null },
    note: same
      ? ''
      : `This token was issued for ${hostOf(issuer.loginUrl)} (consumer key ${issuer.clientId.slice(0, 16)}…); the profile now points elsewhere, ` +
        `so sftoken talks about this token only to ${hostOf(issuer.loginUrl)}, without the profile's consumer secret. ` +
        'Log in again to get a token for the profile as it is now, or restore the profile.',
  };
}

/**
 * Runs `task` while holding the extension-wide lock `name` (waiting for it).
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} task
 * @returns {Promise<T>}
 */
export const exclusively = (name, task) => navigator.locks.request(name, () => task());

/**
 * Runs `task` holding the lock `name` if nobody holds it; resolves with `busy` (and runs nothing) otherwise.
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} task
 * @returns {Promise<T | typeof busy>}
 */
export const ifFree = (name, task) => navigator.locks.request(name, { ifAvailable: true }, (lock) => (lock ? task() : busy));
export const busy = Symbol('busy');

/** @param {string} profileId */
export const refreshLock = (profileId) => `sftoken-refresh:${profileId}`;
/** @param {string} state */
export const exchangeLock = (state) => `sftoken-exchange:${state}`;

/**
 * Whether two tokens are the same one (what the pages compare before re-rendering or refreshing).
 * @param {Token | null} a
 * @param {Token | null} b
 */
export const sameToken = (a, b) => (a?.accessToken ?? null) === (b?.accessToken ?? null) && (a?.refreshToken ?? null) === (b?.refreshToken ?? null);

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('sftoken-tokens') : null;

/**
 * Tells every other page that a profile's stored token changed (stored, refreshed, forgotten, deleted).
 * @param {string} profileId
 */
export const announceToken = (profileId) => channel?.postMessage({ profileId });

/**
 * Calls `listener(profileId)` whenever another page announces a change of a profile's token, or a storage area
 * changes a key naming one of the profile ids `watched()` returns.
 * @param {() => string | null} watched the profile whose token is on screen
 * @param {(profileId: string) => void} listener
 */
export function followTokens(watched, listener) {
  channel?.addEventListener('message', (event) => {
    if (typeof event.data?.profileId === 'string') listener(event.data.profileId);
  });
  ext.storage.onChanged.addListener((changes) => {
    const id = watched();
    if (id && Object.keys(changes).some((key) => key.includes(id))) listener(id);
  });
}
