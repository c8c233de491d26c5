// @ts-check
// "Paste anything" and importing a token sftoken did not get itself. Recognising is one core call (`classifyPaste`,
// no network); nothing pasted is sent anywhere before the person confirms what was recognised. Then:
//   - a redirect URL goes through the content script's own state check (lib/login.js `readCallback` against every
//     pending login): a code whose state matches a pending login is captured for exchange, anything else refused;
//   - a token (SFDX auth URL, token answer, access token) is checked by the core (`importToken`: its instance an https
//     Salesforce host, a refresh token with its consumer key) and stored like any other, marked `imported`, with its
//     issuer (lib/owner.js): the instance or login host it came from, so its actions go there and nowhere else. It
//     belongs to a profile: the one with the same login host and consumer key, or a new one.
import { core } from './core.js';
import { readCallback } from './login.js';
import { announceToken, issuerOf } from './owner.js';
import { flows, profiles, tokens } from './store.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./store.js').LoginFlow} LoginFlow */
/** @typedef {import('../pkg/sftoken.js').PasteKind} PasteKind */
/** @typedef {import('../pkg/sftoken.js').Token} Token */

/** @type {typeof import('../pkg/sftoken.js') | null} */
let loaded = null;

/** Loads the core for `classify` (call when the page starts). @returns {Promise<void>} */
export const pasteReady = () =>
  core().then((sf) => {
    loaded = sf;
  });

/**
 * What was pasted (synchronous once `pasteReady` resolved; nothing is sent).
 * @param {string} text
 * @returns {PasteKind}
 */
export function classify(text) {
  if (!loaded) return { kind: 'unknown', message: 'sftoken is still starting.', hint: 'Try again in a moment.' };
  return loaded.classifyPaste(text);
}

/**
 * A pasted redirect URL, judged as the content script's are: its state against every pending login. Resolves with
 * the login whose code it captured (for the exchange), or throws why not.
 * @param {string} url
 * @returns {Promise<LoginFlow>}
 */
export async function pastedCallback(url) {
  for (const flow of await flows.all()) {
    const outcome = await readCallback(url, flow.state);
    if (outcome.kind === 'unrelated') continue;
    if (flow.captured || flow.failure) {
      throw { code: 'already_captured', message: 'That login already has its answer.', hint: 'Log in again for a new code.' };
    }
    /** @type {LoginFlow} */
    const next = outcome.kind === 'code'
      ? { ...flow, captured: { code: outcome.code, capturedAt: Date.now() }, failure: null }
      : { ...flow, failure: outcome };
    await flows.put(next);
    return next;
  }
  throw {
    code: 'no_pending_login',
    message: 'No login of yours is waiting for this code.',
    hint: 'sftoken exchanges only a code whose state matches a login it started. Click "Log in" and finish it in the tab sftoken opens.',
  };
}

/**
 * What an import brings.
 * @typedef {object} ImportRequest
 * @property {string} [accessToken]
 * @property {string} instanceUrl
 * @property {string} [refreshToken]
 * @property {string} [clientId]
 * @property {string} [clientSecret]
 * @property {Partial<Token>} [details] what else a token answer told (ids, scope, issued at)
 */

/**
 * Stores an imported token under its profile (found by login host and consumer key, else created). Resolves with the
 * profile. Throws the core's `{code, message, hint, field}`.
 * @param {ImportRequest} request
 * @returns {Promise<Profile>}
 */
export async function importToken({ accessToken, instanceUrl, refreshToken, clientId = '', clientSecret = '', details = {} }) {
  const sf = loaded ?? (await core());
  const imported = sf.importToken({ accessToken: accessToken ?? null, instanceUrl, refreshToken: refreshToken ?? null, clientId, loginUrl: '' });
  const host = hostOf(sf, imported.loginUrl);
  const all = await profiles.all();
  let profile = all.find((p) => p.clientId === imported.clientId && hostOf(sf, p.loginUrl, p.allowCustomDomain) === host) ?? null;
  if (!profile) {
    profile = {
      id: crypto.randomUUID(),
      name: `Imported ${host}`,
      flow: 'web_server',
      loginUrl: imported.loginUrl,
      allowCustomDomain: false,
      clientId: imported.clientId,
      clientSecret,
      redirectUri: 'https://login.salesforce.com/',
      scopes: 'api refresh_token',
      username: '',
      privateKeyPem: '',
    };
    await profiles.put(profile);
  } else if (clientSecret && !profile.clientSecret) {
    profile = { ...profile, clientSecret };
    await profiles.put(profile);
  }
  /** @type {Token} */
  const token = { ...imported.token, ...withoutNulls(details), accessToken: imported.token.accessToken, instanceUrl: imported.token.instanceUrl };
  const issuer = issuerOf({ loginUrl: imported.loginUrl, clientId: imported.clientId, flow: 'imported' }, token);
  /** @type {import('./owner.js').OwnedToken} */
  const stored = { ...token, profileId: profile.id, receivedAt: Date.now(), imported: true, issuer };
  await tokens.put(profile.id, stored);
  announceToken(profile.id);
  return profile;
}

/**
 * The saved profile that logs in at `host` (as the core normalises each profile's Login URL), or null.
 * @param {string} host
 * @returns {Promise<Profile | null>}
 */
export async function profileLoggingInAt(host) {
  const sf = loaded ?? (await core());
  return (await profiles.all()).find((p) => hostOf(sf, p.loginUrl, p.allowCustomDomain) === host) ?? null;
}

/**
 * A login URL's host as the core normalises it ('' when it does not).
 * @param {typeof import('../pkg/sftoken.js')} sf
 * @param {string} url
 * @param {boolean} [allowCustomDomain]
 */
function hostOf(sf, url, allowCustomDomain = false) {
  try {
    return sf.normalizeLoginUrl(url, allowCustomDomain).host;
  } catch {
    return '';
  }
}

/**
 * @param {Partial<Token>} details
 * @returns {Partial<Token>}
 */
const withoutNulls = (details) => Object.fromEntries(Object.entries(details).filter(([, v]) => v !== null && v !== undefined));
