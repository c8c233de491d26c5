// @ts-check
// The standalone page: DOM wiring around the same wasm core as the extension, one core call per action. The login
// in progress (state, PKCE verifier and what /authorize was sent) lives in sessionStorage — this tab only — from
// "Build authorize URL" until the token is got. Served from http://localhost:<port>, the page is its own Callback
// URL: Salesforce sends the browser back here with ?code=…&state=…, and the page catches the code itself.
import init, * as sf from './pkg/sftoken.js';

const PENDING_KEY = 'sftoken-pending';

/** @type {(id: string) => HTMLElement} */
const $ = (id) => document.getElementById(id);
/** An <input> by id. @type {(id: string) => HTMLInputElement} */
const input = (id) => /** @type {HTMLInputElement} */ ($(id));
/** A status line: its text and tone (the element is a live region, so the change is announced). */
const say = (/** @type {string} */ id, /** @type {string} */ text, /** @type {'' | 'ok' | 'error'} */ tone = '') =>
  Object.assign($(id), { textContent: text, className: tone });
/** What the core threw (`Failure`: {message, hint, …}), or anything else, as one line. @type {(e: any) => string} */
const problem = (e) => `${e?.message ?? e} ${e?.hint ?? ''}`.trim();

/**
 * The login started with "Build authorize URL": what the token request must repeat.
 * @typedef {object} Pending
 * @property {string} state
 * @property {string | null} codeVerifier
 * @property {string} loginUrl
 * @property {string} clientId
 * @property {string} redirectUri
 * @property {string} scopes
 */

/** @returns {Pending | null} */
function readPending() {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  } catch {
    return null;
  }
}

await init();

// This page's own address: its Callback URL when it is served from loopback over http (Salesforce accepts
// http:// for localhost only).
const pageUrl = location.origin + location.pathname;
const servedFromLoopback = location.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
$('page-origin').textContent = location.origin;
if (servedFromLoopback) {
  input('redirect-uri').value = pageUrl;
  $('setup-callback').textContent = pageUrl;
  $('setup-callback-why').textContent = '— this page itself, which then catches the code by itself';
}

// Back from Salesforce (or reloaded): the fields of the login in progress.
const restored = readPending();
if (restored) {
  input('login-url').value = restored.loginUrl;
  input('client-id').value = restored.clientId;
  input('redirect-uri').value = restored.redirectUri;
  input('scopes').value = restored.scopes;
}

catchOwnCallback();

/** Salesforce sent the browser back to this page: take the code if it answers this tab's login, else refuse it. */
function catchOwnCallback() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error') && !params.has('state')) return;
  const address = location.href;
  // The code leaves the address bar and the history at once, whatever it turns out to be.
  history.replaceState(null, '', pageUrl);
  const pending = readPending();
  let outcome = null;
  try {
    outcome = pending ? sf.parseCallback(address, pending.state) : null;
  } catch {
    // Unreadable: refused below like any address that does not answer this tab's login.
  }
  if (!outcome || outcome.kind === 'unrelated') {
    say('finish-status', 'Refused: this page was opened with a code that does not answer a login started in this '
      + 'tab (its state is missing or differs). Nothing was sent anywhere. Build the authorize URL and log in again '
      + 'from this tab.', 'error');
    return;
  }
  if (outcome.kind === 'error') {
    say('finish-status', `${outcome.message} ${outcome.hint}`, 'error');
    return;
  }
  input('callback').value = address;
  say('finish-status', 'Caught the code Salesforce sent back (state checked). Choose "Get token" — within 15 minutes: '
    + 'a code lives 15 minutes and works once.', 'ok');
  $('get-token').focus();
}

