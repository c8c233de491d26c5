// @ts-check
// Where sftoken keeps things. Nothing a content script can read (storage.local) holds a secret or a token: the
// extension's content scripts run on Salesforce pages, Experience Cloud sites included (SECURITY.md).
//   storage.local   profiles       every org profile, {id: profile}, in one key, WITHOUT its consumer secret and
//                                  private key: the popup's start reads just this key, the selection and one token.
//                                  Only the popup writes profiles, so its read-modify-write has no concurrent writer.
//                   selectedProfile
//                   format         'profiles/1': the version of the stored profiles, the same as the profiles file's
//                                  schema (src/salesforce/profiles_file.rs). Stamped on the first start that finds
//                                  it missing (0.1 and the first vault format: the same shape); a newer stamp (an
//                                  older sftoken after a downgrade) makes every profile write refuse, so that an
//                                  older version never rewrites what it does not understand.
//                   vault          {version: 1, run} once what an older version kept here (secrets, token:<id>)
//                                  is in the vault; `run` is also written in the vault (meta), with what was moved
//   IndexedDB       (lib/vault.js) the extension origin's database, which content scripts cannot open:
//                   secrets        profile id → {clientSecret, privateKeyPem}
//                   tokens         profile id → the latest token of that profile (the result page and the popup
//                                  may write tokens at the same time: one entry each)
//   localStorage    sftoken:last-view   the popup's last view, no secret (lib/last-view.js): shown before the
//                                  rest answers, then replaced by what this module reads
//   storage.session flow:<state>   a login in progress: state, PKCE verifier, the captured code. Held in memory
//                                  only, never on disk, and not readable by content scripts (Chrome's default
//                                  access level for storage.session is trusted contexts only; Firefox does not
//                                  expose storage.session to content scripts at all).
//                   password:<id>  a username-password profile's password and security token: kept for the
//                                  browser session only, never written to disk.
//                   secrets:<id>   a profile ticked "Keep secrets for this browser session only": its consumer
//                   token:<id>     secret, private key and token live here instead of the vault, never on disk.
import { ext } from './browser.js';
import * as vault from './vault.js';

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
 * @property {boolean} [sessionOnly] "Keep secrets for this browser session only": the consumer secret, private key
 *   and token are kept in storage.session (memory) instead of the vault
 */

/**
 * The fields of a profile kept in the vault (or in storage.session), never in storage.local.
 * @typedef {{clientSecret: string, privateKeyPem: string}} Secrets
 */

/**
 * A username-password profile's secrets, typed into the form and kept for the browser session only.
 * @typedef {object} Typed
 * @property {string} [password]
 * @property {string} [securityToken]
 */

/**
 * A token as stored: the core's token, whose profile it is, and when sftoken received it (ms).
 * `imported`: brought in with "Paste" (lib/paste.js), not obtained by sftoken.
 * @typedef {Token & {profileId: string, receivedAt?: number, imported?: boolean}} StoredToken
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


// ---------------------------------------------------------------- the migration from storage.local
// Up to 0.1: the consumer secret and private key inside `profiles`, and `token:<id>` keys, all in storage.local.
// Run once per context before any read or write, and exactly once across contexts (a Web Lock): write the vault,
// read it back, and only then delete from storage.local. Interrupted anywhere, nothing is lost: what is in
// storage.local stays until its vault copy was read back, and the next start finishes the job.
export const VAULT_VERSION = 1;
/** @param {any} marker storage.local's `vault` @returns {boolean} */
const isMigrated = (marker) => marker?.version === VAULT_VERSION;
/** @type {Promise<void> | null} */
let migration = null;
/** Resolves once storage.local holds no secret. @returns {Promise<void>} */
export function migrated() {
  if (!migration) {
    vault.open().catch(() => {}); // overlap the database's open with storage.local's read
    migration = migrate();
    migration.catch(() => {
      migration = null;
    });
  }
  return migration;
}

/**
 * Profiles as storage.local holds them. The migration marker is read with them (one storage.local call: each is a
 * round trip to the browser, several ms in Firefox), and the migration runs first if it has not.
 * @returns {Promise<Record<string, Omit<Profile, keyof Secrets>>>}
 */
async function storedProfiles() {
  return (await storedProfilesAndRun()).profiles;
}

/**
 * The same, and the migration run storage.local names (the vault's secrets read since then include all it moved).
 * @returns {Promise<{profiles: Record<string, Omit<Profile, keyof Secrets>>, run: string | null}>}
 */
