// @ts-check
// The web-server login (authorization code + PKCE), every step one core call: the authorize URL (background), reading
// what Salesforce sends back to the login tab (background), and exchanging the captured code for a token (the result
// page, or the popup's "Try again"). Nothing here touches the DOM.
import { ext } from './browser.js';
import { core } from './core.js';
import { FROM_PAGES } from './messages.js';

/** From a page: asks the background to start a login for a saved profile. Resolves with {ok, state} or {error}. */
export function logIn(profile) {
  return ext.runtime.sendMessage({ type: FROM_PAGES.logIn, profileId: profile.id });
}

/** The authorize request for a profile: {url, state, codeVerifier} (state and PKCE verifier made by the core). */
export async function authorize(profile) {
  const sf = await core();
  return sf.authorizeRequest({
    loginUrl: profile.loginUrl,
    allowCustomDomain: profile.allowCustomDomain === true,
    clientId: profile.clientId,
    redirectUri: profile.redirectUri,
    scopes: profile.scopes,
    pkce: true,
  });
}

/** A callback address read against one login's state: {kind: "code" | "error" | "unrelated", …}. */
export async function readCallback(url, state) {
  return (await core()).parseCallback(url, state);
}

/** Salesforce's bare-text error page (no state): {kind: "error", …} or {kind: "unrelated"}. */
export async function readErrorPage(text) {
  return (await core()).parseErrorPage(text);
}

/** Salesforce's RemoteAccessErrorPage address (no state): {kind: "error", …} or {kind: "unrelated"}. */
export async function readRemoteAccessErrorPage(url) {
  return (await core()).parseRemoteAccessErrorPage(url);
}

/** Whether a login's captured code has outlived Salesforce's 15 minutes. */
export async function codeExpired(flow, now = Date.now()) {
  return now - flow.captured.capturedAt >= (await core()).codeLifetimeMs();
}

/**
 * Exchanges a login's captured code for a token. The request repeats what was sent to /authorize (frozen in the
 * flow); the consumer secret is the profile's as it is now, so a secret fixed after a failure is used on "Try again".
 * Throws the core's explained error ({code, message, hint, error, retrySameCode}).
 */
export async function exchangeCode(flow, profile) {
  return (await core()).exchangeCode({
    loginUrl: flow.loginUrl,
    allowCustomDomain: flow.allowCustomDomain === true,
    clientId: flow.clientId,
    clientSecret: profile?.clientSecret || null,
    redirectUri: flow.redirectUri,
    code: flow.captured.code,
    codeVerifier: flow.codeVerifier,
  });
}
