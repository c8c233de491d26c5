// /services/oauth2/authorize and the login/approval pages behind it.
// docs/salesforce.md#authorize (parameters, success redirect, errors), #errors, #pkce,
// #approval (when the approval page is skipped), #my-domain-hop.
import { findApp, findUser, findUserById, isPreAuthorized } from './config.mjs';
import { appendQuery, parseCookies, parseHost } from './http.mjs';
import { loginPage, approvalPage } from './pages.mjs';
import { newAuthorizationCode, newSessionId } from './store.mjs';

// #authorize "Error on the authorize step": when client_id or redirect_uri is bad
// Salesforce cannot redirect and shows a bare text page (sources:
// Force.com-Toolkit-for-NET#244, postman-salesforce-apis#42,
// salesforce_restphp_example#1). Body text verbatim from those reports.
const BARE_INVALID_CLIENT = 'error=invalid_client_id&error_description=client%20identifier%20invalid';
const BARE_REDIRECT_MISMATCH = 'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration';
// #errors authorize-side error list names `redirect_uri_missing`; the description
// text is not documented (emulator choice, same bare-text form).
const BARE_REDIRECT_MISSING = 'error=redirect_uri_missing&error_description=redirect_uri%20must%20match%20configuration';
// #errors authorize-side list: `invalid_request` (must use HTTP GET). Bare text,
// because an unvalidated request has no trusted redirect_uri (emulator choice).
const BARE_MUST_USE_GET = 'error=invalid_request&error_description=must%20use%20HTTP%20GET';

export const LOGIN_ERROR = 'Please check your username and password. If you still can\'t log in, contact your Salesforce administrator.';

// #authorize scope row: `refresh_token` has the synonym `offline_access`.
const SCOPE_SYNONYMS = { refresh_token: 'offline_access', offline_access: 'refresh_token' };

/** First value of every parameter, as a plain object. */
export const paramsObject = (usp) => {
  const out = {};
  for (const [k, v] of usp) if (!(k in out)) out[k] = v;
  return out;
};

/**
 * Validates authorize parameters. Returns {ok:true, …} or {ok:false, respond(r)}.
 * Order (emulator choice; Salesforce documents no order): client_id,
 * redirect_uri (both cannot redirect), response_type, PKCE, scope.
 * All checks run before login so that the extension sees errors at once.
 */
export function validateAuthorize(params, { cfg, host }) {
  const fail = (respond) => ({ ok: false, respond });
  const state = params.state; // #authorize: state returned unchanged; omitted when not sent.

  const app = findApp(cfg, params.client_id);
  if (!app) return fail((r) => r.text(400, BARE_INVALID_CLIENT)); // #authorize, #errors invalid_client_id

  const redirectUri = params.redirect_uri;
  if (!redirectUri) return fail((r) => r.text(400, BARE_REDIRECT_MISSING)); // #errors redirect_uri_missing
  // #errors redirect_uri_mismatch: "Callback URL not registered exactly (scheme, host,
  // path, trailing slash)" (SIR#1197, Salesforce-Inspector-Advanced#203/#244). Exact string compare.
  if (!app.callbackUrls.includes(redirectUri)) return fail((r) => r.text(400, BARE_REDIRECT_MISMATCH));

  // #authorize web-server flow: errors go to the callback as query parameters plus state
  // ("OAuth 2.0 Authorization Errors" help page).
  const redirectError = (error, description) =>
    fail((r) => r.redirect(appendQuery(redirectUri, { error, error_description: description, state })));

  // #authorize response_type: `code` is the web-server flow. The user-agent flow
  // (`token`) is deprecated/blockable and not emulated: answered with the
  // #errors authorize-side error `unsupported_response_type` (description: emulator choice).
  if (params.response_type !== 'code') {
    return redirectError('unsupported_response_type', 'response type not supported');
  }

  // #authorize code_challenge_method note: a challenge without a method is treated as
  // S256 (jsforce, sf CLI and SIR send none and work). `plain` and other values:
  // Salesforce's documentation is silent; the emulator rejects them with invalid_request
  // (#errors row "invalid_request (challenge invalid or mismatched)", REST guide 222).
  const codeChallenge = params.code_challenge || undefined;
  const method = params.code_challenge_method;
  if (codeChallenge && method !== undefined && method !== '' && method !== 'S256') {
    return redirectError('invalid_request', 'invalid code challenge method');
  }
  // #pkce / #errors: app ("Require PKCE…" per-app setting) or org (OauthOidcSettings.isPkceRequired)
  // requires PKCE and no challenge → redirect `invalid_request` /
  // `missing required code challenge` (HappySoup.io#252, activepieces#15615).
  if ((app.requirePkce || cfg.org.requirePkce) && !codeChallenge) {
    return redirectError('invalid_request', 'missing required code challenge');
  }

  // #authorize scope: space-separated, must be a subset of the app's scopes; otherwise
  // Salesforce's own error page /setup/secur/RemoteAccessErrorPage.apexp with the
  // reason in the query (forcedotcom/mcp-hosted#47). Absent scope: the documentation
  // is silent; the emulator grants the app's configured scopes (emulator choice).
  const requested = params.scope && params.scope.trim()
    ? [...new Set(params.scope.trim().split(/\s+/))]
    : [...app.scopes];
  const allowed = (s) => app.scopes.includes(s) || (SCOPE_SYNONYMS[s] && app.scopes.includes(SCOPE_SYNONYMS[s]));
  if (!requested.every(allowed)) {
    return fail((r) => r.redirect(
      `https://${host}/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_scope&error_description=the+requested+scope+is+not+allowed`));
  }

  return { ok: true, app, redirectUri, state, scopes: requested, codeChallenge };
}

