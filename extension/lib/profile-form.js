// @ts-check
// The profile form, used by the popup and the result page (identical <form id="profile-form"> in both:
// tests/e2e/sources.test.mjs): the fields a flow needs, Save, the JWT key pair, and the form's two ways to a token —
// "Log in" (web server: the background opens the login tab) and "Get token" (every other flow). Validation is the
// core's (lib/profile-check.js), synchronous so that host access can be asked for inside the click.
import { ext, pageUrl } from './browser.js';
import { directGrant, generateKeyPair } from './grants.js';
import { revoke } from './lifecycle.js';
import { logIn } from './login.js';
import { announceToken } from './owner.js';
import { profileCheck } from './profile-check.js';
import { untilLoaded } from './preview.js';
import { flows, passwords, profiles, selection, tokens } from './store.js';
import { renderToken, storeToken } from './token-view.js';
import { $, checkbox, codeLine, copyText, describe, field, setStatus, showResult } from './ui.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./store.js').Typed} Typed */
/** @typedef {import('../pkg/sftoken.js').CheckedProfile} CheckedProfile */
/** What the form holds: a profile without its id, with the session-only secrets. @typedef {Omit<Profile, 'id'> & Typed} Draft */
/** @typedef {keyof typeof FIELDS} FieldKey */

const FIELDS = {
  name: 'name', flow: 'flow', loginUrl: 'login-url', clientId: 'client-id', clientSecret: 'client-secret',
  redirectUri: 'redirect-uri', scopes: 'scopes', username: 'username', password: 'password',
  securityToken: 'security-token', privateKeyPem: 'private-key',
};
// Typed into the form but never written to disk: kept in storage.session for this browser session only.
/** @type {FieldKey[]} */
const SESSION_ONLY = ['password', 'securityToken'];
/** @type {Omit<Profile, 'id' | 'allowCustomDomain'> & {allowCustomDomain?: boolean}} */
const NEW_PROFILE = {
  name: '', flow: 'web_server', loginUrl: '', clientId: '', clientSecret: '', redirectUri: 'https://login.salesforce.com/',
  scopes: 'api refresh_token', username: '', privateKeyPem: '',
};

/** @typedef {(profile: Profile) => void | Promise<void>} OnSaved */
/** What follows a deletion (the popup: the list, the next profile). @typedef {(profile: Profile) => void | Promise<void>} OnDeleted */

/** @type {import('./profile-check.js').ProfileCheck | null} */
let check = null;    // the core's synchronous profile checks, once the core is loaded (formReady)
/** @type {Promise<import('./profile-check.js').ProfileCheck> | null} */
let checking = null;
/** @type {Profile | null} */
let current = null;  // the profile in the form (null: a new one)
/** @type {OnSaved} */
let saved = () => {};
/** @type {OnDeleted} */
let deleted = async () => {
  await showProfile(null);
  renderToken(null);
};

/**
 * The profile in the form as last saved or shown (null: a new one).
 * @returns {Profile | null}
 */
export const currentProfile = () => current;

/**
 * Fills the form with `profile` (null: a new one) and wires it. `onSaved(profile)` follows every successful save,
 * `onDeleted(profile)` every deletion (default: an empty form, no token).
 * @param {Profile | null} profile
 * @param {{onSaved?: OnSaved, onDeleted?: OnDeleted}} [options]
 */
export async function initProfileForm(profile, options = {}) {
  wireProfileForm(options);
  await showProfile(profile);
}

/**
 * Wires the form (once) without filling it: the popup fills it from its last view first, then from storage.
 * @param {{onSaved?: OnSaved, onDeleted?: OnDeleted}} [options]
 */
