// @ts-check
// "Export profiles" and "Import profiles": the profiles/1 file. The core writes the document and says what it holds
// (exportProfiles), reads a chosen file and plans its import (planProfileImport: what will be added, what updated,
// matched by login host + consumer key; a damaged, foreign or newer file throws); this module reads and writes
// storage and files, and shows the plan before anything changes. Applying is all or nothing (store.js putMany).
import { core } from './core.js';
import { profiles } from './store.js';
import { $, checkbox, describe, field, setStatus } from './ui.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('../pkg/sftoken.js').ImportPlan} ImportPlan */
/** @typedef {import('../pkg/sftoken.js').PortableProfile} PortableProfile */

/** What follows an applied import (the popup: the list again). @typedef {() => void | Promise<void>} OnImported */

/** @type {ImportPlan | null} the plan shown, waiting for "Import all" */
let pending = null;
/** @type {OnImported} */
let imported = () => {};
/** @type {string | null} the last exported file's blob URL, revoked when the next one is made */
let lastUrl = null;

/**
 * Wires the buttons. `onImported` follows an applied import.
 * @param {{onImported?: OnImported}} [options]
 */
export function initProfilesFile({ onImported = () => {} } = {}) {
  imported = onImported;
  $('export-profiles').addEventListener('click', exportFile);
  $('import-profiles').addEventListener('click', () => field('import-file').click());
  $('import-file').addEventListener('change', readChosenFile);
  $('import-apply').addEventListener('click', applyImport);
  $('import-cancel').addEventListener('click', () => closePreview('Import cancelled: nothing was changed.'));
  checkbox('include-secrets').addEventListener('change', sayWhatExportHolds);
  sayWhatExportHolds();
}

/** @param {string} text @param {import('./ui.js').Tone} [tone] */
const fileStatus = (text, tone = '') => setStatus($('profiles-file-status'), text, tone);

function sayWhatExportHolds() {
  $('export-secrets-note').textContent = checkbox('include-secrets').checked
    ? 'The file will hold consumer secrets and JWT private keys in plain text: anyone who has it can use these apps. Never passwords or tokens.'
    : 'Without secrets: no consumer secret, private key, password or token goes in the file.';
}

async function exportFile() {
  try {
    const sf = await core();
    const all = await profiles.all();
    const includeSecrets = checkbox('include-secrets').checked;
    const result = sf.exportProfiles(all.map(portable), includeSecrets, Date.now());
    const blob = new Blob([`${JSON.stringify(result.document, null, 2)}\n`], { type: 'application/json' });
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(blob);
    const link = /** @type {HTMLAnchorElement} */ ($('export-file'));
    link.href = lastUrl;
    link.download = result.fileName;
    link.textContent = `Save ${result.fileName} again`;
    link.hidden = false;
    link.dataset.secrets = String(result.document.secrets);
    link.click();
    fileStatus(`Exported ${result.fileName}: ${result.summary}`, result.document.secrets ? 'error' : 'ok');
  } catch (error) {
    fileStatus(`Could not export the profiles: ${describe(error)}`, 'error');
  }
}

/**
 * A stored profile as the core reads it (the core drops the secrets unless they are included).
 * @param {Profile} p
 * @returns {import('../pkg/sftoken.js').StoredProfile}
 */
const portable = (p) => ({
  name: p.name ?? '', flow: p.flow ?? 'web_server', loginUrl: p.loginUrl ?? '', allowCustomDomain: p.allowCustomDomain === true,
  clientId: p.clientId ?? '', redirectUri: p.redirectUri ?? '', scopes: p.scopes ?? '', username: p.username ?? '',
  certificatePem: p.certificatePem ?? null, sessionOnly: p.sessionOnly === true,
  clientSecret: p.clientSecret || null, privateKeyPem: p.privateKeyPem || null,
  hasToken: null, tokenIssuedAt: null, hasRefreshToken: null, instanceUrl: null,
});

