// @ts-check
// What the popup showed when it last rendered from storage, so that the next popup can show it again at once — before
// storage.local (an IPC round trip that grows with the number of profiles), the vault and the wasm have answered.
// Kept in the extension origin's localStorage: synchronous, and like the vault (IndexedDB) per origin, so the
// extension's content scripts, which see their Salesforce page's localStorage, never see this one (SECURITY.md).
// It holds no secret: profiles without their consumer secret and private key, and of the selected profile's token
// only what the token card shows besides the token itself (instance, org and user ids, issue time, scopes, whether
// a refresh token exists). The popup replaces it with what storage says as soon as storage answers (popup.js), and
// every action waits for that (lib/preview.js): the preview is never acted on.

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./owner.js').OwnedToken} StoredToken */

const KEY = 'sftoken:last-view';
const VERSION = 1;

/**
 * What the token card shows of a token, without the access and refresh tokens.
 * @typedef {object} TokenSummary
 * @property {string} profileId
 * @property {string | null} instanceUrl
 * @property {string | null} orgId
 * @property {string | null} userId
 * @property {number | null} issuedAt
 * @property {string | null} scope
 * @property {boolean} hasRefreshToken
 * @property {boolean | null} signatureValid
 * @property {boolean} [imported] brought in by "Paste", not issued to a login here
 */

/**
 * @typedef {object} LastView
 * @property {Profile[]} profiles without secrets
 * @property {string | null} selectedId
 * @property {TokenSummary | null} token the selected profile's
 */

/** The fields of a profile that never go into the last view. */
const SECRET_FIELDS = ['clientSecret', 'privateKeyPem', 'password', 'securityToken'];

/**
 * The last view, or null when there is none or it cannot be read (another version wrote it, it was damaged):
 * the popup then simply waits for storage, as it would on its first start.
 * @returns {LastView | null}
 */
export function readLastView() {
  try {
    const view = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (view?.version !== VERSION || !Array.isArray(view.profiles)) return null;
    return { profiles: view.profiles, selectedId: view.selectedId ?? null, token: view.token ?? null };
  } catch {
    return null;
  }
}

/**
 * Remembers what the popup shows now (from storage). A failure to write it costs the next start its head start only.
 * @param {Profile[]} profiles
 * @param {Profile | null} selected
 * @param {StoredToken | null} token the selected profile's
 */
export function saveLastView(profiles, selected, token) {
  const withoutSecrets = profiles.map((profile) => {
    const copy = /** @type {Record<string, unknown>} */ ({ ...profile });
    for (const key of SECRET_FIELDS) delete copy[key];
    return /** @type {Profile} */ (copy);
  });
  try {
    localStorage.setItem(KEY, JSON.stringify({ version: VERSION, profiles: withoutSecrets, selectedId: selected?.id ?? null, token: token && summary(token) }));
  } catch {
    // quota or storage disabled: the next popup waits for storage instead
  }
}

/** Forgets the last view (e.g. when its profile or token is deleted elsewhere, storage being the truth). */
export function forgetLastView() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}

/**
 * @param {StoredToken} token
 * @returns {TokenSummary}
 */
function summary(token) {
  return {
    profileId: token.profileId,
    instanceUrl: token.instanceUrl ?? null,
    orgId: token.orgId ?? null,
    userId: token.userId ?? null,
    issuedAt: token.issuedAt ?? null,
    scope: token.scope ?? null,
    hasRefreshToken: Boolean(token.refreshToken),
    signatureValid: token.signatureValid ?? null,
    imported: token.imported === true,
  };
}
