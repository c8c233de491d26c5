// @ts-check
// A profile checked by the core, synchronously on purpose: Firefox honours permissions.request only inside the click,
// before any await, so the check that names the hosts to ask for cannot wait for anything. `profileCheck()` loads the
// core once (async) and returns the synchronous calls.
import { core } from './core.js';

/**
 * @typedef {object} ProfileCheck
 * @property {(draft: import('../pkg/sftoken.js').ProfileInput) => import('../pkg/sftoken.js').CheckedProfile} validate
 * @property {(flow: string) => string} flowNote
 * @property {(name: string, existingNames: string[]) => string} duplicateName
 */

/** @returns {Promise<ProfileCheck>} */
export async function profileCheck() {
  const sf = await core();
  return {
    /** The normalised login host and `hostPermissions`; throws {code, message, hint, field}. */
    validate: (draft) => sf.validateProfile(draft),
    /** What an admin must know before using a flow. */
    flowNote: (flow) => sf.flowInfo(flow).note,
    /** The name of a duplicate: `NAME (copy)`, `NAME (copy 2)`… */
    duplicateName: (name, existingNames) => sf.duplicateProfileName(name, existingNames),
  };
}
