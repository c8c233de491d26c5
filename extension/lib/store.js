// Where sftoken keeps things, one storage key per item so that the popup and the background never overwrite
// each other's read-modify-write.
//   storage.local   profile:<id>   an org profile (what the form shows)
//                   token:<id>     the latest token of that profile
//                   selectedProfile
//   storage.session flow:<state>   a login in progress: state, PKCE verifier, the captured code. Held in memory
//                                  only, never on disk, and not readable by content scripts (Chrome's default
//                                  access level for storage.session is trusted contexts only).
//                   password:<id>  a username-password profile's password and security token: kept for the
//                                  browser session only, never written to disk.
import { ext } from './browser.js';

const local = () => ext.storage.local;
const session = () => ext.storage.session;

async function itemsWithPrefix(area, prefix) {
  const all = await area.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(prefix))
    .map(([, value]) => value);
}

async function getOne(area, key) {
  const found = await area.get(key);
  return found[key] ?? null;
}

export const profiles = {
  all: () => itemsWithPrefix(local(), 'profile:'),
  get: (id) => getOne(local(), `profile:${id}`),
  put: (profile) => local().set({ [`profile:${profile.id}`]: profile }),
  remove: (id) => local().remove([`profile:${id}`, `token:${id}`]),
};

export const tokens = {
  all: () => itemsWithPrefix(local(), 'token:'),
  get: (profileId) => getOne(local(), `token:${profileId}`),
  put: (profileId, token) => local().set({ [`token:${profileId}`]: { ...token, profileId } }),
  remove: (profileId) => local().remove(`token:${profileId}`),
};

export const selection = {
  get: () => getOne(local(), 'selectedProfile'),
  put: (id) => local().set({ selectedProfile: id }),
};

export const flows = {
  all: () => itemsWithPrefix(session(), 'flow:'),
  get: (state) => getOne(session(), `flow:${state}`),
  put: (flow) => session().set({ [`flow:${flow.state}`]: flow }),
  remove: (state) => session().remove(`flow:${state}`),
};

export const passwords = {
  get: (profileId) => getOne(session(), `password:${profileId}`),
  put: (profileId, value) => session().set({ [`password:${profileId}`]: value }),
  remove: (profileId) => session().remove(`password:${profileId}`),
};