export function currentSession(ctx) {
  const sid = parseCookies(ctx.req.headers.cookie).sid;
  const sess = ctx.store.getSession(sid);
  return sess && findUserById(ctx.cfg, sess.userId) ? sess : undefined;
}

// docs/salesforce.md#my-domain-hop: a login started on the generic login hosts
// passes through the org's My Domain before the callback.
const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);
export const HOP_PATH = '/setup/secur/RemoteAccessAuthorizationPage.apexp';
const HOP_LIFETIME_MS = 5 * 60 * 1000; // emulator choice

/**
 * Redirects a logged-in browser to the callback `location`. On login/test.salesforce.com
 * (org setting `myDomainHop`, default on) the browser first goes to
 * https://{myDomain}.my.salesforce.com/setup/secur/RemoteAccessAuthorizationPage.apexp?source=…,
 * which redirects to the unchanged `location` (docs/salesforce.md#my-domain-hop).
 */
function toCallback(ctx, location, headers = {}) {
  const { hostname } = parseHost(ctx.req.headers.host);
  if (!ctx.cfg.org.myDomainHop || !GENERIC_LOGIN_HOSTS.has(hostname)) return ctx.res.redirect(location, headers);
  const source = newSessionId();
  ctx.store.hops.set(source, { location, createdAt: ctx.clock.now() });
  return ctx.res.redirect(`https://${ctx.cfg.org.myDomain}.my.salesforce.com${HOP_PATH}?source=${source}`, headers);
}

/** GET {My Domain}/setup/secur/RemoteAccessAuthorizationPage.apexp?source=… → the callback (single use). */
export function handleHop(ctx) {
  const source = ctx.url.searchParams.get('source') || '';
  const hop = ctx.store.hops.get(source);
  ctx.store.hops.delete(source);
  if (!hop || ctx.clock.now() - hop.createdAt > HOP_LIFETIME_MS) {
    return ctx.res.html(400, errorPageHtml());
  }
  return ctx.res.redirect(hop.location);
}
const errorPageHtml = () => '<!DOCTYPE html><html><head><title>Error | Salesforce</title></head><body>'
  + '<p id="error_message">OAUTH_APPROVAL_ERROR_GENERIC : An unexpected error has occurred during authentication. Please try again.</p></body></html>\n';

/** Issues a code and redirects to the callback (docs/salesforce.md#authorize "Success redirect"). */
function issueCode(ctx, v, userId, headers) {
  const code = newAuthorizationCode();
  ctx.store.codes.set(code, {
    clientId: v.app.clientId,
    redirectUri: v.redirectUri,
    scopes: v.scopes,
    codeChallenge: v.codeChallenge,
    userId,
    issuedAt: ctx.clock.now(), // #authorize: expires after 15 minutes (emulator clock)
    used: false,
  });
  // `{redirect_uri}?code={code}&state={state}`; `==` is sent as `%3D%3D`.
  return toCallback(ctx, appendQuery(v.redirectUri, { code, state: v.state }), headers);
}

/**
 * What happens once the user is known (logged in now or by session):
 * - app blocked → callback `error=OAUTH_APP_BLOCKED` (docs/salesforce.md#app-access);
 * - External Client App not installed → callback `error=OAUTH_EC_APP_NOT_FOUND`;
 * - "Admin approved users are pre-authorized" and the user is not → callback
 *   `error=invalid_app_access`;
 * - approved earlier by this user, or pre-authorized, and no `prompt=consent` → code
 *   at once (docs/salesforce.md#approval);
 * - otherwise the "Allow Access?" page.
 */
function afterLogin(ctx, v, params, user, headers = {}) {
  const callbackError = (error, description) =>
    toCallback(ctx, appendQuery(v.redirectUri, { error, error_description: description, state: v.state }), headers);
  if (v.app.blocked) return callbackError('OAUTH_APP_BLOCKED', 'this app is blocked by admin');
  if (!v.app.installed) return callbackError('OAUTH_EC_APP_NOT_FOUND', 'External client app is not installed in this org');
  const preAuthorized = isPreAuthorized(v.app, user);
  if (v.app.permittedUsers === 'admin_approved' && !preAuthorized) {
    return callbackError('invalid_app_access', 'user is not admin approved to access this app');
  }
  const prompts = String(params.prompt || '').split(/\s+/).filter(Boolean); // values may be combined
  const approved = preAuthorized || ctx.store.approvals.has(`${user.userId}|${v.app.clientId}`);
  if (approved && !prompts.includes('consent')) return issueCode(ctx, v, user.userId, headers);
  return showApproval(ctx, v, params, headers);
}

