// Minimal HTML pages resembling Salesforce's login, approval and error pages.
import { escapeHtml as e } from './http.mjs';

const page = (title, body) => `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${e(title)}</title></head>
<body>
<div id="content">
<div id="logo"><h1>Salesforce</h1></div>
${body}
</div>
</body>
</html>
`;

/**
 * Landing page of a login host. The brief's callback
 * https://login.salesforce.com/?code=…&state=… lands here (docs/salesforce.md#extensions):
 * it ignores every query parameter and sets no cookies.
 */
export const landingPage = () => page('Login | Salesforce', `
<h2>Log in to Salesforce</h2>
<p>Salesforce login page (emulator). Nothing to see here.</p>`);

// Form actions are absolute, built from the request's Host without the port
// for Salesforce names (brief: host handling).

/**
 * Login form shown by /services/oauth2/authorize when there is no session (#authorize, prompt=login).
 * The device flow's verification page reuses it with its own `action` and `hidden` fields.
 */
export function loginPage({ host, authorizeQuery, username = '', error, action, hidden }) {
  const hiddenInputs = hidden
    ? Object.entries(hidden).map(([k, v]) => `  <input type="hidden" name="${e(k)}" value="${e(v)}">`).join('\n')
    : `  <input type="hidden" name="authorize_query" value="${e(authorizeQuery)}">`;
  return page('Login | Salesforce', `
<h2>Log In</h2>
${error ? `<div id="error" class="loginError" role="alert">${e(error)}</div>` : ''}
<form id="login_form" name="login" method="post" action="https://${e(host)}${e(action ?? '/services/oauth2/authorize/login')}">
${hiddenInputs}
  <label for="username">Username</label>
  <input id="username" name="username" type="email" autocomplete="username" value="${e(username)}">
  <label for="password">Password</label>
  <input id="password" name="pw" type="password" autocomplete="current-password">
  <input id="Login" type="submit" name="Login" value="Log In">
</form>`);
}

/** "Allow Access?" approval page (#authorize: prompt=consent forces re-approval). */
export function approvalPage({ host, app, scopes, params, action = '/services/oauth2/authorize/approve' }) {
  const hidden = Object.entries(params)
    .map(([k, v]) => `  <input type="hidden" name="${e(k)}" value="${e(v)}">`).join('\n');
  const items = scopes.map((s) => `  <li data-scope="${e(s)}">${e(s)}</li>`).join('\n');
  return page('Allow Access? | Salesforce', `
<h2>Allow Access?</h2>
<p id="app_name"><strong>${e(app.name)}</strong> is asking to:</p>
<ul id="scopes">
${items}
</ul>
<form id="approval_form" method="post" action="https://${e(host)}${e(action)}">
${hidden}
  <button id="oaapprove" type="submit" name="decision" value="allow">Allow</button>
  <button id="oadeny" type="submit" name="decision" value="deny">Deny</button>
</form>`);
}

/**
 * Salesforce's generic OAuth error page; the real reason is in the query
 * string (docs/salesforce.md#authorize "Error on the authorize step", #errors OAUTH_APPROVAL_ERROR_GENERIC;
 * source forcedotcom/mcp-hosted#47).
 */
export function remoteAccessErrorPage({ error, description }) {
  return page('Error | Salesforce', `
<h2>OAUTH_APPROVAL_ERROR_GENERIC</h2>
<p id="error_message">OAUTH_APPROVAL_ERROR_GENERIC : An unexpected error has occurred during authentication. Please try again.</p>
<p id="error_detail"><code>${e(error)}</code>: ${e(description)}</p>`);
}

/**
 * Device-flow verification page (#grants device rows: the user opens
 * `verification_uri` and types the `user_code`). Layout: emulator choice.
 */
export function deviceCodePage({ host, userCode = '', error }) {
  return page('Connect Your Device | Salesforce', `
<h2>Connect Your Device</h2>
${error ? `<div id="error" class="loginError" role="alert">${e(error)}</div>` : ''}
<form id="device_form" method="post" action="https://${e(host)}/setup/connect">
  <label for="user_code">Enter the code displayed on your device</label>
  <input id="user_code" name="user_code" type="text" autocomplete="off" value="${e(userCode)}">
  <input id="connect" type="submit" name="connect" value="Connect">
</form>`);
}

/** Result page after Allow/Deny on the device verification page. */
export function deviceDonePage({ approved }) {
  return approved
    ? page('Connected | Salesforce', '\n<h2 id="device_result" data-result="approved">You\'re connected</h2>\n<p>You can return to your device.</p>')
    : page('Access Denied | Salesforce', '\n<h2 id="device_result" data-result="denied">Access denied</h2>\n<p>The device was not connected.</p>');
}
