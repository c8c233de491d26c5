// @ts-check
// The token card, the same on every page (popup, result, device): the token masked until "Show", "Copy access
// token", and what can be done with it — Refresh, Who is this?, Still valid?, Test call, Forget. The page's HTML
// holds the card (<section id="token">, identical in each page: tests/e2e/sources.test.mjs); this module fills and
// wires it. Every request is an adapter call (lib/lifecycle.js).
// Ownership (lib/owner.js): the card follows the stored token (storage.onChanged), so every page shows the same one;
// "Refresh" runs under the grant's lock and refreshes the STORED token, never this page's copy; a token is stored
// before it is shown, and shown even when it cannot be stored, saying so.
import { exportFor, exportsReady } from './exports.js';
import * as lifecycle from './lifecycle.js';
import { announceToken, clientFor, exclusively, followTokens, issuerOf, refreshLock, sameToken } from './owner.js';
import { previewing, untilLoaded } from './preview.js';
import { tokens } from './store.js';
import { $, codeRow, copyText, describe, field, fillDetails, loadOnUse, setStatus, showResult } from './ui.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./owner.js').OwnedToken} StoredToken */
/** @typedef {import('./owner.js').Source} Source */
/** @typedef {import('../pkg/sftoken.js').Token} Token */
/** @typedef {import('./ui.js').DetailRow} DetailRow */
/** A token action: asks Salesforce and shows the outcome. @typedef {(profile: Profile, token: StoredToken) => Promise<void>} TokenAction */

/** @type {() => Profile | null} */
let profileOf = () => null; // the profile whose token is on screen (the page decides: the form's, the login's…)
/** @type {StoredToken | null} */
let shown = null; // the token on screen
let busy = false; // a token action is running: further clicks are ignored until it answers

/** @type {typeof import('./request-panel.js') | null} "Try a request", once opened */
let requestPanel = null;

/**
 * Wires the card's buttons once. `profile()` returns the profile the shown token belongs to, or null.
 * @param {() => Profile | null} profile
 */
export function initTokenView(profile) {
  profileOf = profile;
  // During the popup's preview (lib/preview.js) the card shows no token yet: Show and Copy wait for the stored one.
  $('reveal').addEventListener('click', () => untilLoaded().then(() => setRevealed($('reveal').getAttribute('aria-pressed') !== 'true')));
  // Copy synchronously when it can: Firefox refuses a clipboard write that has lost the click's user gesture.
  const copy = () => copyText(shown?.accessToken, $('copy-status'), 'Access token copied to the clipboard.');
  $('copy').addEventListener('click', () => (previewing() ? untilLoaded().then(copy) : copy()));
  $('refresh').addEventListener('click', () => tokenAction(refresh));
  $('whoami').addEventListener('click', () => tokenAction(whoIsThis));
  $('validity').addEventListener('click', () => tokenAction(validity));
  $('test-call').addEventListener('click', () => tokenAction(testCall));
  $('forget').addEventListener('click', () => tokenAction(forget));
  $('forget-locally').addEventListener('click', () => forgetLocally());
  // "Try a request" (lib/request-panel.js) sends with the token on screen; loaded when the panel is first opened.
  loadOnUse($('request-panel'), async () => {
    requestPanel = await import('./request-panel.js');
    requestPanel.initRequestPanel(() => shown);
  });
  exportsReady().catch(() => {});
  $('copy-as').addEventListener('click', copyAs);
  $('save-export').addEventListener('click', saveExport);
  field('copy-as-format').addEventListener('change', showExportChoice);
  showExportChoice();
  // Another page stored, refreshed or forgot the token: show the stored one, read through the store.
  followTokens(() => profileOf()?.id ?? null, (id) => {
    if (profileOf()?.id !== id) return;
    tokens.get(id).then((stored) => {
      if (profileOf()?.id !== id || sameToken(stored, shown) || unsaved) return;
      renderToken(stored, { keepOutcome: true });
    }, () => {});
  });
}

let unsaved = false; // the token on screen could not be stored: the stored one must not replace it on screen

/**
 * Stores a profile's new token, with what issued it, before anything else; then shows it if that profile is the one
 * on screen. A token that cannot be stored is shown anyway, saying so (it exists nowhere else). Resolves with
 * whether it was stored.
 * @param {string} profileId
 * @param {Token} token
 * @param {Source | import('./owner.js').Issuer} source the app and host the token was asked from
 * @returns {Promise<boolean>}
 */
