// sftoken popup. Also opened in a tab: popup.html?flow=<state> is a web-server login's result page, and
// popup.html?device=<profileId> runs the device flow. DOM wiring only: every decision — host validation, URLs,
// request bodies, response and error parsing, explanations — is the wasm core's.
import { ext } from './lib/browser.js';
import { core, lifecycle as lifecycleModule } from './lib/core.js';
import { deviceGrant, directGrant } from './lib/grants.js';
import * as lifecycle from './lib/lifecycle.js';
import { flows, passwords, profiles, selection, tokens } from './lib/store.js';
import { $, describe, fillDetails, setStatus, showResult } from './lib/ui.js';

performance.mark('sftoken:script');
const FIELDS = {
  name: 'name', flow: 'flow', loginUrl: 'login-url', clientId: 'client-id', clientSecret: 'client-secret',
  redirectUri: 'redirect-uri', scopes: 'scopes', username: 'username', password: 'password',
  securityToken: 'security-token', privateKeyPem: 'private-key',
};
// Typed into the form but never written to disk: kept in storage.session for this browser session only.
const SESSION_ONLY = ['password', 'securityToken'];
const NEW_PROFILE = {
  name: '', flow: 'web_server', loginUrl: '', clientId: '', clientSecret: '', redirectUri: 'https://login.salesforce.com/',
  scopes: 'api refresh_token', username: '', privateKeyPem: '',
};

let sf;              // the wasm core
let current = null;  // the profile in the form (null: a new one)
let shown = null;    // the token on screen

async function main() {
  const corePromise = core().then((ready) => (performance.mark('sftoken:wasm-init'), ready));
  const [all, selectedId] = await Promise.all([profiles.all(), selection.get()]);
  performance.mark('sftoken:storage-read');
  sf = await corePromise;
  performance.mark('sftoken:wasm-ready');
  all.sort((a, b) => a.name.localeCompare(b.name));
  const params = new URLSearchParams(location.search);
  const flowState = params.get('flow');
  const flow = flowState ? await flows.get(flowState) : null;
  current = all.find((p) => p.id === (flow?.profileId ?? params.get('device') ?? selectedId)) ?? all[0] ?? null;
  renderProfileList(all);
  await fillForm(current ?? NEW_PROFILE);
  renderToken(current && (await tokens.get(current.id)));
  wire();
  performance.mark('sftoken:interactive');
  document.body.dataset.ready = 'true';
  if (flowState) await showFlow(flow);
  else if (params.get('device') && current) await runDevice(current);
  else await offerPendingFlow();
}

function wire() {
  $('profile-select').addEventListener('change', selectProfile);
  $('profile-form').addEventListener('submit', (event) => { event.preventDefault(); save(); });
  $('flow').addEventListener('change', () => applyFlow($('flow').value));
  $('login').addEventListener('click', () => withHostAccess(startLogin));
  $('get-token').addEventListener('click', () => withHostAccess(getToken));
  $('generate-key').addEventListener('click', generateKey);
  $('copy-certificate').addEventListener('click', () => copyText($('certificate').value, $('form-status'), 'Certificate copied to the clipboard.'));
  $('reveal').addEventListener('click', () => setRevealed($('reveal').getAttribute('aria-pressed') !== 'true'));
  $('copy').addEventListener('click', () => copyText(shown?.accessToken, $('copy-status'), 'Access token copied to the clipboard.'));
  $('refresh').addEventListener('click', () => tokenAction(refresh));
  $('whoami').addEventListener('click', () => tokenAction(whoIsThis));
  $('validity').addEventListener('click', () => tokenAction(validity));
  $('test-call').addEventListener('click', () => tokenAction(testCall));
  $('forget').addEventListener('click', () => tokenAction(forget));
  $('forget-locally').addEventListener('click', forgetLocally);
  $('device-copy').addEventListener('click', () => copyText($('device-code').textContent, $('device-status'), 'Code copied to the clipboard.'));
}

// ---- profiles ----

function renderProfileList(all) {
  $('profile-select').replaceChildren(
    ...all.map((p) => new Option(p.name || '(unnamed)', p.id, false, p.id === current?.id)),
    new Option('New profile…', '', false, !current),
  );
}

