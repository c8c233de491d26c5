// @ts-check
// The token card, the same on every page (popup, result, device): the token masked until "Show", "Copy access
// token", and what can be done with it — Refresh, Who is this?, Still valid?, Test call, Forget. The page's HTML
// holds the card (<section id="token">, identical in each page: tests/e2e/sources.test.mjs); this module fills and
// wires it. Every request is an adapter call (lib/lifecycle.js).
import * as lifecycle from './lifecycle.js';
import { tokens } from './store.js';
import { $, copyText, describe, fillDetails, setStatus, showResult } from './ui.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./store.js').StoredToken} StoredToken */
/** @typedef {import('../pkg/sftoken.js').Token} Token */
/** @typedef {import('./ui.js').DetailRow} DetailRow */
/** A token action: asks Salesforce and shows the outcome. @typedef {(profile: Profile, token: StoredToken) => Promise<void>} TokenAction */

/** @type {() => Profile | null} */
let profileOf = () => null; // the profile whose token is on screen (the page decides: the form's, the login's…)
/** @type {StoredToken | null} */
let shown = null; // the token on screen

/**
 * Wires the card's buttons once. `profile()` returns the profile the shown token belongs to, or null.
 * @param {() => Profile | null} profile
 */
export function initTokenView(profile) {
  profileOf = profile;
  $('reveal').addEventListener('click', () => setRevealed($('reveal').getAttribute('aria-pressed') !== 'true'));
  $('copy').addEventListener('click', () => copyText(shown?.accessToken, $('copy-status'), 'Access token copied to the clipboard.'));
  $('refresh').addEventListener('click', () => tokenAction(refresh));
  $('whoami').addEventListener('click', () => tokenAction(whoIsThis));
  $('validity').addEventListener('click', () => tokenAction(validity));
  $('test-call').addEventListener('click', () => tokenAction(testCall));
  $('forget').addEventListener('click', () => tokenAction(forget));
  $('forget-locally').addEventListener('click', forgetLocally);
}

/**
 * Stores a profile's new token and shows it if that profile is the one on screen.
 * @param {string} profileId
 * @param {Token} token
 */
export async function storeToken(profileId, token) {
  await tokens.put(profileId, { ...token, receivedAt: Date.now() });
  if (profileOf()?.id === profileId) renderToken(await tokens.get(profileId));
}

/**
 * Shows a token (or hides the card for null).
 * @param {StoredToken | null} token
 */
export function renderToken(token) {
  shown = token ?? null;
  $('token').hidden = !shown;
  $('lifecycle').hidden = true;
  if (!shown) return;
  $('token-instance').textContent = shown.instanceUrl ?? '—';
  $('token-org').textContent = shown.orgId ?? '—';
  $('token-user').textContent = shown.userId ?? '—';
  $('token-issued').textContent = shown.issuedAt ? new Date(shown.issuedAt).toLocaleString() : '—';
  $('token-scope').textContent = shown.scope ?? '—';
  $('token-refresh').textContent = shown.refreshToken ? 'yes' : 'none (this flow or these scopes give none)';
  $('token-signature').textContent =
    shown.signatureValid === true ? 'valid' : shown.signatureValid === false ? 'INVALID — do not trust this identity' : 'not checked (no consumer secret, or none sent)';
  $('refresh').hidden = !shown.refreshToken;
  setRevealed(false);
  setStatus($('copy-status'), '');
}

/** @param {boolean} revealed */
function setRevealed(revealed) {
  const t = shown?.accessToken ?? '';
  $('token-value').textContent = revealed ? t : `${t.slice(0, 5)}${'•'.repeat(16)}${t.slice(-4)}`;
  $('reveal').textContent = revealed ? 'Hide' : 'Show';
  $('reveal').setAttribute('aria-pressed', String(revealed));
}

/**
 * Runs one token action and shows its outcome (message, hint, details) under the token.
 * @param {TokenAction} action
 */
async function tokenAction(action) {
  const profile = profileOf();
  if (!shown || !profile) return;
  lifecycleView('Asking Salesforce…');
  $('lifecycle').dataset.busy = 'true'; // until the answer is on screen (tests and assistive tech can wait on it)
  $('lifecycle').setAttribute('aria-busy', 'true');
  try {
    await action(profile, shown);
  } catch (error) {
    lifecycleView(error?.message ?? String(error), error?.hint ?? '', [['Salesforce said', error?.error ?? error?.code]], 'error');
  } finally {
    delete $('lifecycle').dataset.busy;
    $('lifecycle').removeAttribute('aria-busy');
  }
}

/**
 * @param {string} message
 * @param {string} [hint]
 * @param {DetailRow[]} [rows]
 * @param {import('./ui.js').Tone} [tone]
 */
function lifecycleView(message, hint = '', rows = [], tone = '') {
  $('lifecycle').hidden = false;
  $('lifecycle').className = tone;
  $('lifecycle-message').textContent = message;
  $('lifecycle-hint').textContent = hint;
  fillDetails($('lifecycle-details'), rows);
  $('forget-locally').hidden = true;
}

/** @type {TokenAction} */
async function refresh(profile, token) {
  const next = await lifecycle.refresh(profile, token);
  await storeToken(profile.id, next);
  lifecycleView(next.refreshTokenRotated ? 'Refreshed. Salesforce rotated the refresh token; the new one replaced the old.' : 'Refreshed: a new access token.', '', [], 'ok');
}

/** @type {TokenAction} */
async function whoIsThis(profile, token) {
  const { user, check } = await lifecycle.whoIsThis(profile, token);
  lifecycleView(check.message, check.hint ?? '', [
    ['Username', user.username],
    ['Name', user.name],
    ['Org ID', user.orgId],
    ['User ID', user.userId],
    ['Scopes requested', check.requestedScopes],
    ['Scopes granted', check.grantedScopes],
  ], check.ok ? 'ok' : 'error');
}

/** @type {TokenAction} */
async function validity(profile, token) {
  const { introspection, introspectionError, age } = await lifecycle.validity(profile, token, Date.now());
  if (introspection) {
    /** @type {DetailRow[]} */
    const rows = [['Active', introspection.active ? 'yes' : 'no'], ['Issued', age.message]];
    if (introspection.expiresAt) rows.push(['Expires', `${new Date(introspection.expiresAt).toLocaleString()} (${introspection.remaining})`]);
    lifecycleView(introspection.message, introspection.hint ?? '', rows, introspection.active ? 'ok' : 'error');
  } else {
    lifecycleView(age.message, `${age.hint} (Introspection: ${describe(introspectionError)})`, [], '');
  }
}

/** @type {TokenAction} */
async function testCall(profile, token) {
  const { latest, limits } = await lifecycle.testCall(profile, token);
  lifecycleView(limits.message, '', [['API version', latest.version], ...limits.rows.map((r) => /** @type {DetailRow} */ ([r.name, r.value]))], 'ok');
}

/** @type {TokenAction} */
async function forget(profile, token) {
  try {
    await lifecycle.revoke(profile, token);
  } catch (error) {
    lifecycleView(`Salesforce did not revoke the token: ${error?.message ?? error}`, `${error?.hint ?? ''} The token is still stored here until you decide.`, [], 'error');
    $('forget-locally').hidden = false;
    return;
  }
  await forgetLocally();
}

async function forgetLocally() {
  const profile = profileOf();
  if (!profile) return;
  await tokens.remove(profile.id);
  renderToken(null);
  showResult(`Forgot the token of ${profile.name}.`, '', '', 'ok');
}
