// @ts-check
// The popup's "Paste" field: what was pasted is recognised as it is typed (lib/paste.js, no network), said in plain
// words, and acted on only when the person clicks the one button offered for it:
//   org URL        → "New profile for this org" (or "Select this org's profile" when one has that login host)
//   redirect URL   → "Use this redirect": the pending login's state check, then the exchange (lib/login-result.js)
//   SFDX auth URL, token answer, access token → "Import token" (an access token asks for its instance URL; a token
//                    answer's refresh token is kept with the app's client id, when given)
import { showFlow } from './login-result.js';
import { classify, importToken, pastedCallback, pasteReady, profileLoggingInAt } from './paste.js';
import { $, describe, field, setStatus } from './ui.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('./paste.js').PasteKind} PasteKind */
/**
 * What the popup does once the person confirmed.
 * @typedef {object} PasteHooks
 * @property {(profile: Profile) => Promise<void>} showProfile selects a saved profile, with its token
 * @property {(login: {origin: string, host: string}) => Promise<void>} newProfile an unsaved profile for that login host
 */

/** @type {PasteKind | null} */
let found = null;
/** @type {Profile | null} the saved profile with the pasted org URL's login host */
let existing = null;
let recognising = 0; // the latest recognition: an older one finishing late must not overwrite it

/** @param {PasteHooks} hooks */
export function initPasteView(hooks) {
  pasteReady().catch(() => {});
  field('paste-text').addEventListener('input', () => recognise());
  $('paste-confirm').addEventListener('click', () => confirm(hooks));
  $('paste-clear').addEventListener('click', clear);
}

/** @param {string} text @param {import('./ui.js').Tone} [tone] */
const status = (text, tone = '') => setStatus($('paste-status'), text, tone);

async function recognise() {
  const run = ++recognising;
  // This module is loaded when the field is first used (popup.js), so the core may still be on its way.
  await pasteReady().catch(() => {});
  if (run !== recognising) return;
  const text = field('paste-text').value;
  status('');
  if (!text.trim()) return show(null);
  const kind = classify(text);
  existing = null;
  if (kind.kind === 'login_url') {
    const profile = await profileLoggingInAt(kind.host);
    if (run !== recognising) return;
    existing = profile;
  }
  show(kind);
}

/** @typedef {PasteKind['kind']} Kind */
/** What to say for each kind, and the button it offers ('' for none). */
/** @type {{[K in Kind]: (kind: Extract<PasteKind, {kind: K}>) => [message: string, hint: string, button: string]}} */
const SAID = {
  login_url: (kind) => [
    `An org URL: ${kind.origin} (${kind.environment}).`,
    [...kind.notes, existing ? `Your profile ${existing.name} logs in there.` : 'No profile logs in there yet.'].join(' '),
    existing ? "Select this org's profile" : 'New profile for this org',
  ],
  callback: () => [
    "A redirect URL carrying a login's answer.",
    'sftoken uses it only if its state matches a login sftoken started; nothing is sent before you click.',
    'Use this redirect',
  ],
  sfdx_auth_url: (kind) => [
    `An SFDX auth URL: a refresh token for ${kind.instanceUrl}, app ${kind.clientId.slice(0, 16)}….`,
    'Import it, then "Refresh" gets an access token from that host.',
    'Import token',
  ],
  token_response: (kind) => [
    `A token answer${kind.token.instanceUrl ? ` for ${kind.token.instanceUrl}` : ''}.`,
    kind.token.refreshToken ? "It has a refresh token: give its app's client id (consumer key) to be able to refresh it." : '',
    'Import token',
  ],
  access_token: (kind) => [
    `An access token of org ${kind.orgId}.`,
    'Give its instance URL: sftoken sends the token there and nowhere else.',
    'Import token',
  ],
  unknown: (kind) => [kind.message, kind.hint, ''],
};

/**
 * Says what was recognised and offers the one action for it.
 * @param {PasteKind | null} kind
 */
function show(kind) {
  found = kind;
  $('paste-found').hidden = !kind;
  if (!kind) return;
  const [message, hint, button] = SAID[kind.kind](/** @type {never} */ (kind));
  $('paste-kind').textContent = message;
  $('paste-hint').textContent = hint;
  $('paste-confirm').textContent = button;
  $('paste-confirm').hidden = !button;
  $('paste-instance-box').hidden = !(kind.kind === 'access_token' || (kind.kind === 'token_response' && !kind.token.instanceUrl));
  $('paste-client-box').hidden = !(kind.kind === 'token_response' && kind.token.refreshToken);
}

function clear() {
  field('paste-text').value = '';
  field('paste-instance-url').value = '';
  field('paste-client-id').value = '';
  status('');
  show(null);
}

/** What "confirm" does for each kind (nothing for an unknown paste). */
/** @type {{[K in Kind]: (kind: Extract<PasteKind, {kind: K}>, hooks: PasteHooks) => Promise<void>}} */
const ACT = {
  async login_url(kind, hooks) {
    const profile = existing;
    if (profile) await hooks.showProfile(profile);
    else await hooks.newProfile(kind);
    status(profile ? `Selected ${profile.name}.` : `New profile for ${kind.host}: fill in the consumer key, then Save.`, 'ok');
  },
  async callback(kind) {
    const flow = await pastedCallback(kind.url);
    status(flow.captured ? 'That is the answer of a login sftoken started: exchanging its code…' : 'That is the answer of a login sftoken started.', 'ok');
    await showFlow(flow);
  },
  async sfdx_auth_url(kind, hooks) {
    const profile = await importToken({ refreshToken: kind.refreshToken, clientId: kind.clientId, clientSecret: kind.clientSecret, instanceUrl: kind.instanceUrl });
    await imported(hooks, profile, 'Click "Refresh" for an access token.');
  },
  async token_response(kind, hooks) {
    const clientId = field('paste-client-id').value.trim();
    const { accessToken, refreshToken, instanceUrl, ...details } = kind.token;
    const profile = await importToken({
      accessToken,
      refreshToken: clientId ? (refreshToken ?? undefined) : undefined,
      clientId,
      instanceUrl: instanceUrl ?? field('paste-instance-url').value,
      details,
    });
    await imported(hooks, profile, refreshToken && !clientId ? 'Its refresh token was left out: no client id was given.' : '');
  },
  async access_token(kind, hooks) {
    await imported(hooks, await importToken({ accessToken: kind.accessToken, instanceUrl: field('paste-instance-url').value }), '');
  },
  async unknown() {},
};

let confirming = false;

/** @param {PasteHooks} hooks */
async function confirm(hooks) {
  const kind = found;
  if (!kind || confirming) return;
  confirming = true;
  try {
    await ACT[kind.kind](/** @type {never} */ (kind), hooks);
  } catch (error) {
    status(describe(error), 'error');
  } finally {
    confirming = false;
  }
}

/**
 * @param {PasteHooks} hooks
 * @param {Profile} profile
 * @param {string} more
 */
async function imported(hooks, profile, more) {
  await hooks.showProfile(profile);
  field('paste-text').value = '';
  show(null);
  status(`Imported the token into ${profile.name}. ${more}`.trim(), 'ok');
}