async function fillForm(profile) {
  const typed = profile.id ? ((await passwords.get(profile.id)) ?? {}) : {};
  for (const [key, id] of Object.entries(FIELDS)) $(id).value = (SESSION_ONLY.includes(key) ? typed[key] : profile[key]) ?? '';
  if (!$('flow').value) $('flow').value = 'web_server';
  $('allow-custom-domain').checked = profile.allowCustomDomain === true;
  $('certificate').value = profile.certificatePem ?? '';
  $('certificate-box').hidden = !profile.certificatePem;
  $('form-title').textContent = current ? 'Org profile' : 'New org profile';
  applyFlow($('flow').value);
}

/** Shows the fields the chosen flow needs, and what to know about it. */
function applyFlow(flow) {
  for (const element of document.querySelectorAll('[data-flows]')) element.hidden = !element.dataset.flows.split(' ').includes(flow);
  $('flow-note').textContent = sf.flowInfo(flow).note;
}

function readForm() {
  const draft = {};
  for (const [key, id] of Object.entries(FIELDS)) draft[key] = key === 'privateKeyPem' ? $(id).value : $(id).value.trim();
  // A custom domain is never accepted silently: only with this box ticked (the core refuses it otherwise).
  draft.allowCustomDomain = $('allow-custom-domain').checked;
  if ($('certificate').value) draft.certificatePem = $('certificate').value;
  return draft;
}

async function selectProfile() {
  const id = $('profile-select').value;
  current = id ? await profiles.get(id) : null;
  await fillForm(current ?? NEW_PROFILE);
  setStatus($('form-status'), '');
  if (current) await selection.put(current.id);
  renderToken(current && (await tokens.get(current.id)));
}

/** Validates the form in the core and saves it. Returns the saved profile, or null (the form keeps its input). */
async function save() {
  const draft = readForm();
  let checked;
  try {
    checked = sf.validateProfile(draft);
  } catch (error) {
    showFieldError(error);
    return null;
  }
  const profile = { ...draft, id: current?.id ?? crypto.randomUUID() };
  const typed = Object.fromEntries(SESSION_ONLY.map((key) => [key, profile[key]]));
  for (const key of SESSION_ONLY) delete profile[key];
  await Promise.all([profiles.put(profile), passwords.put(profile.id, typed), selection.put(profile.id)]);
  current = profile;
  renderProfileList(await profiles.all());
  $('form-title').textContent = 'Org profile';
  const notes = checked.notes?.length ? ` ${checked.notes.join(' ')}` : '';
  setStatus($('form-status'), `Saved: ${checked.environment} org at ${checked.origin}.${notes}`, 'ok');
  return profile;
}

function showFieldError(error) {
  setStatus($('form-status'), describe(error), 'error');
  const id = FIELDS[error.field];
  if (id) $(id).focus();
}

// Firefox treats host permissions as optional and lets people revoke them, and only honours permissions.request
// inside the click itself (no await before it). So: validate synchronously, ask for exactly the hosts this profile
// needs (already-granted hosts resolve at once, with no prompt, in both browsers), then go on.
function withHostAccess(next) {
  let checked;
  try {
    checked = sf.validateProfile(readForm());
  } catch (error) {
    showFieldError(error);
    return;
  }
  ext.permissions.request({ origins: checked.hostPermissions }).then(
    (granted) => (granted ? next() : permissionRefused(checked)),
    (error) => setStatus($('form-status'), `sftoken could not ask for access to ${checked.host}: ${error.message}`, 'error'),
  );
}

function permissionRefused(checked) {
  setStatus(
    $('form-status'),
    `sftoken may not access ${checked.host}, so it cannot catch the login's callback or ask Salesforce for the token. ` +
      'Click again and allow access (in Firefox you can also allow it under Extensions → sftoken → Permissions).',
    'error',
  );
}

// ---- web-server flow: log in in a tab, the tab becomes the result page ----

async function startLogin() {
  const profile = await save();
  if (!profile) return;
  setStatus($('form-status'), 'Opening the Salesforce login…');
  const reply = await ext.runtime.sendMessage({ type: 'log-in', profileId: profile.id });
  if (reply?.error) showFieldError(reply.error);
  else setStatus($('form-status'), 'Log in in the new tab; the token appears there.', 'ok');
}

async function showFlow(flow) {
  if (!flow) {
    showResult('This login is already finished or has expired.', 'Its token, if any, is shown below.');
    return;
  }
  if (flow.failure) {
    await flows.remove(flow.state);
    showResult(flow.failure.message, flow.failure.hint, flow.failure.error, 'error');
    return;
  }
  if (flow.captured) await exchange(flow);
}

