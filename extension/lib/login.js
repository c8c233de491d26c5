// @ts-check
// The web-server login (authorization code + PKCE), every step one core call: the authorize URL (background), reading
// what Salesforce sends back to the login tab (background), and exchanging the captured code for a token (the result
// page, or the popup's "Try again"). Nothing here touches the DOM.
import { ext } from './browser.js';
import { core } from './core.js';
import { FROM_PAGES } from './messages.js';
import { stillPointsAt } from './owner.js';
import { flows } from './store.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./store.js').LoginFlow} LoginFlow */
/** @typedef {import('../pkg/sftoken.js').CallbackOutcome} CallbackOutcome */
/** What the background answers "Log in": the login started, or why not (the core's `Failure`, or `no_profile`).
 * @typedef {{ok: true, state: string, error?: undefined} | {ok?: undefined, error: {code: string, message: string, hint: string, field?: string}}} LogInReply */

/**
 * From a page: asks the background to start a login for a saved profile. Resolves with {ok, state} or {error}.
 * @param {Profile} profile
 * @returns {Promise<LogInReply>}
 */
export function logIn(profile) {
  return ext.runtime.sendMessage({ type: FROM_PAGES.logIn, profileId: profile.id });
}

/**
 * The authorize request for a profile: {url, state, codeVerifier} (state and PKCE verifier made by the core).
 * @param {Profile} profile
 * @returns {Promise<import('../pkg/sftoken.js').AuthorizeRequest>}
 */
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

/**
 * A callback address read against one login's state: {kind: "code" | "error" | "unrelated", …}.
 * @param {string} url
 * @param {string} state
 * @returns {Promise<CallbackOutcome>}
 */
export async function readCallback(url, state) {
  return (await core()).parseCallback(url, state);
}

/**
 * Salesforce's bare-text error page (no state): {kind: "error", …} or {kind: "unrelated"}.
 * @param {string} text
 * @returns {Promise<CallbackOutcome>}
 */
export async function readErrorPage(text) {
  return (await core()).parseErrorPage(text);
}

/**
 * Salesforce's RemoteAccessErrorPage address (no state): {kind: "error", …} or {kind: "unrelated"}.
 * @param {string} url
 * @returns {Promise<CallbackOutcome>}
 */
export async function readRemoteAccessErrorPage(url) {
  return (await core()).parseRemoteAccessErrorPage(url);
}

/**
 * Whether a login's captured code has outlived Salesforce's 15 minutes.
 * @param {LoginFlow} flow one with a captured code
 * @param {number} [now] ms
 * @returns {Promise<boolean>}
 */
export async function codeExpired(flow, now = Date.now()) {
  return now - flow.captured.capturedAt >= (await core()).codeLifetimeMs();
}

/** A login never called back is dropped an hour after it started. */
export const PENDING_LOGIN_MS = 60 * 60 * 1000;
/** A captured code is dropped 15 minutes after its capture: Salesforce's codes live 15 minutes. */
export const CAPTURED_CODE_MS = 15 * 60 * 1000;

/**
 * Whether a login in progress is abandoned: called back with a code that has died, or never called back in time.
 * @param {LoginFlow} flow
 * @param {number} now ms
 */
export const abandoned = (flow, now) =>
  flow.captured ? now - flow.captured.capturedAt >= CAPTURED_CODE_MS : now - (flow.startedAt ?? 0) >= PENDING_LOGIN_MS;

/**
 * Removes abandoned logins, with their PKCE verifiers and codes (the background, at its start and at every new login).
 * @param {number} [now] ms
 */
export async function pruneFlows(now = Date.now()) {
  const dead = (await flows.all()).filter((flow) => abandoned(flow, now));
  await Promise.all(dead.map((flow) => flows.remove(flow.state)));
}

/**
 * Whether an address is the login's callback: the same origin and path as its Callback URL.
 * @param {string} url
 * @param {LoginFlow} flow
 */
export function atCallbackUrl(url, flow) {
  try {
    const at = new URL(url);
    const expected = new URL(flow.redirectUri);
    return at.origin === expected.origin && at.pathname === expected.pathname;
  } catch {
    return false;
  }
}

/**
 * Exchanges a login's captured code for a token. The request repeats what was sent to /authorize (frozen in the
 * flow); the consumer secret is the profile's as it is now, so a secret fixed after a failure is used on "Try again",
 * but only while the profile still names the login's consumer key and host (another org's secret is never sent).
 * Throws the core's explained error ({code, message, hint, error, retrySameCode}).
 * @param {LoginFlow} flow one with a captured code
 * @param {Profile | null} profile the login's profile as it is now (null: deleted since)
 * @returns {Promise<import('../pkg/sftoken.js').Token>}
 */
export async function exchangeCode(flow, profile) {
  return (await core()).exchangeCode({
    loginUrl: flow.loginUrl,
    allowCustomDomain: flow.allowCustomDomain === true,
    clientId: flow.clientId,
    clientSecret: (stillPointsAt(profile, flow) && profile.clientSecret) || null,
    redirectUri: flow.redirectUri,
    code: flow.captured.code,
    codeVerifier: flow.codeVerifier,
  });
}
