// sftoken background (Chrome: service worker; Firefox: event page). It starts logins and catches their callbacks.
// Listeners are registered synchronously on every start; the wasm core is initialised lazily on the first message.
import { ext, pageUrl } from './lib/browser.js';
import { core } from './lib/core.js';
import { flows, profiles } from './lib/store.js';

const handlers = {
  // From the popup's "Log in": build the authorize URL (state + PKCE), remember the flow, open the login tab.
  async 'log-in'({ profileId }) {
    const profile = await profiles.get(profileId);
    if (!profile) return { error: { code: 'no_profile', message: 'This profile is not saved.', hint: 'Click "Save" first.' } };
    const sf = await core();
    const request = sf.authorizeRequest({
      loginUrl: profile.loginUrl,
      allowCustomDomain: profile.allowCustomDomain === true,
      clientId: profile.clientId,
      redirectUri: profile.redirectUri,
      scopes: profile.scopes,
      pkce: true,
    });
    const flow = {
      state: request.state,
      codeVerifier: request.codeVerifier,
      profileId,
      // What the token request must repeat exactly, frozen as they were sent to /authorize.
      loginUrl: profile.loginUrl,
      allowCustomDomain: profile.allowCustomDomain === true,
      clientId: profile.clientId,
      redirectUri: profile.redirectUri,
      startedAt: Date.now(),
    };
    await flows.put(flow);
    const tab = await ext.tabs.create({ url: request.url });
    await flows.put({ ...flow, tabId: tab.id });
    return { ok: true, state: flow.state };
  },

  // From the content script: a page on a callback host whose address carries state and code or error.
  async callback({ url }, sender) {
    const sf = await core();
    for (const flow of await flows.all()) {
      const outcome = sf.parseCallback(url, flow.state);
      if (outcome.kind === 'unrelated') continue;
      if (outcome.kind === 'code') {
        await flows.put({ ...flow, captured: { code: outcome.code, capturedAt: Date.now() }, failure: null });
      } else {
        await flows.put({ ...flow, failure: outcome });
      }
      await showResult(sender, flow.state);
      return { captured: outcome.kind };
    }
    return { captured: null };
  },

  // From the content script: Salesforce's bare-text error page, shown in the login tab instead of a redirect.
  // The page carries no state, so it is matched to the flow by the tab sftoken opened for it.
  async 'error-page'({ text }, sender) {
    const flow = (await flows.all()).find((f) => f.tabId === sender.tab?.id && !f.captured);
    if (!flow) return { captured: null };
    const sf = await core();
    const outcome = sf.parseErrorPage(text);
    if (outcome.kind !== 'error') return { captured: null };
    await flows.put({ ...flow, failure: outcome });
    await showResult(sender, flow.state);
    return { captured: 'error' };
  },
};

// The login tab becomes the extension's result page, so nobody has to hunt for the token.
async function showResult(sender, state) {
  const url = pageUrl(`popup.html?flow=${encodeURIComponent(state)}`);
  if (sender.tab?.id !== undefined) await ext.tabs.update(sender.tab.id, { url });
}

// sendResponse + `return true` works in every Chrome and Firefox version that runs MV3; a returned promise does not.
ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message?.type];
  if (!handler || sender.id !== ext.runtime.id) return false;
  handler(message, sender).then(sendResponse, (error) => sendResponse({ error: asPlainError(error) }));
  return true;
});

function asPlainError(error) {
  if (error && typeof error === 'object' && 'code' in error) return error;
  return { code: 'internal', message: String(error?.message ?? error), hint: 'Reload the extension and try again.' };
}
