// @ts-check
// "Copy as": a token written out for another tool — the Authorization header, a curl or HTTPie command, .env lines, a
// Salesforce CLI login, an SFDX auth URL, a Postman environment. One call into the core (`exportToken`), which needs
// no network and answers synchronously once the core is loaded: the clipboard write then stays inside the click
// (Firefox refuses one that comes after an await: BROWSERS.md). The app fields are the token's issuer's (lib/owner.js
// `clientFor`): the profile's consumer secret goes into an export only while the profile still names that app.
import { core } from './core.js';
import { clientFor } from './owner.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./owner.js').OwnedToken} StoredToken */
/** @typedef {import('../pkg/sftoken.js').ExportInput['format']} ExportFormat */
/** @typedef {import('../pkg/sftoken.js').ExportedToken} ExportedToken */

/** @type {typeof import('../pkg/sftoken.js') | null} */
let loaded = null;

/** Loads the core for `exportFor` (call when the page starts). @returns {Promise<void>} */
export const exportsReady = () =>
  core().then((sf) => {
    loaded = sf;
  });

/**
 * The token in `format`; throws the core's `{code, message, hint}` (e.g. an SFDX auth URL without a refresh token).
 * @param {Profile | null} profile the profile the token belongs to
 * @param {StoredToken} token
 * @param {ExportFormat} format
 * @param {string | null} apiVersion e.g. "66.0" (the last Test call's); null: /services/data/
 * @returns {ExportedToken}
 */
export function exportFor(profile, token, format, apiVersion) {
  if (!loaded) throw { code: 'not_ready', message: 'sftoken is still starting.', hint: 'Try again in a moment.' };
  const client = profile ? clientFor(profile, token).client : null;
  return loaded.exportToken({
    format,
    token,
    profile: profile && client
      ? { name: profile.name, loginUrl: client.loginUrl, allowCustomDomain: client.allowCustomDomain === true, clientId: client.clientId, clientSecret: client.clientSecret ?? null }
      : null,
    apiVersion,
  });
}
