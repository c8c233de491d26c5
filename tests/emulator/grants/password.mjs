// #grants username-password grant (grant_type=password). docs/salesforce.md#grants, #errors, #pkce.
import { findUser } from '../config.mjs';
import {
  AUTH_FAILURE, INACTIVE_USER, UNSUPPORTED_GRANT,
  checkSecret, err, identifyClient, timingSafeEqualStr, tokenResponse,
} from '../token-common.mjs';

/**
 * Check order (emulator choice, README): client_id → flow enabled on the app →
 * secret → org block → user + password → active.
 *
 * - App without `passwordFlowEnabled` → `unsupported_grant_type` /
 *   `grant type not supported` (#errors row: "grant not enabled on the app").
 * - #grants: parameters client_id, client_secret, username, password; the secret is
 *   always required → missing or wrong → #errors invalid_client / invalid client credentials.
 * - Org `blockUsernamePasswordFlow` ("Blocked by default in orgs created Summer
 *   '23 or later", #grants; OauthOidcSettings blockOAuthUnPwFlow, #pkce) →
 *   #errors row 1 `invalid_grant` / `authentication failure` (Login History shows
 *   "Username-Password Flow Disabled").
 * - `password` must be the password with the user's security token appended
 *   (#grants "password (+ security token appended)"), unless the org's
 *   `trustedIp` is set, where the bare password also works. Wrong password,
 *   missing token or unknown user → #errors row 1 `authentication failure`
 *   ("wrong password or missing security token (password flow)", jsforce#482).
 * - Inactive user (right password) → `invalid_grant` / `inactive user` (#errors inactive_user row, restforce#303).
 * - No refresh token (#grants "No refresh token"), even with the refresh_token scope.
 *   Scope: the app's scopes (the flow takes no scope parameter; emulator choice).
 */
export function passwordGrant(ctx, form) {
  const { app, secret } = identifyClient(form, ctx.req, ctx.cfg);
  if (!app.passwordFlowEnabled) err(...UNSUPPORTED_GRANT);
  checkSecret(app, secret, true);
  if (ctx.cfg.org.blockUsernamePasswordFlow) err(...AUTH_FAILURE);
  const user = findUser(ctx.cfg, form.get('username'));
  if (!user) err(...AUTH_FAILURE);
  const sent = form.get('password') || '';
  const withToken = user.password + (user.securityToken ?? '');
  const ok = timingSafeEqualStr(sent, withToken) || (ctx.cfg.org.trustedIp && timingSafeEqualStr(sent, user.password));
  if (!ok) err(...AUTH_FAILURE);
  if (!user.active) err(...INACTIVE_USER);
  return tokenResponse(ctx, app, user.userId, [...app.scopes]);
}