$('start').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    const fields = {
      loginUrl: input('login-url').value.trim(), clientId: input('client-id').value.trim(),
      redirectUri: input('redirect-uri').value.trim(), scopes: input('scopes').value,
    };
    const request = sf.authorizeRequest({ ...fields, pkce: true });
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(/** @satisfies {Pending} */ ({
      ...fields, state: request.state, codeVerifier: request.codeVerifier,
    })));
    // Back to this page: the login runs in this tab, whose sessionStorage holds the verifier. Elsewhere: a new tab,
    // and the person pastes the address it lands on into this one.
    const comesBack = fields.redirectUri === pageUrl;
    const link = /** @type {HTMLAnchorElement} */ ($('authorize-link'));
    Object.assign(link, { href: request.url, hidden: false, target: comesBack ? '' : '_blank', rel: comesBack ? '' : 'noopener' });
    say('start-status', comesBack
      ? 'Open the Salesforce login and allow access: Salesforce sends you back to this page, which takes the code.'
      : 'Open the Salesforce login (a new tab), allow access, then paste the address you land on into step 2 '
        + '(within 15 minutes).', 'ok');
    link.focus();
  } catch (e) {
    say('start-status', problem(e), 'error');
  }
});

/** The code of the login in progress, read from the Redirect URL field; null (with the reason said) if none. */
function capturedExchange() {
  const pending = readPending();
  if (!pending) {
    say('finish-status', 'Build the authorize URL in step 1 first (in this tab).', 'error');
    return null;
  }
  let outcome;
  try {
    outcome = sf.parseCallback(input('callback').value.trim(), pending.state);
  } catch (e) {
    say('finish-status', problem(e), 'error');
    return null;
  }
  if (outcome.kind === 'unrelated') {
    say('finish-status', 'This address does not answer the login started in step 1 (its state is missing or differs). '
      + 'Paste the address from that login.', 'error');
    return null;
  }
  if (outcome.kind === 'error') {
    say('finish-status', `${outcome.message} ${outcome.hint}`, 'error');
    return null;
  }
  return {
    loginUrl: pending.loginUrl, clientId: pending.clientId, clientSecret: input('client-secret').value || null,
    redirectUri: pending.redirectUri, code: outcome.code, codeVerifier: pending.codeVerifier,
  };
}

/** Disables both exchange buttons while a request is out (a code works once). */
const busy = (/** @type {boolean} */ on) => {
  for (const id of ['get-token', 'make-request']) /** @type {HTMLButtonElement} */ ($(id)).disabled = on;
};

$('finish').addEventListener('submit', async (event) => {
  event.preventDefault();
  const exchange = capturedExchange();
  if (!exchange) return;
  busy(true);
  say('finish-status', 'Asking Salesforce…');
  try {
    const result = await sf.exchangeCodeFromPage({ exchange, pageOrigin: location.origin });
    if (result.kind === 'token') {
      sessionStorage.removeItem(PENDING_KEY); // the code is used: this login is over
      $('commands').hidden = true;
      say('finish-status', result.message, 'ok');
      showToken(result.token);
    } else {
      say('finish-status', `${result.message} ${result.hint}`, 'error');
      showCommands(result.commands);
    }
  } catch (e) {
    say('finish-status', problem(e), 'error');
  } finally {
    busy(false);
  }
});

$('make-request').addEventListener('click', () => {
  const exchange = capturedExchange();
  if (!exchange) return;
  try {
    showCommands(sf.tokenRequestCommands(exchange));
    say('finish-status', 'Here is the token request: run one of the commands below.', 'ok');
  } catch (e) {
    say('finish-status', problem(e), 'error');
  }
});

/** @param {import('./pkg/sftoken.js').TokenRequestCommands} commands */
function showCommands(commands) {
  $('curl').textContent = commands.curl;
  $('powershell').textContent = commands.powershell;
  $('commands-note').textContent = commands.note;
  say('commands-status', '');
  $('commands').hidden = false;
}

/** @param {import('./pkg/sftoken.js').Token} token */
function showToken(token) {
  $('token-instance').textContent = token.instanceUrl ?? '';
  $('token-org').textContent = token.orgId ?? '';
  $('token-user').textContent = token.userId ?? '';
  $('token-scope').textContent = token.scope ?? '';
  $('token-refresh').textContent = token.refreshToken ? 'yes (kept on this page only until you leave it)' : 'none';
  Object.assign(input('access-token'), { value: token.accessToken, type: 'password' });
  Object.assign($('show-token'), { textContent: 'Show' }).setAttribute('aria-pressed', 'false');
  say('copy-status', '');
  $('token').hidden = false;
  shownToken = token;
  say('copy-as-status', '');
  $('copy-as-note').textContent = '';
  $('export-text').hidden = true;
  $('exports').hidden = false;
  $('token').scrollIntoView();
}