async function storedProfilesAndRun() {
  /** @type {Record<string, any>} */
  let found = await local().get(['profiles', 'vault', 'format']);
  if (isMigrated(found.vault)) {
    migration ??= Promise.resolve();
  } else {
    await migrated();
    found = await local().get(['profiles', 'vault', 'format']);
  }
  storedFormat = found.format ?? null;
  if (!storedFormat) stamp();
  /** @type {Record<string, Omit<Profile, keyof Secrets>>} */
  const profiles = found.profiles ?? {};
  for (const profile of Object.values(profiles)) whereTokenIs.set(profile.id, profile.sessionOnly === true);
  return { profiles, run: found.vault?.run ?? null };
}

// ---------------------------------------------------------------- the stored format's version
export const FORMAT = 'profiles/1';
/** The stamp storage.local holds, as this context last read it (null: not stamped yet). @type {string | null} */
let storedFormat = null;
/** @type {Promise<void> | null} */
let stamping = null;

/** Stamps today's format on storage.local once (its shape is today's: nothing to convert). */
function stamp() {
  stamping ??= local().set({ format: FORMAT }).then(() => {
    storedFormat = FORMAT;
  }, () => {
    stamping = null;
  });
  return stamping;
}

/** Throws before a profile write when storage.local holds a newer sftoken's profiles. */
function checkWritable() {
  if (storedFormat && storedFormat !== FORMAT) {
    throw new Error(`sftoken: the stored profiles are in format ${storedFormat}, written by a newer sftoken; this version writes ${FORMAT} and changes nothing. Update sftoken.`);
  }
}

async function migrate() {
  if (isMigrated(await getOne(local(), 'vault'))) return;
  const run = () => migrateNow();
  await (globalThis.navigator?.locks ? navigator.locks.request('sftoken-vault-migration', run) : run());
}

/** @param {Partial<Secrets>} p */
const hasSecrets = (p) => Boolean(p?.clientSecret || p?.privateKeyPem);

async function migrateNow() {
  /** @type {Record<string, any>} */
  const all = await local().get(null);
  if (isMigrated(all.vault)) return;
  /** @type {Record<string, Profile>} */
  const old = all.profiles ?? {};
  /** @type {[string, Secrets][]} */
  const secrets = Object.values(old).filter(hasSecrets)
    .map((p) => [p.id, { clientSecret: p.clientSecret ?? '', privateKeyPem: p.privateKeyPem ?? '' }]);
  const tokenKeys = Object.keys(all).filter((key) => key.startsWith('token:'));
  /** @type {[string, StoredToken][]} */
  const tokensFound = tokenKeys.map((key) => [key.slice('token:'.length), all[key]]);
  // 1. write, 2. read back. Inside the lock storage.local is the newest copy: no context writes secrets or tokens
  // before its migrated() resolves, and every context running this code waits for the lock or sees the marker.
  const run = crypto.randomUUID();
  await vault.putAll({ secrets, tokens: tokensFound }, { migrated: run });
  const [secretsNow, tokensNow] = await Promise.all([vault.entries('secrets'), vault.entries('tokens')]);
  /** @type {(a: any, b: any) => boolean} */
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const missing = [...secrets.filter(([id, v]) => !same(secretsNow.get(id), v)), ...tokensFound.filter(([id, v]) => !same(tokensNow.get(id), v))];
  if (missing.length) throw new Error(`sftoken: the vault did not keep ${missing.length} secret(s); storage.local left as it was`);
  // 3. delete: the tokens, then the secrets in the profiles as they are now. A secret that differs from its vault
  // copy (written meanwhile by a context still running the old code) is kept, and the marker not set: next time.
  await local().remove(tokenKeys);
  const current = (await getOne(local(), 'profiles')) ?? {};
  let complete = true;
  for (const profile of Object.values(current)) {
    if (!hasSecrets(profile)) {
      delete profile.clientSecret;
      delete profile.privateKeyPem;
      continue;
    }
    const kept = secretsNow.get(profile.id);
    if (kept && kept.clientSecret === (profile.clientSecret ?? '') && kept.privateKeyPem === (profile.privateKeyPem ?? '')) {
      delete profile.clientSecret;
      delete profile.privateKeyPem;
    } else {
      complete = false;
    }
  }
  /** @type {Record<string, any>} */
  const done = complete ? { profiles: current, vault: { version: VAULT_VERSION, run }, format: FORMAT } : { profiles: current };
  await local().set(done);
}

// ---------------------------------------------------------------- where a profile's secrets and token live
/**
 * The vault, or storage.session for a profile kept for this browser session only.
 * @param {boolean} sessionOnly
 */