export async function storeToken(profileId, token, source) {
  /** @type {StoredToken} */
  const stored = { ...token, profileId, receivedAt: Date.now(), issuer: issuerOf(source, token) };
  /** @type {string | null} */
  let failure = null;
  try {
    await tokens.put(profileId, stored);
    announceToken(profileId);
  } catch (error) {
    failure = error?.message ?? String(error);
  }
  if (failure !== null || profileOf()?.id === profileId) {
    renderToken(stored, { unsavedBecause: failure });
  }
  return failure === null;
}

/**
 * Shows a token (or hides the card for null). `unsavedBecause`: it could not be stored (why). `keepOutcome`: leave
 * the last action's outcome on screen (the token changed under it, e.g. another page refreshed it).
 * @param {StoredToken | null} token
 * @param {{unsavedBecause?: string | null, keepOutcome?: boolean}} [options]
 */
export function renderToken(token, { unsavedBecause = null, keepOutcome = false } = {}) {
  shown = token ?? null;
  unsaved = unsavedBecause !== null;
  $('token').hidden = !shown;
  requestPanel?.resetRequestPanel();
  if (!keepOutcome) $('lifecycle').hidden = true;
  $('token-unsaved').hidden = !unsaved;
  $('token-unsaved').textContent = unsaved
    ? `Not saved: sftoken could not store this token (${unsavedBecause}). It exists only on this page: copy it now, it is lost when the page closes.`
    : '';
  if (!shown) return;
  fillCard({ ...shown, hasRefreshToken: Boolean(shown.refreshToken) });
  setRevealed(false);
  setStatus($('copy-status'), '');
  setStatus($('copy-as-status'), '');
  $('copy-as-note').textContent = '';
}

// ---------------------------------------------------------------- Copy as
/** @type {string | null} the REST API version the last Test call found ("66.0"), for the exports that call it */
let apiVersion = null;

/** The chosen format and its label. @returns {{format: import('./exports.js').ExportFormat, label: string}} */
function chosenFormat() {
  const select = /** @type {HTMLSelectElement} */ (field('copy-as-format'));
  const format = /** @type {import('./exports.js').ExportFormat} */ (select.value);
  return { format, label: select.selectedOptions[0]?.textContent?.trim() ?? format };
}

// Formats that are files people keep: they can also be saved.
const FILE_FORMATS = ['postman-environment', 'dotenv'];
function showExportChoice() {
  $('save-export').hidden = !FILE_FORMATS.includes(chosenFormat().format);
}

/**
 * The chosen export of the shown token, or null after saying why not (what is missing and how to get it).
 * @returns {import('./exports.js').ExportedToken | null}
 */
function exported() {
  if (!shown) return null;
  try {
    return exportFor(profileOf(), shown, chosenFormat().format, apiVersion);
  } catch (error) {
    setStatus($('copy-as-status'), describe(error), 'error');
    $('copy-as-note').textContent = '';
    return null;
  }
}

// Synchronous up to the clipboard write: Firefox refuses a write after an await has lost the click (BROWSERS.md).
function copyAs() {
  const out = exported();
  if (!out) return;
  $('copy-as-note').textContent = out.note;
  copyText(out.text, $('copy-as-status'), `Copied as ${chosenFormat().label}.`);
}