export function wireProfileForm({ onSaved = () => {}, onDeleted } = {}) {
  saved = onSaved;
  if (onDeleted) deleted = onDeleted;
  $('profile-form').addEventListener('submit', (event) => { event.preventDefault(); save(); });
  $('flow').addEventListener('change', () => applyFlow(field('flow').value));
  $('login').addEventListener('click', () => withHostAccess(startLogin));
  $('get-token').addEventListener('click', () => withHostAccess(getToken));
  $('generate-key').addEventListener('click', generateKey);
  // "Check setup" (lib/setup-check.js): the form as it is, saved or not; only the login host is asked. The module is
  // loaded at its first click, while the host access is asked for.
  $('check-setup').addEventListener('click', () => {
    const loading = import('./setup-check.js');
    loading.catch(() => {});
    withHostAccess(async () => (await loading).checkSetup(readForm()));
  });
  $('copy-certificate').addEventListener('click', () => copyText(field('certificate').value, $('form-status'), 'Certificate copied to the clipboard.'));
  $('duplicate').addEventListener('click', duplicateProfile);
  $('delete').addEventListener('click', () => askToDelete(true));
  $('delete-cancel').addEventListener('click', () => askToDelete(false));
  $('delete-revoke').addEventListener('click', () => deleteProfile(true));
  $('delete-only').addEventListener('click', () => deleteProfile(false));
  $('delete-dialog').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') askToDelete(false);
  });
}

/**
 * Loads the core's profile checks (the wasm): the form is on screen and wired before it (the page renders what storage
 * holds first), and the flow's note appears once it is. A page calls it right after its first render; Save, "Log in"
 * and "Get token" wait for it if they come first.
 * @returns {Promise<import('./profile-check.js').ProfileCheck>}
 */
export function formReady() {
  checking ??= Promise.all([profileCheck(), untilLoaded()]).then(([loaded]) => {
    check = loaded;
    applyFlow(field('flow').value);
    return loaded;
  });
  return checking;
}

/**
 * Opens (or closes) the in-page confirmation of "Delete", in place of the button, and moves the focus into it (or back).
 * @param {boolean} open
 */
function askToDelete(open) {
  $('delete-dialog').hidden = !open;
  $('delete').hidden = open || !current;
  if (open) $('delete-cancel').focus();
  else if (current) $('delete').focus();
}

let deleting = false;

/**
 * Deletes the profile in the form with everything that is its: its token (revoked at Salesforce first if asked: if
 * Salesforce refuses, nothing is deleted and the dialog stays), its session-only secrets, its logins in progress.
 * @param {boolean} revokeFirst
 */
async function deleteProfile(revokeFirst) {
  await untilLoaded();
  const profile = current;
  if (!profile || deleting) return;
  deleting = true;
  try {
    const token = await tokens.get(profile.id);
    if (revokeFirst && token) {
      formStatus('Asking Salesforce to revoke the token…');
      try {
        await revoke(profile, token);
      } catch (error) {
        formStatus(`Salesforce did not revoke the token: ${describe(error)} Nothing was deleted: click "Delete" to delete it here anyway, or "Cancel".`, 'error');
        return;
      }
    }
    const pending = (await flows.all()).filter((flow) => flow.profileId === profile.id);
    await Promise.all([tokens.remove(profile.id), passwords.remove(profile.id), ...pending.map((flow) => flows.remove(flow.state))]);
    await profiles.remove(profile.id);
    announceToken(profile.id);
    if ((await selection.get()) === profile.id) {
      const [next] = await profiles.all();
      if (next) await selection.put(next.id);
    }
    $('delete-dialog').hidden = true;
    current = null;
    await deleted(profile);
    const revoked = revokeFirst && token ? ' Its token was revoked at Salesforce.' : token ? ' Its token was forgotten here (not revoked).' : '';
    formStatus(`Deleted ${profile.name || 'the profile'}.${revoked}`, 'ok');
  } finally {
    deleting = false;
  }
}

let duplicating = false;

/**
 * "Duplicate": a copy of the profile as stored — same app, flow and fields, its stored consumer secret and private
 * key (where the original keeps them) — without its token and without the password and security token typed for
 * this session. Saved at once under a free name, and shown, so the next step is to point it at another org.
 */
