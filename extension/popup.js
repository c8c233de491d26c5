// @ts-check
// sftoken's toolbar popup: the profile list and form, "Log in" / "Get token", the selected profile's token and its
// actions, and "Try again" for a login whose captured code waits. The login's result page is result.js, the device
// flow's page device.js. DOM wiring only: every decision — host validation, URLs, request bodies, response and error
// parsing, explanations — is the wasm core's, reached through the lib/ adapters.
import { showFirstRun } from './lib/first-run.js';
import { readLastView, saveLastView } from './lib/last-view.js';
import { offerRetry, showFlow } from './lib/login-result.js';
import { startPreview, untilLoaded } from './lib/preview.js';
import { currentProfile, formReady, formStatus, previewProfile, showProfile, wireProfileForm } from './lib/profile-form.js';
import { flows, profiles, selection, tokens } from './lib/store.js';
import { initTokenView, previewToken, renderToken } from './lib/token-view.js';
import { $, field, loadOnUse, showResult } from './lib/ui.js';

/** @typedef {import('./lib/store.js').Profile} Profile */

performance.mark('sftoken:script');

// The popup is on screen and wired at once (sftoken:interactive) with what it showed last time (lib/last-view.js:
// localStorage, synchronous, no secrets), while storage.local, the vault and the wasm answer; then what storage
// holds replaces it (sftoken:loaded), and every action waits for that (lib/preview.js). The wasm core loads last
// (sftoken:wasm-ready): the flow's note and the first action need it; body[data-ready] then tells tests that
// everything is loaded. Without a last view (the first start), the popup is interactive once storage is shown.
async function main() {
  const endPreview = startPreview();
  const reading = Promise.all([profiles.all(), selection.get()]);
  wireProfileForm({
    onSaved: async (profile) => showList(await profiles.all(), profile),
    onDeleted: showAfterDeletion,
  });
  initTokenView(currentProfile);
  $('profile-select').addEventListener('change', selectProfile);
  wirePaste();
  const last = readLastView();
  if (last) {
    const previewed = last.profiles.find((p) => p.id === last.selectedId) ?? sortByName(last.profiles)[0] ?? null;
    renderProfileList(last.profiles, previewed);
    previewProfile(previewed);
    previewToken(previewed && last.token?.profileId === previewed.id ? last.token : null);
    showFirstRun(last.profiles.length);
    performance.mark('sftoken:interactive');
  }
  try {
    const [all, selectedId] = await reading;
    performance.mark('sftoken:storage-read');
    const selected = all.find((p) => p.id === selectedId) ?? sortByName(all)[0] ?? null;
    const token = selected && tokens.get(selected.id); // read while the form reads the session-only fields
    renderProfileList(all, selected);
    await showProfile(selected);
    const stored = await token;
    renderToken(stored);
    showFirstRun(all.length);
    saveLastView(all, selected, stored);
  } catch (error) {
    renderToken(null); // never leave the preview's token card without the token behind it
    throw error;
  } finally {
    endPreview();
  }
  if (!last) performance.mark('sftoken:interactive');
  performance.mark('sftoken:loaded');
  await formReady();
  performance.mark('sftoken:wasm-ready');
  document.body.dataset.ready = 'true';
  startProfileTools();
  await offerPendingFlow();
}

// The panels opened later are modules loaded on first use (ui.js loadOnUse), not parts of the popup's start: "Paste"
// (lib/paste-view.js) when its field gets the focus, "Share profiles" (lib/profiles-file.js) when it opens, the
// searchable list (lib/profile-list.js) once everything else is loaded.
function wirePaste() {
  const text = field('paste-text');
  const load = loadOnUse($('paste'), async () => {
    const { initPasteView } = await import('./lib/paste-view.js');
    initPasteView({ showProfile: showSavedProfile, newProfile: showNewProfileFor });
    // Typed or pasted before the module was wired: recognised now.
    if (text.value) text.dispatchEvent(new Event('input'));
  }, ['focusin']);
  text.addEventListener('input', () => load().catch(() => {}), { once: true });
}

/** @type {Promise<typeof import('./lib/profile-list.js')> | null} */
let profileList = null;