// A file download of the export (the Postman environment to import, a .env file).
function saveExport() {
  const out = exported();
  if (!out) return;
  const name = out.filename ?? 'sftoken-export.txt';
  const url = URL.createObjectURL(new Blob([out.text], { type: name.endsWith('.json') ? 'application/json' : 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  $('copy-as-note').textContent = out.note;
  setStatus($('copy-as-status'), `Saved ${chosenFormat().label} as ${name}.`, 'ok');
}

/**
 * Shows what the popup's last view remembers of the selected profile's token (lib/last-view.js) while storage has
 * not answered yet: the card as it will be, the token itself masked. renderToken replaces it.
 * @param {import('./last-view.js').TokenSummary | null} summary
 */
export function previewToken(summary) {
  shown = null;
  unsaved = false;
  $('token').hidden = !summary;
  $('lifecycle').hidden = true;
  $('token-unsaved').hidden = true;
  if (!summary) return;
  fillCard(summary);
  $('token-value').textContent = '•'.repeat(25);
}

/**
 * The card's details, from a token or from its summary.
 * @param {Partial<import('./last-view.js').TokenSummary>} t
 */
function fillCard(t) {
  $('token-instance').textContent = t.instanceUrl ?? '—';
  $('token-org').textContent = t.orgId ?? '—';
  $('token-user').textContent = t.userId ?? '—';
  $('token-issued').textContent = t.issuedAt ? new Date(t.issuedAt).toLocaleString() : '—';
  $('token-scope').textContent = t.scope ?? '—';
  $('token-refresh').textContent = t.hasRefreshToken ? 'yes' : 'none (this flow or these scopes give none)';
  $('token-signature').textContent =
    t.signatureValid === true ? 'valid' : t.signatureValid === false ? 'INVALID — do not trust this identity' : 'not checked (no consumer secret, or none sent)';
  $('refresh').hidden = !t.hasRefreshToken;
  $('token-imported').hidden = !t.imported;
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
  if (busy) return;
  await untilLoaded(); // the stored token, not the preview's summary
  const profile = profileOf();
  if (!shown || !profile || busy) return;
  busy = true;
  lifecycleView('Asking Salesforce…');
  $('lifecycle').dataset.busy = 'true'; // until the answer is on screen (tests and assistive tech can wait on it)
  $('lifecycle').setAttribute('aria-busy', 'true');
  try {
    await action(profile, shown);
  } catch (error) {
    lifecycleView(error?.message ?? String(error), withNote(error?.hint ?? '', profile, shown ?? /** @type {StoredToken} */ ({})), [codeRow(error)], 'error');
  } finally {
    busy = false;
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

/**
 * At most one refresh per grant in flight, across every page and the background: under the grant's lock, the STORED
 * token is refreshed (this page's copy may be stale). If it is no longer the one this page clicked on, another page
 * refreshed it meanwhile: that new token is shown and nothing is sent (a second refresh of a rotated-out refresh token
 * could end the whole grant). The new token is stored before anything else happens.
 * @type {TokenAction}
 */
async function refresh(profile, clicked) {
  const outcome = await exclusively(refreshLock(profile.id), async () => {
    // A token this page could not store is newer than the stored one (whose refresh token may be rotated out).
    const stored = unsaved ? clicked : /** @type {StoredToken | null} */ (await tokens.get(profile.id));
    if (!stored) return { gone: true };
    if (!sameToken(stored, clicked)) return { already: stored };
    const { note } = clientFor(profile, stored);
    const next = await lifecycle.refresh(profile, stored);
    const saved = await storeToken(profile.id, next, stored.issuer ?? { ...profile });
    return { next, note, saved };
  });
  if (outcome.gone) {
    renderToken(null);
    showResult('This token was forgotten meanwhile (in another sftoken page).', 'Log in or get a token again.', '', 'error');
  } else if (outcome.already) {
    if (!sameToken(outcome.already, shown)) renderToken(outcome.already, { keepOutcome: true });
    lifecycleView('Already refreshed (in another sftoken page): this is the new token.', '', [], 'ok');
  } else {
    const { next, note, saved } = outcome;
    const done = next.refreshTokenRotated ? 'Refreshed. Salesforce rotated the refresh token; the new one replaced the old.' : 'Refreshed: a new access token.';
    lifecycleView(saved ? done : `${done} It could not be saved: copy it now.`, note, [], saved ? 'ok' : 'error');
  }
}

/** @type {TokenAction} */
async function whoIsThis(profile, token) {
  const { user, check } = await lifecycle.whoIsThis(profile, token);
  lifecycleView(check.message, withNote(check.hint ?? '', profile, token), [
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
    lifecycleView(introspection.message, withNote(introspection.hint ?? '', profile, token), rows, introspection.active ? 'ok' : 'error');
  } else {
    lifecycleView(age.message, withNote(`${age.hint} (Introspection: ${describe(introspectionError)})`, profile, token), [], '');
  }
}

/** @type {TokenAction} */
async function testCall(profile, token) {
  const { latest, limits } = await lifecycle.testCall(profile, token);
  apiVersion = latest.version;
  lifecycleView(limits.message, withNote('', profile, token), [['API version', latest.version], ...limits.rows.map((r) => /** @type {DetailRow} */ ([r.name, r.value]))], 'ok');
}

/** @type {TokenAction} */
async function forget(profile, token) {
  try {
    await lifecycle.revoke(profile, token);
  } catch (error) {
    lifecycleView(`Salesforce did not revoke the token: ${error?.message ?? error}`, withNote(`${error?.hint ?? ''} The token is still stored here until you decide.`, profile, token), [], 'error');
    $('forget-locally').hidden = false;
    return;
  }
  await forgetLocally(clientFor(profile, token).note);
}

/** @param {string} [note] */
async function forgetLocally(note = '') {
  const profile = profileOf();
  if (!profile) return;
  await tokens.remove(profile.id);
  announceToken(profile.id);
  renderToken(null);
  showResult(`Forgot the token of ${profile.name}.`, note, '', 'ok');
}

/**
 * A hint, with the note that the token's issuer is not where the profile points now (lib/owner.js), if so.
 * @param {string} hint
 * @param {Profile} profile
 * @param {StoredToken} token
 */
const withNote = (hint, profile, token) => [clientFor(profile, token).note, hint].filter(Boolean).join(' ');