// The popup, opened while a captured code waits (its result tab was closed), offers to finish the job.
async function offerPendingFlow() {
  const waiting = (await flows.all()).filter((f) => f.captured || f.failure);
  if (!waiting.length) return;
  const flow = waiting.sort((a, b) => b.startedAt - a.startedAt)[0];
  if (flow.failure) return showFlow(flow);
  showResult('A login finished and its code is waiting.', 'Click "Try again" to exchange it for a token.');
  offerRetry(flow);
}

const codeExpired = (flow) => Date.now() - flow.captured.capturedAt >= sf.codeLifetimeMs();

async function exchange(flow) {
  if (codeExpired(flow)) {
    await flows.remove(flow.state);
    showResult('The authorization code expired (Salesforce codes live 15 minutes).', 'Click "Log in" again.', '', 'error');
    return;
  }
  showResult('Exchanging the authorization code for a token…');
  const profile = await profiles.get(flow.profileId);
  const secret = profile?.clientSecret || null;
  try {
    const request = sf.tokenRequest({
      grantType: 'authorization_code',
      loginUrl: flow.loginUrl,
      allowCustomDomain: flow.allowCustomDomain === true,
      clientId: flow.clientId,
      clientSecret: secret,
      redirectUri: flow.redirectUri,
      code: flow.captured.code,
      codeVerifier: flow.codeVerifier,
    });
    const response = await sf.sendRequest(request);
    const token = sf.parseTokenResponse(response.status, response.bodyText, secret);
    await storeToken(flow.profileId, token);
    await flows.remove(flow.state);
    showResult(`Logged in to ${profile?.name || 'Salesforce'}.`, '', '', 'ok');
  } catch (error) {
    const keep = error?.retrySameCode === true && !codeExpired(flow);
    if (!keep) await flows.remove(flow.state);
    const next = keep ? 'Fix the profile above, click "Save", then "Try again".' : 'Then click "Log in" again.';
    showResult(error?.message ?? String(error), `${error?.hint ?? ''} ${next}`.trim(), error?.error ?? error?.code ?? '', 'error');
    if (keep) offerRetry(flow);
  }
}

function offerRetry(flow) {
  const retry = $('retry');
  retry.hidden = false;
  retry.onclick = async () => {
    retry.hidden = true;
    const fresh = await flows.get(flow.state);
    if (fresh) await exchange(fresh);
    else showResult('This login is already finished or has expired.', 'Click "Log in" again.', '', 'error');
  };
}

// ---- the other flows ----

async function getToken() {
  const profile = await save();
  if (!profile) return;
  if (profile.flow === 'device') {
    // The device flow waits minutes for the person; a tab survives the popup closing when they go to approve.
    await ext.tabs.create({ url: ext.runtime.getURL(`popup.html?device=${encodeURIComponent(profile.id)}`) });
    return;
  }
  showResult('Asking Salesforce for a token…');
  try {
    await storeToken(profile.id, await directGrant(sf, profile));
    showResult(`Got a token for ${profile.name}.`, '', '', 'ok');
  } catch (error) {
    showResult(error?.message ?? String(error), error?.hint ?? '', error?.error ?? error?.code ?? '', 'error');
  }
}

async function runDevice(profile) {
  const abort = new AbortController();
  $('device-cancel').onclick = () => abort.abort();
  try {
    const token = await deviceGrant(sf, profile, {
      signal: abort.signal,
      onCode(device) {
        $('device').hidden = false;
        $('device-code').textContent = device.userCode;
        Object.assign($('device-url'), { href: device.verificationUri, textContent: device.verificationUri });
        setStatus($('device-status'), 'Waiting for you to approve…');
      },
    });
    $('device').hidden = true;
    await storeToken(profile.id, token);
    showResult(`Got a token for ${profile.name}.`, '', '', 'ok');
  } catch (error) {
    $('device').hidden = true;
    showResult(error?.message ?? String(error), error?.hint ?? '', error?.error ?? error?.code ?? '', 'error');
  }
}

async function generateKey() {
  setStatus($('form-status'), 'Generating an RSA key pair and a self-signed certificate…');
  try {
    const pair = await (await lifecycleModule()).generateJwtKeyPair({ commonName: $('name').value.trim() || 'sftoken' });
    $('private-key').value = pair.privateKeyPem;
    $('certificate').value = pair.certificatePem;
    $('certificate-box').hidden = false;
    setStatus($('form-status'), 'Key pair ready. Upload the certificate to the app ("Use digital signatures"), then Save.', 'ok');
  } catch (error) {
    setStatus($('form-status'), describe(error), 'error');
  }
}

