// @ts-check
// sftoken's toolbar popup: the profile list and form, "Log in" / "Get token", the selected profile's token and its
// actions, and "Try again" for a login whose captured code waits. The login's result page is result.js, the device
// flow's page device.js. DOM wiring only: every decision — host validation, URLs, request bodies, response and error
// parsing, explanations — is the wasm core's, reached through the lib/ adapters.
import { core } from './lib/core.js';
import { offerRetry, showFlow } from './lib/login-result.js';
import { currentProfile, formStatus, initProfileForm, showProfile } from './lib/profile-form.js';
import { flows, profiles, selection, tokens } from './lib/store.js';
import { initTokenView, renderToken } from './lib/token-view.js';
import { initProfileList, refreshProfileList } from './lib/profile-list.js';
import { initProfilesFile } from './lib/profiles-file.js';
import { $, field, showResult } from './lib/ui.js';

/** @typedef {import('./lib/store.js').Profile} Profile */

performance.mark('sftoken:script');

async function main() {
  const corePromise = core().then((ready) => (performance.mark('sftoken:wasm-init'), ready));
  const [all, selectedId] = await Promise.all([profiles.all(), selection.get()]);
  performance.mark('sftoken:storage-read');
  await corePromise;
  performance.mark('sftoken:wasm-ready');
  const selected = all.find((p) => p.id === selectedId) ?? sortByName(all)[0] ?? null;
  const token = selected && tokens.get(selected.id); // read while the form reads the session-only fields
  renderProfileList(all, selected);
  await initProfileForm(selected, {
    onSaved: async (profile) => renderProfileList(await profiles.all(), profile),
    onDeleted: showAfterDeletion,
  });
  renderToken(await token);
  initTokenView(currentProfile);
  $('profile-select').addEventListener('change', selectProfile);
  performance.mark('sftoken:interactive');
  document.body.dataset.ready = 'true';
  startProfileTools();
  await offerPendingFlow();
}

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
  refreshProfileList();
}

async function selectProfile() {
  const id = field('profile-select').value;
  const profile = id ? await profiles.get(id) : null;
  await showProfile(profile);
  formStatus('');
  if (profile) await selection.put(profile.id);
  renderToken(profile && (await tokens.get(profile.id)));
}

// A profile was deleted: the list without it, and the next profile (or a new one) with its token.
async function showAfterDeletion() {
  const all = await profiles.all();
  const next = sortByName(all)[0] ?? null;
  renderProfileList(all, next);
  await showProfile(next);
  renderToken(next && (await tokens.get(next.id)));
}

// Issue 12, after the first render so that 500 profiles open as fast as one: the searchable list with each profile's
// environment mark and token state (lib/profile-list.js), and the profiles file (lib/profiles-file.js).
function startProfileTools() {
  initProfileList();
  initProfilesFile({
    onImported: async () => {
      const selectedId = field('profile-select').value;
      const all = await profiles.all();
      renderProfileList(all, all.find((p) => p.id === selectedId) ?? sortByName(all)[0] ?? null);
    },
  });
}

// Opened while a login's outcome waits (its result tab was closed): show the failure, or offer to finish the job.
async function offerPendingFlow() {
  const waiting = (await flows.all()).filter((f) => f.captured || f.failure);
  if (!waiting.length) return;
  const flow = waiting.sort((a, b) => b.startedAt - a.startedAt)[0];
  if (flow.failure) return showFlow(flow);
  showResult('A login finished and its code is waiting.', 'Click "Try again" to exchange it for a token.');
  offerRetry(flow);
}

main().catch((error) => {
  formStatus(`sftoken could not start: ${error?.message ?? error}`, 'error');
});
