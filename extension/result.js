// @ts-check
// sftoken's login result page, result.html?flow=<state>: the tab a web-server login ran in becomes this page
// (background.js). It explains Salesforce's refusal, or exchanges the captured code and shows the token with its
// actions. A code Salesforce refused for a fixable reason is kept while it lives: fix the profile in the form below,
// "Save", then "Try again".
import { showFlow } from './lib/login-result.js';
import { currentProfile, formReady, formStatus, initProfileForm } from './lib/profile-form.js';
import { flows, profiles, selection, tokens } from './lib/store.js';
import { initTokenView, renderToken } from './lib/token-view.js';

async function main() {
  const loading = formReady(); // the core (wasm) loads while storage is read: the exchange below needs it at once
  const state = new URLSearchParams(location.search).get('flow');
  const flow = state ? await flows.get(state) : null;
  // The login's profile; once the login is finished (flow gone), the selected one, whose token this login stored.
  const profile = await profiles.get(flow?.profileId ?? (await selection.get()) ?? '');
  const token = profile && tokens.get(profile.id);
  await initProfileForm(profile);
  renderToken(await token);
  initTokenView(currentProfile);
  await loading;
  document.body.dataset.ready = 'true';
  await showFlow(flow);
}

main().catch((error) => {
  formStatus(`sftoken could not start: ${error?.message ?? error}`, 'error');
});