async function duplicateProfile() {
  if (!current || duplicating) return;
  duplicating = true;
  try {
    const source = (await profiles.get(current.id)) ?? current;
    const names = (await profiles.all()).map((p) => p.name);
    const copy = { ...source, id: crypto.randomUUID(), name: check.duplicateName(source.name, names) };
    await Promise.all([profiles.put(copy), selection.put(copy.id)]);
    await showProfile(copy);
    renderToken(null);
    await saved(copy);
    formStatus(`Duplicated as "${copy.name}", without its token. Change what differs (the Login URL of another sandbox?) and Save.`, 'ok');
  } catch (error) {
    formStatus(`Could not duplicate the profile: ${describe(error)}`, 'error');
  } finally {
    duplicating = false;
  }
}

/**
 * Shows another profile (null: a new one) in the form.
 * @param {Profile | null} profile
 */
export async function showProfile(profile) {
  fillForm(profile, profile ? ((await passwords.get(profile.id)) ?? {}) : {});
}

/**
 * Shows a profile from the popup's last view (lib/last-view.js: no secrets) while storage has not answered yet;
 * showProfile replaces it, and Save and "Log in" wait for that (formReady).
 * @param {Profile | null} profile
 */
export function previewProfile(profile) {
  fillForm(profile, {});
}

/**
 * @param {Profile | null} profile
 * @param {Partial<Draft>} typed the session-only fields (password, security token)
 */
function fillForm(profile, typed) {
  current = profile ?? null;
  /** @type {Partial<Draft>} */
  const shown = current ?? NEW_PROFILE;
  for (const [key, id] of fieldEntries()) field(id).value = (SESSION_ONLY.includes(key) ? typed[key] : shown[key]) ?? '';
  if (!field('flow').value) field('flow').value = 'web_server';
  checkbox('allow-custom-domain').checked = shown.allowCustomDomain === true;
  checkbox('session-only').checked = shown.sessionOnly === true;
  field('certificate').value = shown.certificatePem ?? '';
  $('certificate-box').hidden = !shown.certificatePem;
  $('form-title').textContent = current ? 'Org profile' : 'New org profile';
  $('delete').hidden = !current;
  $('duplicate').hidden = !current;
  $('delete-dialog').hidden = true;
  applyFlow(field('flow').value);
}

/** FIELDS as [key, element id] pairs. @returns {[FieldKey, string][]} */
const fieldEntries = () => /** @type {[FieldKey, string][]} */ (Object.entries(FIELDS));

/**
 * A line under the form: what happened, or what is wrong.
 * @param {string} text
 * @param {import('./ui.js').Tone} [tone]
 */
export const formStatus = (text, tone = '') => setStatus($('form-status'), text, tone);

/**
 * Shows the fields the chosen flow needs, and what to know about it.
 * @param {string} flow
 */
function applyFlow(flow) {
  const flowFields = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#profile-form [data-flows]'));
  for (const element of flowFields) element.hidden = !element.dataset.flows.split(' ').includes(flow);
  $('flow-note').textContent = check?.flowNote(flow) ?? '';
}

/** @returns {Draft} */
function readForm() {
  const draft = /** @type {Draft} */ ({});
  for (const [key, id] of fieldEntries()) draft[key] = key === 'privateKeyPem' ? field(id).value : field(id).value.trim();
  // A custom domain is never accepted silently: only with this box ticked (the core refuses it otherwise).
  draft.allowCustomDomain = checkbox('allow-custom-domain').checked;
  // Secrets and token in storage.session (memory) instead of the vault: lib/store.js.
  draft.sessionOnly = checkbox('session-only').checked;
  if (field('certificate').value) draft.certificatePem = field('certificate').value;
  return draft;
}

/**
 * Validates the form in the core and saves it. Returns the saved profile, or null (the form keeps its input).
 * @returns {Promise<Profile | null>}
 */
