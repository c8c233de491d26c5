// sftoken popup (also opened in a tab as the result page: popup.html?flow=<state>). DOM wiring only: every
// decision — host validation, URLs, request bodies, response and error parsing, explanations — is the wasm core's.
import { ext } from './lib/browser.js';
import { core } from './lib/core.js';
import { flows, profiles, selection, tokens } from './lib/store.js';

performance.mark('sftoken:script');
const $ = (id) => document.getElementById(id);
const FIELDS = { name: 'name', loginUrl: 'login-url', clientId: 'client-id', clientSecret: 'client-secret', redirectUri: 'redirect-uri', scopes: 'scopes' };
const NEW_PROFILE = { name: '', loginUrl: '', clientId: '', clientSecret: '', redirectUri: 'https://login.salesforce.com/', scopes: 'api refresh_token' };

let sf;              // the wasm core
let current = null;  // the profile in the form (null: a new one)
let shown = null;    // the token on screen

async function main() {
  const corePromise = core();
  const [all, selectedId] = await Promise.all([profiles.all(), selection.get()]);
  sf = await corePromise;
  performance.mark('sftoken:wasm-ready');
  all.sort((a, b) => a.name.localeCompare(b.name));
  const flowState = new URLSearchParams(location.search).get('flow');
  const flow = flowState ? await flows.get(flowState) : null;
  current = all.find((p) => p.id === (flow?.profileId ?? selectedId)) ?? all[0] ?? null;
  renderProfileList(all);
  fillForm(current ?? NEW_PROFILE);
  await renderToken(current && (await tokens.get(current.id)));
  wire();
  performance.mark('sftoken:interactive');
  document.body.dataset.ready = 'true';
  if (flowState) await showFlow(flowState, flow);
  else await offerPendingFlow();
}

function wire() {
  $('profile-select').addEventListener('change', selectProfile);
  $('profile-form').addEventListener('submit', (event) => { event.preventDefault(); save(); });
  $('login').addEventListener('click', logIn);
  $('reveal').addEventListener('click', toggleReveal);
  $('copy').addEventListener('click', copyToken);
}

// ---- profiles ----

function renderProfileList(all) {
  const select = $('profile-select');
  select.replaceChildren(
    ...all.map((p) => new Option(p.name || '(unnamed)', p.id, false, p.id === current?.id)),
    new Option('New profile…', '', false, !current),
  );
}

function fillForm(profile) {
  for (const [key, id] of Object.entries(FIELDS)) $(id).value = profile[key] ?? '';
  $('form-title').textContent = current ? 'Org profile' : 'New org profile';
}

function readForm() {
  const draft = {};
  for (const [key, id] of Object.entries(FIELDS)) draft[key] = $(id).value.trim();
  return draft;
}

async function selectProfile() {
  const id = $('profile-select').value;
  current = id ? await profiles.get(id) : null;
  fillForm(current ?? NEW_PROFILE);
  setStatus($('form-status'), '');
  if (current) await selection.put(current.id);
  await renderToken(current && (await tokens.get(current.id)));
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
  await profiles.put(profile);
  await selection.put(profile.id);
  current = profile;
  renderProfileList(await profiles.all());
  fillForm(profile);
  const notes = checked.notes?.length ? ` ${checked.notes.join(' ')}` : '';
  setStatus($('form-status'), `Saved: ${checked.environment} org at ${checked.origin}.${notes}`, 'ok');
  return profile;
}

function showFieldError(error) {
  setStatus($('form-status'), `${error.message} ${error.hint ?? ''}`.trim(), 'error');
  const id = FIELDS[error.field];
  if (id) $(id).focus();
}

// Firefox treats host permissions as optional and lets people revoke them, and only honours permissions.request
// inside the click itself (no await before it). So: validate synchronously, ask for exactly the hosts this profile
// needs (already-granted hosts resolve at once, with no prompt, in both browsers), then save and start.
function logIn() {
  const draft = readForm();
  let checked;
  try {
    checked = sf.validateProfile(draft);
  } catch (error) {
    showFieldError(error);
    return;
  }
  ext.permissions.request({ origins: checked.hostPermissions }).then(
    (granted) => (granted ? startLogin() : permissionRefused(checked)),
    (error) => setStatus($('form-status'), `sftoken could not ask for access to ${checked.host}: ${error.message}`, 'error'),
  );
}

