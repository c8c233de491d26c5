// @ts-check
// sftoken background (Chrome: service worker; Firefox: event page). It starts logins and catches their callbacks.
// Listeners are registered synchronously on every start; the wasm core is initialised lazily on the first message.
// Message names: lib/messages.js. Every wasm call: lib/login.js.
import { ext, pageUrl } from './lib/browser.js';
import { provideGlue } from './lib/core.js';
import { atCallbackUrl, authorize, pruneFlows, readCallback, readErrorPage, readRemoteAccessErrorPage } from './lib/login.js';
import { FROM_CONTENT, FROM_PAGES } from './lib/messages.js';
import { flows, profiles } from './lib/store.js';
import * as glue from './pkg/sftoken.js';

// Chrome's service worker may not import() (the pages load the glue that way, after their first render): static here.
provideGlue(glue);

/** @typedef {chrome.runtime.MessageSender} Sender */

// A login being started: a callback waits for it, so the login's tab is known before its callback is judged.
/** @type {Promise<unknown>} */
let starting = Promise.resolve();

const handlers = {
  // From "Log in" (popup or result page): build the authorize URL (state + PKCE), remember the flow, open the tab.
  /**
   * @param {{profileId: string}} message
   * @returns {Promise<import('./lib/login.js').LogInReply>}
   */
  [FROM_PAGES.logIn]({ profileId }) {
    const started = startLogin(profileId);
    starting = started.catch(() => {});
    return started;
  },

  // From the content script: a page on a callback host whose address carries state and code or error. It counts
  // only at the login's Callback URL (origin and path), in the tab sftoken opened for that login, and only once: a
  // second callback never replaces a captured code (or an explained refusal).
  /**
   * @param {{url: string}} message
   * @param {Sender} sender
   */
  async [FROM_CONTENT.callback]({ url }, sender) {
    await starting;
    await pruneFlows();
    for (const flow of await flows.all()) {
      if (flow.tabId === undefined || sender.tab?.id !== flow.tabId || !atCallbackUrl(url, flow)) continue;
      const outcome = await readCallback(url, flow.state);
      if (outcome.kind === 'unrelated') continue;
      if (flow.captured || flow.failure) return { captured: null };
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
  /**
   * @param {{text: string}} message
   * @param {Sender} sender
   */
  async [FROM_CONTENT.errorPage]({ text }, sender) {
    await starting;
    const flow = (await flows.all()).find((f) => f.tabId === sender.tab?.id && !f.captured && !f.failure);
    if (!flow) return { captured: null };
    const outcome = await readErrorPage(text);
    if (outcome.kind !== 'error') return { captured: null };
    await flows.put({ ...flow, failure: outcome });
    await showResult(sender, flow.state);
    return { captured: 'error' };
  },

  // From the content script: Salesforce's RemoteAccessErrorPage (invalid scope, app blocked or not installed).
  // No state either: matched by tab, like the bare-text page.
  /**
   * @param {{url: string}} message
   * @param {Sender} sender
   */
  async [FROM_CONTENT.errorPageUrl]({ url }, sender) {
    await starting;
    const flow = (await flows.all()).find((f) => f.tabId === sender.tab?.id && !f.captured && !f.failure);
    if (!flow) return { captured: null };
    const outcome = await readRemoteAccessErrorPage(url);
    if (outcome.kind !== 'error') return { captured: null };
    await flows.put({ ...flow, failure: outcome });
    await showResult(sender, flow.state);
    return { captured: 'error' };
  },
};

// "Log in": the abandoned logins go first; then the authorize URL (state + PKCE), the flow, and the login tab.
/**
 * @param {string} profileId
 * @returns {Promise<import('./lib/login.js').LogInReply>}
 */
async function startLogin(profileId) {
  await pruneFlows();
  const profile = await profiles.get(profileId);
  if (!profile) return { error: { code: 'no_profile', message: 'This profile is not saved.', hint: 'Click "Save" first.' } };
  const request = await authorize(profile);
  /** @type {import('./lib/store.js').LoginFlow} */
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
  // A host granted in this very click (Government Cloud, China, a custom domain) must have its content script before
  // the login tab loads there, or Salesforce's error page on it would go unseen.
  await resync();
  const tab = await ext.tabs.create({ url: request.url });
  await flows.put({ ...flow, tabId: tab.id });
  return { ok: true, state: flow.state };
}

// Government Cloud, China and an org's own custom domain are optional hosts, granted one by one when a profile
// needs them. The manifest's content script cannot list them (that would ask for them all at install), so the
// same script is registered for exactly the optional hosts granted so far: Salesforce's error pages on those
// login hosts are then caught as on login.salesforce.com. Re-synced at every start and on every grant or removal.
const LOGIN_HOST_SCRIPT = 'sftoken-optional-login-hosts';
async function syncOptionalHostScripts() {
  if (!ext.scripting?.registerContentScripts) return;
  const fixed = new Set(ext.runtime.getManifest().host_permissions ?? []);
  const { origins = [] } = await ext.permissions.getAll();
  // Never a blanket pattern, even if someone granted one by hand: only named hosts and subdomain wildcards.
  const matches = origins.filter((o) => !fixed.has(o) && /^https:\/\/[^/*]*[^/*.][^/]*\/\*$|^https:\/\/\*\.[^/*]+\/\*$/.test(o));
  await ext.scripting.unregisterContentScripts({ ids: [LOGIN_HOST_SCRIPT] }).catch(() => {});
  if (!matches.length) return;
  await ext.scripting.registerContentScripts([
    { id: LOGIN_HOST_SCRIPT, matches, js: ['content.js'], runAt: 'document_start', persistAcrossSessions: false },
  ]);
}
const resync = () => syncOptionalHostScripts().catch((error) => console.warn('sftoken: content script sync', error));
ext.permissions.onAdded?.addListener(resync);
ext.permissions.onRemoved?.addListener(resync);
resync();
// Abandoned logins (and their PKCE verifiers) do not outlive the next start of the background.
pruneFlows().catch((error) => console.warn('sftoken: pruning logins', error));

// The login tab becomes the extension's result page (result.html), so nobody has to hunt for the token.
/**
 * @param {Sender} sender
 * @param {string} state
 */
async function showResult(sender, state) {
  const url = pageUrl(`result.html?flow=${encodeURIComponent(state)}`);
  if (sender.tab?.id !== undefined) await ext.tabs.update(sender.tab.id, { url });
}

// sendResponse + `return true` works in every Chrome and Firefox version that runs MV3; a returned promise does not.
ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[/** @type {keyof typeof handlers} */ (message?.type)];
  if (!handler || sender.id !== ext.runtime.id) return false;
  handler(message, sender).then(sendResponse, (error) => sendResponse({ error: asPlainError(error) }));
  return true;
});

/**
 * @param {any} error
 * @returns {{code: string, message: string, hint: string}}
 */
function asPlainError(error) {
  if (error && typeof error === 'object' && 'code' in error) return error;
  return { code: 'internal', message: String(error?.message ?? error), hint: 'Reload the extension and try again.' };
}