const secretsIn = (sessionOnly) => ({
  /** @type {(id: string) => Promise<Secrets | null>} */
  get: (id) => (sessionOnly ? getOne(session(), `secrets:${id}`) : vault.get('secrets', id)),
  /** @type {(id: string, value: Secrets) => Promise<void>} */
  put: (id, value) => (sessionOnly ? session().set({ [`secrets:${id}`]: value }) : vault.put('secrets', id, value)),
  /** @type {(id: string) => Promise<void>} */
  remove: (id) => (sessionOnly ? session().remove(`secrets:${id}`) : vault.remove(['secrets'], id)),
});
/** @param {boolean} sessionOnly */
const tokensIn = (sessionOnly) => ({
  /** @type {(id: string) => Promise<StoredToken | null>} */
  get: (id) => (sessionOnly ? getOne(session(), `token:${id}`) : vault.get('tokens', id)),
  /** @type {(id: string, value: StoredToken) => Promise<void>} */
  put: (id, value) => (sessionOnly ? session().set({ [`token:${id}`]: value }) : vault.put('tokens', id, value)),
  /** @type {(id: string) => Promise<void>} */
  remove: (id) => (sessionOnly ? session().remove(`token:${id}`) : vault.remove(['tokens'], id)),
});

/**
 * Profiles as storage.local holds them, with their secrets from the vault or storage.session.
 * @param {Omit<Profile, keyof Secrets>[]} list
 * @param {Map<string, Secrets>} [vaultSecrets] the vault's secrets, if already read
 * @returns {Promise<Profile[]>}
 */
async function withSecrets(list, vaultSecrets) {
  if (!list.length) return [];
  const inSession = list.filter((p) => p.sessionOnly).map((p) => `secrets:${p.id}`);
  /** @type {[Map<string, Secrets>, Record<string, any>]} */
  const [fromVault, fromSession] = await Promise.all([
    vaultSecrets ?? (list.some((p) => !p.sessionOnly) ? vault.entries('secrets') : new Map()),
    inSession.length ? session().get(inSession) : {},
  ]);
  return list.map((p) => {
    /** @type {Partial<Secrets>} */
    const secrets = (p.sessionOnly ? fromSession[`secrets:${p.id}`] : fromVault.get(p.id)) ?? {};
    return { ...p, clientSecret: secrets.clientSecret ?? '', privateKeyPem: secrets.privateKeyPem ?? '' };
  });
}

