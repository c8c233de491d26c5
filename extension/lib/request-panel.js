// @ts-check
// "Try a request", under the token (every page's token card holds the panel: <details id="request-panel">): a
// method, a path on the token's instance, a JSON or XML body → Send → the status, the headers worth seeing and the
// body pretty-printed, a REST error explained with the fix; "Copy as curl" puts the same request in the clipboard.
// Every decision — the path kept on the instance, the headers, the layout, the explanation, the curl quoting — is the
// core's (tryRequest, requestSuggestions, requestAsCurl); this module wires the DOM.
import { core } from './core.js';
import { $, codeRow, copyText, fillDetails, field, setStatus } from './ui.js';

/** @typedef {import('./owner.js').OwnedToken} StoredToken */
/** @typedef {typeof import('../pkg/sftoken.js')} Sftoken */

/** @type {() => StoredToken | null} */
let tokenOf = () => null;
/** @type {Sftoken | null} the core once loaded: "Copy as curl" needs it synchronously, inside the click */
let sf = null;
let sending = false;
/** @type {StoredToken | null} the token the path suggestions were made for */
let suggestedFor = null;

/**
 * Wires the panel once. `token()` is the token on screen (null: none).
 * @param {() => StoredToken | null} token
 */
export function initRequestPanel(token) {
  tokenOf = token;
  core().then((ready) => { sf = ready; }, () => {});
  $('request-panel').addEventListener('toggle', () => {
    if (/** @type {HTMLDetailsElement} */ ($('request-panel')).open) suggest();
  });
  $('request-method').addEventListener('change', showBody);
  $('request-send').addEventListener('click', send);
  $('request-curl').addEventListener('click', copyCurl);
  showBody();
  if (/** @type {HTMLDetailsElement} */ ($('request-panel')).open) suggest(); // loaded by this opening (lib/ui.js loadOnUse)
}

/** The token changed (or is gone): its answers and suggestions no longer apply. */
export function resetRequestPanel() {
  $('request-result').hidden = true;
  setStatus($('request-status'), '');
  if (suggestedFor && suggestedFor.accessToken !== tokenOf()?.accessToken) {
    suggestedFor = null;
    if (/** @type {HTMLDetailsElement} */ ($('request-panel')).open) suggest();
  }
}

/** The panel's choices as the core reads them. @returns {import('../pkg/sftoken.js').TryRequestInput | null} */
function readPanel() {
  const token = tokenOf();
  if (!token) return null;
  const method = field('request-method').value;
  const hasBody = method === 'POST' || method === 'PATCH';
  return {
    token,
    method,
    path: field('request-path').value,
    body: hasBody ? field('request-body').value : null,
    format: field('request-format').value,
  };
}

function showBody() {
  const method = field('request-method').value;
  $('request-body-box').hidden = !(method === 'POST' || method === 'PATCH');
}

/** Fills the paths to try from the instance's latest API version; the first becomes the path if none is typed. */
async function suggest() {
  const token = tokenOf();
  if (!token || suggestedFor === token) return;
  suggestedFor = token;
  try {
    const { latest, paths } = await (await core()).requestSuggestions({ token });
    $('request-paths').replaceChildren(...paths.map((path) => new Option(path, path)));
    if (!field('request-path').value) field('request-path').value = paths[0] ?? '';
    $('request-panel').dataset.apiVersion = latest.version;
  } catch (error) {
    suggestedFor = null;
    setStatus($('request-status'), `Could not read the API versions: ${error?.message ?? error} Type a path instead.`, 'error');
  }
}

async function send() {
  const input = readPanel();
  if (!input || sending) return;
  sending = true;
  $('request-result').hidden = true;
  $('request-panel').dataset.busy = 'true';
  setStatus($('request-status'), 'Sending…');
  try {
    const answer = await (await core()).tryRequest(input);
    setStatus($('request-status'), '');
    $('request-result').hidden = false;
    $('request-result').className = answer.ok ? 'ok' : 'error';
    $('request-summary').textContent = answer.summary;
    $('request-explanation').textContent = answer.error
      ? `${answer.error.code}: ${answer.error.message}${answer.error.salesforceMessage ? ` (Salesforce said: ${answer.error.salesforceMessage})` : ''}`
      : '';
    $('request-fix').textContent = answer.error?.hint ?? '';
    fillDetails($('request-headers'), answer.headers.map((h) => /** @type {import('./ui.js').DetailRow} */ ([h.name, h.value])));
    $('request-response').textContent = answer.body;
    $('request-response').dataset.format = answer.bodyFormat;
  } catch (error) {
    // Refused before sending (a path to another host, a body that is not JSON…) or no answer at all.
    setStatus($('request-status'), `${error?.message ?? error} ${error?.hint ?? ''}`.trim(), 'error');
    $('request-status').dataset.code = codeRow(error)[1] ?? '';
  } finally {
    sending = false;
    delete $('request-panel').dataset.busy;
  }
}

// Synchronous from the click to writeText: Firefox refuses a clipboard write after an await (lib/ui.js copyText).
function copyCurl() {
  const input = readPanel();
  if (!input) return;
  if (!sf) {
    setStatus($('request-status'), 'sftoken is still loading: click again in a moment.', 'error');
    return;
  }
  let command;
  try {
    command = sf.requestAsCurl(input).command;
  } catch (error) {
    setStatus($('request-status'), `${error?.message ?? error} ${error?.hint ?? ''}`.trim(), 'error');
    return;
  }
  copyText(command, $('request-status'), 'curl command copied to the clipboard (it contains the token: keep it private).');
}
