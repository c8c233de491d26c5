// #grants client-credentials grant. docs/salesforce.md#hosts (My Domain only), #grants, #errors.
import { findUser } from '../config.mjs';
import { parseHost } from '../http.mjs';
import {
  INACTIVE_USER, NO_CC_USER, WRONG_DOMAIN,
  checkSecret, err, identifyClient, tokenResponse,
} from '../token-common.mjs';

// #hosts: "Client-credentials flow does not work on login.salesforce.com or
// test.salesforce.com" (KB 000886201); the answer is
// `invalid_grant` / `request not supported on this domain` (pub-sub-api-node-client#58).
const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

// #grants: "Tokens carry the app's scopes except full, web, offline_access,
// refresh_token; no refresh token is issued" (simple-salesforce PR #662).
const DROPPED_SCOPES = new Set(['full', 'web', 'offline_access', 'refresh_token']);

/**
 * Check order (emulator choice): host → client (body or Basic, #grants) → secret
 * (always required) → run-as user.
 * - App without `clientCredentialsUser` (the Run As user, #grants
 *   ExtlClntAppOauthConfigurablePolicies clientCredentialsFlowUser) →
 *   `invalid_grant` / `no client credentials user enabled` (#errors row, marked
 *   [unverified] in docs/salesforce.md: implemented anyway). A username that is not a
 *   fixture user is treated the same way.
 * - Run-as user inactive → `invalid_grant` / `inactive user` (#errors inactive_user row).
 * Response: the full #token-response body without refresh_token. Hosts other than
 * login/test (My Domain, sites, 127.0.0.1) are accepted.
 */
export function clientCredentialsGrant(ctx, form) {
  if (GENERIC_LOGIN_HOSTS.has(parseHost(ctx.req.headers.host).hostname)) err(...WRONG_DOMAIN);
  const { app, secret } = identifyClient(form, ctx.req, ctx.cfg, { allowBasic: true });
  checkSecret(app, secret, true);
  const user = app.clientCredentialsUser && findUser(ctx.cfg, app.clientCredentialsUser);
  if (!user) err(...NO_CC_USER);
  if (!user.active) err(...INACTIVE_USER);
  const scopes = app.scopes.filter((s) => !DROPPED_SCOPES.has(s));
  return tokenResponse(ctx, app, user.userId, scopes);
}