async function readChosenFile() {
  const input = /** @type {HTMLInputElement} */ ($('import-file'));
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  closePreview('');
  try {
    const [sf, text, all] = await Promise.all([core(), file.text(), profiles.all()]);
    // The stored profiles without their secrets: the plan matches and compares, it never needs one.
    const existing = all.map((p) => ({ ...portable(p), id: p.id, clientSecret: /** @type {string | null} */ (null), privateKeyPem: /** @type {string | null} */ (null) }));
    pending = sf.planProfileImport(text, existing);
    showPreview(file.name, pending);
  } catch (error) {
    pending = null;
    fileStatus(`${file.name} was not imported: ${describe(error)} Nothing was changed.`, 'error');
  }
}

/**
 * @param {string} fileName
 * @param {ImportPlan} plan
 */
function showPreview(fileName, plan) {
  $('import-title').textContent = `Import ${fileName}?`;
  $('import-summary').textContent = plan.summary;
  const items = [
    ...plan.add.map((p) => line(`Add: ${p.name || '(unnamed)'} — ${p.loginUrl}`, 'add')),
    ...plan.update.map((u) => line(`Update: ${u.name || '(unnamed)'} — ${u.changes.join(', ')}`, 'update')),
    ...plan.unchanged.map((u) => line(`Already the same: ${u.name || '(unnamed)'}`, 'unchanged')),
  ];
  $('import-changes').replaceChildren(...items);
  const nothing = !plan.add.length && !plan.update.length;
  $('import-apply').hidden = nothing;
  $('import-preview').hidden = false;
  fileStatus(nothing ? 'Nothing to import: every profile in the file is already here as it is.' : '');
  (nothing ? $('import-cancel') : $('import-apply')).focus();
}

/** @param {string} text @param {string} kind */
function line(text, kind) {
  const li = document.createElement('li');
  li.textContent = text;
  li.dataset.kind = kind;
  return li;
}

/** @param {string} message */
function closePreview(message) {
  pending = null;
  $('import-preview').hidden = true;
  if (message) fileStatus(message);
}

// All or nothing: every added and updated profile in one store.js putMany (which puts the secrets back if the
// profiles cannot be written). An update keeps the stored profile's id, its session-only choice and, when the file
// carries none, its secrets.
async function applyImport() {
  const plan = pending;
  if (!plan) return;
  try {
    const all = new Map((await profiles.all()).map((p) => [p.id, p]));
    /** @type {Profile[]} */
    const list = [
      ...plan.add.map((p) => stored(p, null, crypto.randomUUID())),
      ...plan.update.map((u) => stored(u.profile, all.get(u.id) ?? null, u.id)),
    ];
    await profiles.putMany(list);
    closePreview('');
    fileStatus(`Imported: ${plan.add.length} added, ${plan.update.length} updated.`, 'ok');
    await imported();
  } catch (error) {
    fileStatus(`The import was not applied: ${describe(error)} Nothing was changed.`, 'error');
  }
}

/**
 * The profile to store for an entry of the file.
 * @param {PortableProfile} p
 * @param {Profile | null} before the stored profile it updates
 * @param {string} id
 * @returns {Profile}
 */
function stored(p, before, id) {
  /** @type {Profile} */
  const profile = {
    ...(before ?? {}),
    id, name: p.name, flow: p.flow, loginUrl: p.loginUrl, allowCustomDomain: p.allowCustomDomain, clientId: p.clientId,
    redirectUri: p.redirectUri, scopes: p.scopes, username: p.username,
    clientSecret: p.clientSecret ?? before?.clientSecret ?? '',
    privateKeyPem: p.privateKeyPem ?? before?.privateKeyPem ?? '',
    sessionOnly: before ? before.sessionOnly === true : p.sessionOnly,
  };
  if (p.certificatePem) profile.certificatePem = p.certificatePem;
  return profile;
}
