// POST /services/oauth2/token. docs/salesforce.md: #token-endpoint, #grants,
// #token-response, #signature, #errors, #cors, #lifetimes, #pkce.
// Shared helpers: token-common.mjs; one module per grant under grants/.
import { TokenError, UNSUPPORTED_GRANT, err } from './token-common.mjs';
import { authorizationCodeGrant } from './grants/authorization-code.mjs';
import { refreshTokenGrant } from './grants/refresh.mjs';
import { passwordGrant } from './grants/password.mjs';
import { clientCredentialsGrant } from './grants/client-credentials.mjs';
import { JWT_GRANT, jwtBearerGrant } from './grants/jwt.mjs';
import { deviceCodeRequest, deviceGrant } from './grants/device.mjs';

// #grants: grant_type values.
const GRANTS = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
  [JWT_GRANT]: jwtBearerGrant,
  device: deviceGrant, // #grants "Device (poll)": grant_type=device
};

/** POST /services/oauth2/token */
export async function handleToken(ctx) {
  // #cors: Access-Control-* headers only on My Domain / site hosts when enabled
  // (added in server.mjs). RFC 6749 §5.1 Cache-Control: no-store.
  const headers = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  const form = new URLSearchParams(ctx.body);
  // #token-endpoint `format`: json (default) or urlencoded; `xml` is not emulated (JSON sent).
  const reply = (status, obj) => {
    if (form.get('format') === 'urlencoded') {
      return ctx.res.send(status, { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
        new URLSearchParams(obj).toString());
    }
    return ctx.res.json(status, obj, headers);
  };
  try {
    // #token-endpoint / #errors unsupported_grant_type row: a GET (e.g. after an http→https
    // redirect, b2c-crm-sync#16) answers `grant type not supported`. The older
    // `invalid_request — must use HTTP POST` text is not used (field evidence wins).
    if (ctx.req.method !== 'POST') err(...UNSUPPORTED_GRANT);
    // #grants "Device (step 1)": response_type=device_code (no grant_type) on the token endpoint.
    if (!form.get('grant_type') && form.get('response_type') === 'device_code') {
      return reply(200, deviceCodeRequest(ctx, form));
    }
    const grant = Object.hasOwn(GRANTS, form.get('grant_type') ?? '') ? GRANTS[form.get('grant_type')] : undefined;
    if (!grant) err(...UNSUPPORTED_GRANT); // #errors: wrong, missing or not enabled grant
    return reply(200, await grant(ctx, form)); // the refresh grant may take time (#concurrent-refresh)
  } catch (e) {
    if (!(e instanceof TokenError)) throw e;
    return reply(e.status, { error: e.error, error_description: e.description });
  }
}