function permissionRefused(checked) {
  setStatus(
    $('form-status'),
    `sftoken may not access ${checked.host}, so it cannot catch the login's callback or ask Salesforce for the token. ` +
      'Click "Log in" again and allow access (in Firefox you can also allow it under Extensions → sftoken → Permissions).',
    'error',
  );
}

async function startLogin() {
  const profile = await save();
  if (!profile) return;
  setStatus($('form-status'), 'Opening the Salesforce login…');
  const reply = await ext.runtime.sendMessage({ type: 'log-in', profileId: profile.id });
  if (reply?.error) showFieldError(reply.error);
  else setStatus($('form-status'), 'Log in in the new tab; the token appears there.', 'ok');
}

// ---- a login's result: captured code → token, or Salesforce's refusal explained ----

async function showFlow(state, flow) {
  if (!flow) {
    showResult('This login is already finished or has expired.', 'Its token, if any, is shown below.', '');
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
  if (flow.failure) return showFlow(flow.state, flow);
  showResult('A login finished and its code is waiting.', 'Click "Try again" to exchange it for a token.', '');
  offerRetry(flow);
}

function codeExpired(flow) {
  return Date.now() - flow.captured.capturedAt >= sf.codeLifetimeMs();
}

async function exchange(flow) {
  if (codeExpired(flow)) {
    await flows.remove(flow.state);
    showResult('The authorization code expired (Salesforce codes live 15 minutes).', 'Click "Log in" again.', '', 'error');
    return;
  }
  showResult('Exchanging the authorization code for a token…', '', '');
  const profile = await profiles.get(flow.profileId);
  const secret = profile?.clientSecret || null;
  try {
    const request = sf.tokenRequest({
      grantType: 'authorization_code',
      loginUrl: flow.loginUrl,
      clientId: flow.clientId,
      clientSecret: secret,
      redirectUri: flow.redirectUri,
      code: flow.captured.code,
      codeVerifier: flow.codeVerifier,
    });
    const response = await sf.sendRequest(request);
    const token = sf.parseTokenResponse(response.status, response.bodyText, secret);
    await tokens.put(flow.profileId, { ...token, receivedAt: Date.now() });
    await flows.remove(flow.state);
    showResult(`Logged in to ${profile?.name || 'Salesforce'}.`, '', '', 'ok');
    await renderToken(await tokens.get(flow.profileId));
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

function showResult(message, hint, code, tone = '') {
  const box = $('result');
  box.hidden = false;
  box.className = `card ${tone}`;
  $('result-message').textContent = message;
  $('result-hint').textContent = hint ?? '';
  $('result-code').textContent = code ? `Salesforce said: ${code}` : '';
  $('retry').hidden = true;
}

// ---- the token ----

async function renderToken(token) {
  shown = token ?? null;
  $('token').hidden = !shown;
  if (!shown) return;
  $('token-instance').textContent = shown.instanceUrl ?? '—';
  $('token-org').textContent = shown.orgId ?? '—';
  $('token-user').textContent = shown.userId ?? '—';
  $('token-issued').textContent = shown.issuedAt ? new Date(shown.issuedAt).toLocaleString() : '—';
  $('token-scope').textContent = shown.scope ?? '—';
  $('token-signature').textContent =
    shown.signatureValid === true ? 'valid' : shown.signatureValid === false ? 'INVALID — do not trust this identity' : 'not checked (no consumer secret)';
  setRevealed(false);
  setStatus($('copy-status'), '');
}

function setRevealed(revealed) {
  const t = shown?.accessToken ?? '';
  $('token-value').textContent = revealed ? t : `${t.slice(0, 5)}${'•'.repeat(16)}${t.slice(-4)}`;
  $('reveal').textContent = revealed ? 'Hide' : 'Show';
  $('reveal').setAttribute('aria-pressed', String(revealed));
}

function toggleReveal() {
  setRevealed($('reveal').getAttribute('aria-pressed') !== 'true');
}

// writeText runs inside the click with the token already in memory: Firefox refuses clipboard writes that come
// after an await has lost the user gesture (BROWSERS.md).
function copyToken() {
  if (!shown) return;
  navigator.clipboard.writeText(shown.accessToken).then(
    () => setStatus($('copy-status'), 'Access token copied to the clipboard.', 'ok'),
    (error) => setStatus($('copy-status'), `Could not copy: ${error.message}. Click "Show" and copy it by hand.`, 'error'),
  );
}

function setStatus(element, text, tone = '') {
  element.textContent = text;
  element.className = tone;
}

main().catch((error) => {
  setStatus($('form-status'), `sftoken could not start: ${error?.message ?? error}`, 'error');
});