// ---- the token ----

async function storeToken(profileId, token) {
  await tokens.put(profileId, { ...token, receivedAt: Date.now() });
  if (current?.id === profileId) renderToken(await tokens.get(profileId));
}

function renderToken(token) {
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

function setRevealed(revealed) {
  const t = shown?.accessToken ?? '';
  $('token-value').textContent = revealed ? t : `${t.slice(0, 5)}${'•'.repeat(16)}${t.slice(-4)}`;
  $('reveal').textContent = revealed ? 'Hide' : 'Show';
  $('reveal').setAttribute('aria-pressed', String(revealed));
}

// writeText runs inside the click with the text already in memory: Firefox refuses clipboard writes that come
// after an await has lost the user gesture (BROWSERS.md).
function copyText(text, status, done) {
  if (!text) return;
  navigator.clipboard.writeText(text).then(
    () => setStatus(status, done, 'ok'),
    (error) => setStatus(status, `Could not copy: ${error.message}. Select it and copy it by hand.`, 'error'),
  );
}

/** Runs one token action and shows its outcome (message, hint, details) under the token. */
async function tokenAction(action) {
  if (!shown || !current) return;
  lifecycleView('Asking Salesforce…');
  $('lifecycle').dataset.busy = 'true'; // until the answer is on screen (tests and assistive tech can wait on it)
  $('lifecycle').setAttribute('aria-busy', 'true');
  try {
    await action(current, shown);
  } catch (error) {
    lifecycleView(error?.message ?? String(error), error?.hint ?? '', [['Salesforce said', error?.error ?? error?.code]], 'error');
  } finally {
    delete $('lifecycle').dataset.busy;
    $('lifecycle').removeAttribute('aria-busy');
  }
}

function lifecycleView(message, hint = '', rows = [], tone = '') {
  $('lifecycle').hidden = false;
  $('lifecycle').className = tone;
  $('lifecycle-message').textContent = message;
  $('lifecycle-hint').textContent = hint;
  fillDetails($('lifecycle-details'), rows);
  $('forget-locally').hidden = true;
}

async function refresh(profile, token) {
  const next = await lifecycle.refresh(sf, profile, token);
  await storeToken(profile.id, next);
  lifecycleView(next.refreshTokenRotated ? 'Refreshed. Salesforce rotated the refresh token; the new one replaced the old.' : 'Refreshed: a new access token.', '', [], 'ok');
}

async function whoIsThis(profile, token) {
  const { user, check } = await lifecycle.whoIsThis(sf, profile, token);
  lifecycleView(check.message, check.hint ?? '', [
    ['Username', user.username],
    ['Name', user.name],
    ['Org ID', user.orgId],
    ['User ID', user.userId],
    ['Scopes requested', check.requestedScopes],
    ['Scopes granted', check.grantedScopes],
  ], check.ok ? 'ok' : 'error');
}

async function validity(profile, token) {
  const { introspection, introspectionError, age } = await lifecycle.validity(sf, profile, token, Date.now());
  if (introspection) {
    const rows = [['Active', introspection.active ? 'yes' : 'no'], ['Issued', age.message]];
    if (introspection.expiresAt) rows.push(['Expires', `${new Date(introspection.expiresAt).toLocaleString()} (${introspection.remaining})`]);
    lifecycleView(introspection.message, introspection.hint ?? '', rows, introspection.active ? 'ok' : 'error');
  } else {
    lifecycleView(age.message, `${age.hint} (Introspection: ${describe(introspectionError)})`, [], '');
  }
}

async function testCall(profile, token) {
  const { latest, limits } = await lifecycle.testCall(sf, token);
  lifecycleView(limits.message, '', [['API version', latest.version], ...limits.rows.map((r) => [r.name, r.value])], 'ok');
}

async function forget(profile, token) {
  try {
    await lifecycle.revoke(sf, profile, token);
  } catch (error) {
    lifecycleView(`Salesforce did not revoke the token: ${error?.message ?? error}`, `${error?.hint ?? ''} The token is still stored here until you decide.`, [], 'error');
    $('forget-locally').hidden = false;
    return;
  }
  await forgetLocally();
}

async function forgetLocally() {
  if (!current) return;
  await tokens.remove(current.id);
  renderToken(null);
  showResult(`Forgot the token of ${current.name}.`, '', '', 'ok');
}

main().catch((error) => {
  setStatus($('form-status'), `sftoken could not start: ${error?.message ?? error}`, 'error');
});
