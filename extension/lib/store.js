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

const allProfiles = async () => (await getOne(local(), 'profiles')) ?? {};

export const profiles = {
  all: async () => Object.values(await allProfiles()),
  get: async (id) => (await allProfiles())[id] ?? null,
  async put(profile) {
    const all = await allProfiles();
    all[profile.id] = profile;
    await local().set({ profiles: all });
  },
  async remove(id) {
    const all = await allProfiles();
    delete all[id];
    await local().set({ profiles: all });
    await local().remove(`token:${id}`);
  },
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