const showLogin = (ctx, params, { error, username } = {}) =>
  ctx.res.html(200, loginPage({
    host: ctx.host,
    authorizeQuery: new URLSearchParams(params).toString(),
    username: username ?? params.login_hint ?? '', // #authorize login_hint pre-fills the username
    error,
  }));

const showApproval = (ctx, v, params, headers) =>
  ctx.res.html(200, approvalPage({ host: ctx.host, app: v.app, scopes: v.scopes, params }), headers);

/** GET /services/oauth2/authorize */
export function handleAuthorize(ctx) {
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return ctx.res.text(400, BARE_MUST_USE_GET);
  const params = paramsObject(ctx.url.searchParams);
  const v = validateAuthorize(params, ctx);
  if (!v.ok) return v.respond(ctx.res);

  const prompts = String(params.prompt || '').split(/\s+/).filter(Boolean); // #authorize: values may be combined
  const session = currentSession(ctx);

  // #authorize immediate=true: logged in and already approved → approval skipped;
  // otherwise the flow ends with `immediate_unsuccessful` (description: emulator choice).
  if (params.immediate === 'true') {
    const user = session && findUserById(ctx.cfg, session.userId);
    if (user && !prompts.length && !v.app.blocked && v.app.installed
        && (isPreAuthorized(v.app, user) || ctx.store.approvals.has(`${user.userId}|${v.app.clientId}`))) {
      return issueCode(ctx, v, user.userId);
    }
    return ctx.res.redirect(appendQuery(v.redirectUri, {
      error: 'immediate_unsuccessful', error_description: 'user is not logged in or has not approved', state: v.state,
    }));
  }

  // #authorize prompt=login forces re-authentication; no session → login form.
  if (!session || prompts.includes('login')) return showLogin(ctx, params);
  // With a session: approval page unless approved before / pre-authorized (and no prompt=consent).
  return afterLogin(ctx, v, params, findUserById(ctx.cfg, session.userId));
}

/** POST /services/oauth2/authorize/login (the login form's action). */
export function handleLogin(ctx) {
  if (ctx.req.method !== 'POST') return ctx.res.text(400, BARE_MUST_USE_GET);
  const form = new URLSearchParams(ctx.body);
  const params = paramsObject(new URLSearchParams(form.get('authorize_query') || ''));
  const v = validateAuthorize(params, ctx);
  if (!v.ok) return v.respond(ctx.res);

  const username = form.get('username') || '';
  const user = findUser(ctx.cfg, username);
  // Bad or inactive credentials: the form again with an error, HTTP 200
  // (emulator page; inactive users get the same message, emulator choice).
  if (!user || user.password !== form.get('pw') || !user.active) {
    return showLogin(ctx, params, { error: LOGIN_ERROR, username });
  }
  const sid = ctx.store.createSession(user.userId);
  // Session cookie (brief): lets tests prove the token POST carries no cookie.
  return afterLogin(ctx, v, params, user, {
    'Set-Cookie': `sid=${sid}; Path=/; Secure; HttpOnly; SameSite=None`,
  });
}

/** POST /services/oauth2/authorize/approve (the Allow/Deny form). */
export function handleApprove(ctx) {
  if (ctx.req.method !== 'POST') return ctx.res.text(400, BARE_MUST_USE_GET);
  const form = new URLSearchParams(ctx.body);
  const decision = form.get('decision');
  form.delete('decision');
  const params = paramsObject(form);
  // Hidden fields are client-controlled: validate again.
  const v = validateAuthorize(params, ctx);
  if (!v.ok) return v.respond(ctx.res);

  const session = currentSession(ctx);
  if (!session) return showLogin(ctx, params);
  // A blocked / not installed / not admin-approved app never shows Allow; check again (hidden fields are client-controlled).
  const user = findUserById(ctx.cfg, session.userId);
  if (v.app.blocked || !v.app.installed || (v.app.permittedUsers === 'admin_approved' && !isPreAuthorized(v.app, user))) {
    return afterLogin(ctx, v, params, user);
  }

  if (decision === 'allow') {
    ctx.store.approvals.add(`${session.userId}|${v.app.clientId}`);
    return issueCode(ctx, v, session.userId);
  }
  // #authorize errors: user declined → `access_denied` (the RFC value; the help page's
  // `access-denied` is read as a typo, #open-questions) with state.
  return toCallback(ctx, appendQuery(v.redirectUri, {
    error: 'access_denied', error_description: 'end-user denied authorization', state: v.state,
  }));
}