/** @type {(all: Profile[]) => Profile[]} sorts in place */
const sortByName = (all) => all.sort((a, b) => a.name.localeCompare(b.name));

/**
 * @param {Profile[]} all
 * @param {Profile | null} selected
 */
function renderProfileList(all, selected) {
  $('profile-select').replaceChildren(
    ...sortByName(all).map((p) => new Option(p.name || '(unnamed)', p.id, false, p.id === selected?.id)),
    new Option('New profile…', '', false, !selected),
  );
  profileList?.then((list) => list.refreshProfileList()).catch(() => {});
}

async function selectProfile() {
  await untilLoaded();
  const id = field('profile-select').value;
  const profile = id ? await profiles.get(id) : null;
  await showProfile(profile);
  formStatus('');
  if (profile) await selection.put(profile.id);
  const token = profile && (await tokens.get(profile.id));
  renderToken(token);
  saveLastView(await profiles.all(), profile, token);
}

/**
 * The list after a save, and the last view with it.
 * @param {Profile[]} all
 * @param {Profile} saved
 */
async function showList(all, saved) {
  renderProfileList(all, saved);
  showFirstRun(all.length);
  saveLastView(all, saved, await tokens.get(saved.id));
}

// A profile was deleted: the list without it, and the next profile (or a new one) with its token.
async function showAfterDeletion() {
  const all = await profiles.all();
  const next = sortByName(all)[0] ?? null;
  renderProfileList(all, next);
  await showProfile(next);
  showFirstRun(all.length);
  const token = next && (await tokens.get(next.id));
  renderToken(token);
  saveLastView(all, next, token);
}

// "Paste": an imported token's profile, or the saved profile of a pasted org URL, selected with its token.
/** @param {Profile} profile */
async function showSavedProfile(profile) {
  await untilLoaded();
  const all = await profiles.all();
  renderProfileList(all, profile);
  await showProfile(profile);
  showFirstRun(all.length);
  await selection.put(profile.id);
  const token = await tokens.get(profile.id);
  renderToken(token);
  saveLastView(all, profile, token);
}

// "Paste" of an org URL no profile logs in at: a new, unsaved profile for it, named after the org.
/** @param {{origin: string, host: string}} login */
async function showNewProfileFor({ origin, host }) {
  await untilLoaded();
  renderProfileList(await profiles.all(), null);
  await showProfile(null);
  field('login-url').value = origin;
  field('name').value = host.split('.')[0];
  renderToken(null);
}

// Issue 12, after the first render so that 500 profiles open as fast as one: the searchable list with each profile's
// environment mark and token state (lib/profile-list.js); the profiles file (lib/profiles-file.js) when opened.
function startProfileTools() {
  profileList = import('./lib/profile-list.js');
  profileList.then((list) => list.initProfileList(), (error) => {
    $('profile-list-status').textContent = `The profile list could not be built: ${error?.message ?? error}`;
  });
}

loadOnUse($('profiles-file'), async () => {
  const { initProfilesFile } = await import('./lib/profiles-file.js');
  initProfilesFile({
    onImported: async () => {
      await untilLoaded();
      const selectedId = field('profile-select').value;
      const all = await profiles.all();
      renderProfileList(all, all.find((p) => p.id === selectedId) ?? sortByName(all)[0] ?? null);
    },
  });
});

// Opened while a login's outcome waits (its result tab was closed): show the failure, or offer to finish the job.
async function offerPendingFlow() {
  const waiting = (await flows.all()).filter((f) => f.captured || f.failure);
  if (!waiting.length) return;
  const flow = waiting.sort((a, b) => b.startedAt - a.startedAt)[0];
  if (flow.failure) return showFlow(flow);
  // Named: the popup may show another profile than the one that logged in.
  const name = (await profiles.get(flow.profileId))?.name || 'a profile';
  showResult(`A login to ${name} finished and its code is waiting.`, 'Click "Try again" to exchange it for a token.');
  offerRetry(flow);
}

main().catch((error) => {
  formStatus(`sftoken could not start: ${error?.message ?? error}`, 'error');
});
