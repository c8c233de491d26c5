// @ts-check
// The standalone page: DOM wiring around the same wasm core as the extension. The pending state and PKCE verifier
// live in sessionStorage (this tab only) between step 1 and step 2.
import init, * as sf from './pkg/sftoken.js';

/** @type {(id: string) => HTMLElement} */
const $ = (id) => document.getElementById(id);
/** An <input> by id. @type {(id: string) => HTMLInputElement} */
const input = (id) => /** @type {HTMLInputElement} */ ($(id));
/** @type {(id: string, text: string, tone?: '' | 'ok' | 'error') => HTMLElement} */
const say = (id, text, tone = '') => Object.assign($(id), { textContent: text, className: tone });
/** What the core threw (`Failure`: {message, hint, …}), or anything else, as one line. @type {(e: any) => string} */
const problem = (e) => `${e?.message ?? e} ${e?.hint ?? ''}`.trim();
/** @type {(s: string) => string} */
const shellQuote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

/**
 * The login started in step 1, kept in sessionStorage (this tab) until step 2: what the token request must repeat.
 * @typedef {object} Pending
 * @property {string} state
 * @property {string | undefined} codeVerifier
 * @property {string} loginUrl
 * @property {string} clientId
 * @property {string} redirectUri
 */

await init();

$('start').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    const request = sf.authorizeRequest({
      loginUrl: input('login-url').value, clientId: input('client-id').value.trim(),
      redirectUri: input('redirect-uri').value.trim(), scopes: input('scopes').value, pkce: true,
    });
    sessionStorage.setItem('sftoken-pending', JSON.stringify(/** @satisfies {Pending} */ ({
      state: request.state, codeVerifier: request.codeVerifier, loginUrl: input('login-url').value,
      clientId: input('client-id').value.trim(), redirectUri: input('redirect-uri').value.trim(),
    })));
    Object.assign($('authorize-link'), { href: request.url, hidden: false });
    say('start-status', 'Open the login, allow access, then paste the address you land on below (within 15 minutes).', 'ok');
  } catch (e) {
    say('start-status', problem(e), 'error');
  }
});

$('finish').addEventListener('submit', (event) => {
  event.preventDefault();
  $('curl').hidden = true;
  /** @type {Pending | null} */
  const pending = JSON.parse(sessionStorage.getItem('sftoken-pending') ?? 'null');
  if (!pending) return say('finish-status', 'Build the authorize URL in step 1 first (in this tab).', 'error');
  try {
    const outcome = sf.parseCallback(input('callback').value.trim(), pending.state);
    if (outcome.kind === 'unrelated') {
      return say('finish-status', 'This address does not answer the login started in step 1 (its state differs). Paste the address from that login.', 'error');
    }
    if (outcome.kind === 'error') return say('finish-status', `${outcome.message} ${outcome.hint}`, 'error');
    const request = sf.tokenRequest({
      grantType: 'authorization_code', loginUrl: pending.loginUrl, clientId: pending.clientId,
      clientSecret: input('client-secret').value || null, redirectUri: pending.redirectUri,
      code: outcome.code, codeVerifier: pending.codeVerifier,
    });
    const headers = Object.entries(request.headers).map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`).join(' ');
    $('curl').textContent = `curl -sS -X ${request.method} ${shellQuote(request.url)} ${headers} --data ${shellQuote(request.body)}`;
    $('curl').hidden = false;
    say('finish-status', 'Run this within 15 minutes, once: the code is single-use.', 'ok');
  } catch (e) {
    say('finish-status', problem(e), 'error');
  }
});