export const profiles = {
  /** @returns {Promise<Profile[]>} */
  async all() {
    // The vault's secrets are read at the same time as storage.local (the popup's start waits for both). That read
    // is used only if it saw the migration run storage.local names (then it came after everything the migration
    // moved); otherwise the vault is read again.
    const early = vault.secretsSnapshot();
    early.catch(() => {});
    const { profiles: stored, run } = await storedProfilesAndRun();
    const list = Object.values(stored);
    /** @type {{secrets: Map<string, any>, migrated: string | null} | undefined} */
    let snapshot;
    try {
      snapshot = await early;
    } catch {
      // read again below
    }
    if (!run || snapshot?.migrated !== run) snapshot = await vault.secretsSnapshot();
    return withSecrets(list, snapshot.secrets);
  },
  /** @type {(id: string) => Promise<Profile | null>} */
  async get(id) {
    vault.open().catch(() => {});
    const stored = (await storedProfiles())[id];
    return stored ? (await withSecrets([stored]))[0] : null;
  },
  /**
   * Secrets first (vault or session), then the profile without them: a profile is never shown without its secret.
   * Ticking or unticking "Keep secrets for this browser session only" moves the secrets and the token across.
   * @param {Profile} profile
   */
  async put(profile) {
    const { clientSecret = '', privateKeyPem = '', ...rest } = profile;
    const sessionOnly = rest.sessionOnly === true;
    const all = await storedProfiles();
    checkWritable();
    const wasSessionOnly = all[profile.id]?.sessionOnly === true;
    if (clientSecret || privateKeyPem) await secretsIn(sessionOnly).put(profile.id, { clientSecret, privateKeyPem });
    else await secretsIn(sessionOnly).remove(profile.id);
    if (all[profile.id] && wasSessionOnly !== sessionOnly) {
      const token = await tokensIn(wasSessionOnly).get(profile.id);
      if (token) await tokensIn(sessionOnly).put(profile.id, token);
      await tokensIn(wasSessionOnly).remove(profile.id);
      await secretsIn(wasSessionOnly).remove(profile.id);
    }
    all[profile.id] = rest;
    await local().set({ profiles: all, format: FORMAT });
  },
  /**
   * Writes several profiles at once, all or nothing (an import): every secret in one vault transaction (and one
   * storage.session write for profiles kept for the session only), then every profile in one storage.local write.
   * If the profiles cannot be written, the secrets written before are put back as they were. A profile that moves
   * between the vault and storage.session is not handled here: import keeps each stored profile's choice.
   * @param {Profile[]} list
   */
  async putMany(list) {
    const all = await storedProfiles();
    checkWritable();
    const split = list.map((profile) => {
      const { clientSecret = '', privateKeyPem = '', ...rest } = profile;
      return { rest, secrets: { clientSecret, privateKeyPem }, sessionOnly: rest.sessionOnly === true };
    });
    const inVault = split.filter((p) => !p.sessionOnly);
    const inSession = split.filter((p) => p.sessionOnly);
    const before = await vault.entries('secrets');
    const sessionBefore = inSession.length ? await session().get(inSession.map((p) => `secrets:${p.rest.id}`)) : {};
    await vault.putAll({ secrets: inVault.map((p) => [p.rest.id, p.secrets]) });
    try {
      if (inSession.length) await session().set(Object.fromEntries(inSession.map((p) => [`secrets:${p.rest.id}`, p.secrets])));
      const next = { ...all };
      for (const { rest } of split) next[rest.id] = rest;
      await local().set({ profiles: next, format: FORMAT });
    } catch (error) {
      // Put the secrets back as they were: nothing of the import stays.
      await vault.putAll({ secrets: inVault.filter((p) => before.has(p.rest.id)).map((p) => [p.rest.id, before.get(p.rest.id)]) }).catch(() => {});
      await Promise.all(inVault.filter((p) => !before.has(p.rest.id)).map((p) => vault.remove(['secrets'], p.rest.id).catch(() => {})));
      if (inSession.length) {
        await session().remove(inSession.map((p) => `secrets:${p.rest.id}`)).catch(() => {});
        await session().set(sessionBefore).catch(() => {});
      }
      throw error;
    }
  },
  /**
   * The profile, then everything kept for it: secrets, token and session password.
   * @param {string} id
   */
  async remove(id) {
    const all = await storedProfiles();
    checkWritable();
    delete all[id];
    await local().set({ profiles: all, format: FORMAT });
    await Promise.all([
      vault.remove(vault.STORES, id),
      session().remove([`secrets:${id}`, `token:${id}`, `password:${id}`]),
      local().remove(`token:${id}`),
    ]);
  },
};

/**
 * Whether a profile keeps its secrets for the session only (a token of a profile deleted meanwhile: the vault).
 * @param {string} profileId
 */
const sessionOnlyProfile = async (profileId) => (await storedProfiles())[profileId]?.sessionOnly === true;

// Which area holds a profile's token (true: storage.session), as this context last read the profiles: tokens.get
// reads that area first, and the other only if it has nothing (the profile moved meanwhile, or has no token).
/** @type {Map<string, boolean>} */
const whereTokenIs = new Map();

export const tokens = {
  /** @type {() => Promise<StoredToken[]>} */
  async all() {
    await migrated();
    const [fromVault, fromSession] = await Promise.all([vault.entries('tokens'), itemsWithPrefix(session(), 'token:')]);
    const byProfile = new Map(fromVault);
    for (const token of fromSession) byProfile.set(token.profileId, token);
    return [...byProfile.values()];
  },
  /** @type {(profileId: string) => Promise<StoredToken | null>} */
  async get(profileId) {
    await migrated();
    const known = whereTokenIs.get(profileId);
    if (known !== undefined) return (await tokensIn(known).get(profileId)) ?? tokensIn(!known).get(profileId);
    const [inSession, inVault] = await Promise.all([tokensIn(true).get(profileId), tokensIn(false).get(profileId)]);
    return inSession ?? inVault;
  },
  /** @type {(profileId: string, token: Token & {receivedAt?: number, imported?: boolean}) => Promise<void>} */
  async put(profileId, token) {
    await migrated();
    const sessionOnly = await sessionOnlyProfile(profileId);
    await tokensIn(sessionOnly).put(profileId, { ...token, profileId });
    await tokensIn(!sessionOnly).remove(profileId);
  },
  /** @type {(profileId: string) => Promise<void>} */
  async remove(profileId) {
    await migrated();
    await Promise.all([tokensIn(true).remove(profileId), tokensIn(false).remove(profileId)]);
  },
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