// ---------------------------------------------------------------- Copy as: the token for another tool
/** @type {import('./pkg/sftoken.js').Token | null} the token on the page (this tab only) */
let shownToken = null;

/**
 * The chosen export of the token on the page (the core's exportToken; the app's fields from the login form, the
 * consumer secret only if typed in). Throws the core's {code, message, hint} when the format lacks something.
 * @returns {import('./pkg/sftoken.js').ExportedToken}
 */
function exported() {
  const pending = readPending();
  const format = /** @type {import('./pkg/sftoken.js').ExportInput['format']} */ (
    /** @type {HTMLSelectElement} */ ($('copy-as-format')).value
  );
  return sf.exportToken({
    format,
    token: shownToken,
    profile: {
      name: '',
      loginUrl: pending?.loginUrl ?? input('login-url').value,
      allowCustomDomain: false,
      clientId: pending?.clientId ?? input('client-id').value.trim(),
      clientSecret: input('client-secret').value || null,
    },
    apiVersion: null,
  });
}

/** Shows an export (or why it cannot be made) under the buttons; returns it, or null. */
function showExport() {
  try {
    const result = exported();
    $('export-text').textContent = result.text;
    $('export-text').hidden = false;
    $('copy-as-note').textContent = result.note ?? '';
    return result;
  } catch (e) {
    $('export-text').hidden = true;
    say('copy-as-status', problem(e), 'error');
    return null;
  }
}

// The export is made synchronously inside the click, so the clipboard write keeps the click's user activation.
$('copy-as').addEventListener('click', () => {
  if (!shownToken) return;
  const result = showExport();
  if (!result) return;
  const label = /** @type {HTMLSelectElement} */ ($('copy-as-format')).selectedOptions[0]?.textContent ?? result.format;
  navigator.clipboard.writeText(result.text).then(
    () => say('copy-as-status', `Copied as ${label}.`, 'ok'),
    (error) => say('copy-as-status', `Could not copy: ${error.message}. Select the text above and copy it by hand.`, 'error'),
  );
});

$('save-export').addEventListener('click', () => {
  if (!shownToken) return;
  const result = showExport();
  if (!result) return;
  const url = URL.createObjectURL(new Blob([result.text], { type: 'application/octet-stream' }));
  Object.assign(document.createElement('a'), { href: url, download: result.filename ?? `sftoken-${result.format}.txt` }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  say('copy-as-status', `Saved ${result.filename ?? 'the export'}.`, 'ok');
});

$('show-token').addEventListener('click', () => {
  const field = input('access-token');
  const show = field.type === 'password';
  field.type = show ? 'text' : 'password';
  $('show-token').textContent = show ? 'Hide' : 'Show';
  $('show-token').setAttribute('aria-pressed', String(show));
});

/** Copies `text`, saying so in the status `statusId`. */
async function copy(/** @type {string} */ text, /** @type {string} */ statusId, /** @type {string} */ what) {
  try {
    await navigator.clipboard.writeText(text);
    say(statusId, `${what} copied.`, 'ok');
  } catch (e) {
    say(statusId, `Could not copy (${e?.message ?? e}): select it and copy it by hand.`, 'error');
  }
}
$('copy-token').addEventListener('click', () => copy(input('access-token').value, 'copy-status', 'Access token'));
$('copy-curl').addEventListener('click', () => copy($('curl').textContent, 'commands-status', 'curl command'));
$('copy-powershell').addEventListener('click', () => copy($('powershell').textContent, 'commands-status', 'PowerShell command'));

// Ready: every handler is in place (tests and scripts wait for this).
document.documentElement.dataset.ready = 'true';