async function save() {
  const { validate } = check ?? (await formReady()); // and what storage holds is in the form (lib/preview.js)
  const draft = readForm();
  /** @type {CheckedProfile} */
  let checked;
  try {
    checked = validate(draft);
  } catch (error) {
    showFieldError(error);
    return null;
  }
  const profile = { ...draft, id: current?.id ?? crypto.randomUUID() };
  const typed = Object.fromEntries(SESSION_ONLY.map((key) => [key, profile[key]]));
  for (const key of SESSION_ONLY) delete profile[key];
  await Promise.all([profiles.put(profile), passwords.put(profile.id, typed), selection.put(profile.id)]);
  current = profile;
  $('delete').hidden = !$('delete-dialog').hidden;
  $('duplicate').hidden = false;
  await saved(profile);
  $('form-title').textContent = 'Org profile';
  const notes = checked.notes?.length ? ` ${checked.notes.join(' ')}` : '';
  formStatus(`Saved: ${checked.environment} org at ${checked.origin}.${notes}`, 'ok');
  return profile;
}

/**
 * What the core threw (`Failure`: `field` names the form field to blame, if any), said under the form.
 * @param {Partial<import('../pkg/sftoken.js').Failure>} error
 */
function showFieldError(error) {
  formStatus(describe(error), 'error');
  const id = FIELDS[/** @type {FieldKey} */ (error.field)];
  if (id) $(id).focus();
}

// Firefox treats host permissions as optional and lets people revoke them, and only honours permissions.request
// inside the click itself (no await before it). So: validate synchronously, ask for exactly the hosts this profile
// needs (already-granted hosts resolve at once, with no prompt, in both browsers), then go on.
/** @param {() => Promise<void>} next */
function withHostAccess(next) {
  // A click before the core has loaded (only a machine clicks that fast): wait for it, then ask. Chromium still sees
  // the click's user activation; Firefox may refuse the request as not inside the click, and the error says so.
  if (!check) {
    formReady().then(() => withHostAccess(next), (error) => formStatus(describe(error), 'error'));
    return;
  }
  /** @type {CheckedProfile} */
  let checked;
  try {
    checked = check.validate(readForm());
  } catch (error) {
    showFieldError(error);
    return;
  }
  ext.permissions.request({ origins: checked.hostPermissions }).then(
    (granted) => (granted ? next() : permissionRefused(checked)),
    (error) => formStatus(`sftoken could not ask for access to ${checked.host}: ${error.message}`, 'error'),
  );
}

/** @param {CheckedProfile} checked */
function permissionRefused(checked) {
  formStatus(
    `sftoken may not access ${checked.host}, so it cannot catch the login's callback or ask Salesforce for the token. ` +
      'Click again and allow access (in Firefox you can also allow it under Extensions → sftoken → Permissions).',
    'error',
  );
}

// Web server: log in in a tab; the background turns that tab into the result page (result.html).
async function startLogin() {
  const profile = await save();
  if (!profile) return;
  formStatus('Opening the Salesforce login…');
  const reply = await logIn(profile);
  if (reply?.error) showFieldError(reply.error);
  else formStatus('Log in in the new tab; the token appears there.', 'ok');
}

async function getToken() {
  const profile = await save();
  if (!profile) return;
  if (profile.flow === 'device') {
    // The device flow waits minutes for the person; a tab survives the popup closing when they go to approve.
    await ext.tabs.create({ url: pageUrl(`device.html?profile=${encodeURIComponent(profile.id)}`) });
    return;
  }
  showResult('Asking Salesforce for a token…');
  try {
    await storeToken(profile.id, await directGrant(profile), profile);
    showResult(`Got a token for ${profile.name}.`, '', '', 'ok');
  } catch (error) {
    showResult(error?.message ?? String(error), error?.hint ?? '', codeLine(error), 'error');
  }
}

async function generateKey() {
  formStatus('Generating an RSA key pair and a self-signed certificate…');
  try {
    const pair = await generateKeyPair(field('name').value.trim() || 'sftoken');
    field('private-key').value = pair.privateKeyPem;
    field('certificate').value = pair.certificatePem;
    $('certificate-box').hidden = false;
    formStatus('Key pair ready. Upload the certificate to the app ("Use digital signatures"), then Save.', 'ok');
  } catch (error) {
    formStatus(describe(error), 'error');
  }
}
