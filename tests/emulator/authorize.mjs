// /services/oauth2/authorize and the login/approval pages behind it.
// Reference §2 (parameters, success redirect, errors), §4 (error table), §8 (PKCE).
import { findApp, findUser, findUserById } from './config.mjs';
import { appendQuery, parseCookies } from './http.mjs';
import { loginPage, approvalPage } from './pages.mjs';
import { newAuthorizationCode } from './store.mjs';

// §2 "Error on the authorize step": when client_id or redirect_uri is bad
// Salesforce cannot redirect and shows a bare text page (sources:
// Force.com-Toolkit-for-NET#244, postman-salesforce-apis#42,
// salesforce_restphp_example#1). Body text verbatim from those reports.
const BARE_INVALID_CLIENT = 'error=invalid_client_id&error_description=client%20identifier%20invalid';
const BARE_REDIRECT_MISMATCH = 'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration';
// §4 authorize-side error list names `redirect_uri_missing`; the description
// text is not in the reference (emulator choice, same bare-text form).
const BARE_REDIRECT_MISSING = 'error=redirect_uri_missing&error_description=redirect_uri%20must%20match%20configuration';
// §4 authorize-side list: `invalid_request` (must use HTTP GET). Bare text,
// because an unvalidated request has no trusted redirect_uri (emulator choice).
const BARE_MUST_USE_GET = 'error=invalid_request&error_description=must%20use%20HTTP%20GET';

export const LOGIN_ERROR = 'Please check your username and password. If you still can\'t log in, contact your Salesforce administrator.';

// §2 scope row: `refresh_token` has the synonym `offline_access`.
const SCOPE_SYNONYMS = { refresh_token: 'offline_access', offline_access: 'refresh_token' };

/** First value of every parameter, as a plain object. */
export const paramsObject = (usp) => {
  const out = {};
  for (const [k, v] of usp) if (!(k in out)) out[k] = v;
  return out;
};

/**
 * Validates authorize parameters. Returns {ok:true, …} or {ok:false, respond(r)}.
 * Order (emulator choice; the reference gives no order): client_id,
 * redirect_uri (both cannot redirect), response_type, PKCE, scope.
 * All checks run before login so that the extension sees errors at once.
 */
export function validateAuthorize(params, { cfg, host }) {
  const fail = (respond) => ({ ok: false, respond });
  const state = params.state; // §2: state returned unchanged; omitted when not sent.

  const app = findApp(cfg, params.client_id);
  if (!app) return fail((r) => r.text(400, BARE_INVALID_CLIENT)); // §2, §4 invalid_client_id

  const redirectUri = params.redirect_uri;
  if (!redirectUri) return fail((r) => r.text(400, BARE_REDIRECT_MISSING)); // §4 redirect_uri_missing
  // §4 redirect_uri_mismatch: "Callback URL not registered exactly (scheme, host,
  // path, trailing slash)" (SIR#1197, Salesforce-Inspector-Advanced#203/#244). Exact string compare.
  if (!app.callbackUrls.includes(redirectUri)) return fail((r) => r.text(400, BARE_REDIRECT_MISMATCH));

  // §2 web-server flow: errors go to the callback as query parameters plus state
  // ("OAuth 2.0 Authorization Errors" help page).
  const redirectError = (error, description) =>
    fail((r) => r.redirect(appendQuery(redirectUri, { error, error_description: description, state })));

  // §2 response_type: `code` is the web-server flow. The user-agent flow
  // (`token`) is deprecated/blockable and not emulated: answered with the
  // §4 authorize-side error `unsupported_response_type` (description: emulator choice).
  if (params.response_type !== 'code') {
    return redirectError('unsupported_response_type', 'response type not supported');
  }

  // §2 code_challenge_method note: a challenge without a method is treated as
  // S256 (jsforce, sf CLI and SIR send none and work). `plain` and other values:
  // the reference is silent; the emulator rejects them with invalid_request
  // (§4 row "invalid_request (challenge invalid or mismatched)", REST guide 222).
  const codeChallenge = params.code_challenge || undefined;
  const method = params.code_challenge_method;
  if (codeChallenge && method !== undefined && method !== '' && method !== 'S256') {
    return redirectError('invalid_request', 'invalid code challenge method');
  }
  // §8 / §4: app ("Require PKCE…" per-app setting) or org (OauthOidcSettings.isPkceRequired)
  // requires PKCE and no challenge → redirect `invalid_request` /
  // `missing required code challenge` (HappySoup.io#252, activepieces#15615).
  if ((app.requirePkce || cfg.org.requirePkce) && !codeChallenge) {
    return redirectError('invalid_request', 'missing required code challenge');
  }

  // §2 scope: space-separated, must be a subset of the app's scopes; otherwise
  // Salesforce's own error page /setup/secur/RemoteAccessErrorPage.apexp with the
  // reason in the query (forcedotcom/mcp-hosted#47). Absent scope: the reference
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

/** Issues a code and redirects to the callback (§2 "Success redirect"). */
function issueCode(ctx, v, userId) {
  const code = newAuthorizationCode();
  ctx.store.codes.set(code, {
    clientId: v.app.clientId,
    redirectUri: v.redirectUri,
    scopes: v.scopes,
    codeChallenge: v.codeChallenge,
    userId,
    issuedAt: ctx.clock.now(), // §2: expires after 15 minutes (emulator clock)
    used: false,
  });
  // `{redirect_uri}?code={code}&state={state}`; `==` is sent as `%3D%3D`.
  ctx.res.redirect(appendQuery(v.redirectUri, { code, state: v.state }));
}

const showLogin = (ctx, params, { error, username } = {}) =>
  ctx.res.html(200, loginPage({
    host: ctx.host,
    authorizeQuery: new URLSearchParams(params).toString(),
    username: username ?? params.login_hint ?? '', // §2 login_hint pre-fills the username
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

  const prompts = String(params.prompt || '').split(/\s+/).filter(Boolean); // §2: values may be combined
  const session = currentSession(ctx);

  // §2 immediate=true: logged in and already approved → approval skipped;
  // otherwise the flow ends with `immediate_unsuccessful` (description: emulator choice).
  if (params.immediate === 'true') {
    if (session && !prompts.length && ctx.store.approvals.has(`${session.userId}|${v.app.clientId}`)) {
      return issueCode(ctx, v, session.userId);
    }
    return ctx.res.redirect(appendQuery(v.redirectUri, {
      error: 'immediate_unsuccessful', error_description: 'user is not logged in or has not approved', state: v.state,
    }));
  }

  // §2 prompt=login forces re-authentication; no session → login form.
  if (!session || prompts.includes('login')) return showLogin(ctx, params);
  // With a session the emulator always shows the approval page (covers
  // prompt=consent "force re-approval"; emulator simplification).
  return showApproval(ctx, v, params);
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
  return showApproval(ctx, v, params, {
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

  if (decision === 'allow') {
    ctx.store.approvals.add(`${session.userId}|${v.app.clientId}`);
    return issueCode(ctx, v, session.userId);
  }
  // §2 errors: user declined → `access_denied` (the RFC value; the help page's
  // `access-denied` is read as a typo, §10) with state.
  return ctx.res.redirect(appendQuery(v.redirectUri, {
    error: 'access_denied', error_description: 'end-user denied authorization', state: v.state,
  }));
}
