// @ts-check
// Where sftoken keeps things.
//   storage.local   profiles       every org profile, {id: profile}, in one key: the popup's start reads just this
//                                  key, the selection and one token, however many tokens are stored. Only the
//                                  popup writes profiles, so its read-modify-write has no concurrent writer.
//                   token:<id>     the latest token of that profile, one key each (the result page and the
//                                  popup may write tokens at the same time)
//                   selectedProfile
//   storage.session flow:<state>   a login in progress: state, PKCE verifier, the captured code. Held in memory
//                                  only, never on disk, and not readable by content scripts (Chrome's default
//                                  access level for storage.session is trusted contexts only).
//                   password:<id>  a username-password profile's password and security token: kept for the
//                                  browser session only, never written to disk.
import { ext } from './browser.js';

/** @typedef {import('../pkg/sftoken.js').Token} Token */
/** @typedef {import('../pkg/sftoken.js').AuthorizationError} AuthorizationError */

/**
 * An org profile as the form saves it (lib/profile-form.js). Every field but `id` is the form's text; the core
 * checks them (`validateProfile`). The password and security token are not in it: see `passwords`.
 * @typedef {object} Profile
 * @property {string} id
 * @property {string} name
 * @property {string} flow `web_server`, `password`, `client_credentials`, `jwt_bearer` or `device`
 * @property {string} loginUrl
 * @property {boolean} allowCustomDomain
 * @property {string} clientId
 * @property {string} clientSecret
 * @property {string} redirectUri
 * @property {string} scopes
 * @property {string} username
 * @property {string} privateKeyPem
 * @property {string} [certificatePem] the self-signed certificate "Generate key pair" made, to upload again
 */

/**
 * A username-password profile's secrets, typed into the form and kept for the browser session only.
 * @typedef {object} Typed
 * @property {string} [password]
 * @property {string} [securityToken]
 */

/**
 * A token as stored: the core's token, whose profile it is, and when sftoken received it (ms).
 * @typedef {Token & {profileId: string, receivedAt?: number}} StoredToken
 */

/**
 * A web-server login in progress (background.js writes it, the result page and the popup read it).
 * @typedef {object} LoginFlow
 * @property {string} state
 * @property {string | undefined} codeVerifier
 * @property {string} profileId
 * @property {string} loginUrl frozen as sent to /authorize, with the next three
 * @property {boolean} allowCustomDomain
 * @property {string} clientId
 * @property {string} redirectUri
 * @property {number} startedAt ms
 * @property {number} [tabId] the login tab
 * @property {{code: string, capturedAt: number}} [captured] the authorization code, once caught
 * @property {AuthorizationError | null} [failure] Salesforce's refusal, explained by the core
 */

/** @typedef {chrome.storage.StorageArea} Area */

const local = () => ext.storage.local;
const session = () => ext.storage.session;

/**
 * @param {Area} area
 * @param {string} prefix
 * @returns {Promise<any[]>}
 */
async function itemsWithPrefix(area, prefix) {
  const all = await area.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(prefix))
    .map(([, value]) => value);
}

/**
 * @param {Area} area
 * @param {string} key
 * @returns {Promise<any>} the value, or null
 */
async function getOne(area, key) {
  const found = await area.get(key);
  return found[key] ?? null;
}

/** @returns {Promise<Record<string, Profile>>} */
const allProfiles = async () => (await getOne(local(), 'profiles')) ?? {};

export const profiles = {
  /** @returns {Promise<Profile[]>} */
  all: async () => Object.values(await allProfiles()),
  /** @type {(id: string) => Promise<Profile | null>} */
  get: async (id) => (await allProfiles())[id] ?? null,
  /** @param {Profile} profile */
  async put(profile) {
    const all = await allProfiles();
    all[profile.id] = profile;
    await local().set({ profiles: all });
  },
  /** @param {string} id */
  async remove(id) {
    const all = await allProfiles();
    delete all[id];
    await local().set({ profiles: all });
    await local().remove(`token:${id}`);
  },
};

export const tokens = {
  /** @type {() => Promise<StoredToken[]>} */
  all: () => itemsWithPrefix(local(), 'token:'),
  /** @type {(profileId: string) => Promise<StoredToken | null>} */
  get: (profileId) => getOne(local(), `token:${profileId}`),
  /** @type {(profileId: string, token: Token & {receivedAt?: number}) => Promise<void>} */
  put: (profileId, token) => local().set({ [`token:${profileId}`]: { ...token, profileId } }),
  /** @type {(profileId: string) => Promise<void>} */
  remove: (profileId) => local().remove(`token:${profileId}`),
};

export const selection = {
  /** @type {() => Promise<string | null>} the selected profile's id */
  get: () => getOne(local(), 'selectedProfile'),
  /** @type {(id: string) => Promise<void>} */
  put: (id) => local().set({ selectedProfile: id }),
};

export const flows = {
  /** @type {() => Promise<LoginFlow[]>} */
  all: () => itemsWithPrefix(session(), 'flow:'),
  /** @type {(state: string) => Promise<LoginFlow | null>} */
  get: (state) => getOne(session(), `flow:${state}`),
  /** @type {(flow: LoginFlow) => Promise<void>} */
  put: (flow) => session().set({ [`flow:${flow.state}`]: flow }),
  /** @type {(state: string) => Promise<void>} */
  remove: (state) => session().remove(`flow:${state}`),
};

export const passwords = {
  /** @type {(profileId: string) => Promise<Typed | null>} */
  get: (profileId) => getOne(session(), `password:${profileId}`),
  /** @type {(profileId: string, value: Typed) => Promise<void>} */
  put: (profileId, value) => session().set({ [`password:${profileId}`]: value }),
  /** @type {(profileId: string) => Promise<void>} */
  remove: (profileId) => session().remove(`password:${profileId}`),
};
