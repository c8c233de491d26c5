// POST /services/oauth2/token. Reference §3 (endpoint), §3.1 (grants),
// §3.2 (response fields), §3.3 (signature), §4 (errors), §6 (no CORS), §7/§8.
// Shared helpers: token-common.mjs; one module per grant under grants/.
import { TokenError, UNSUPPORTED_GRANT, err } from './token-common.mjs';
import { authorizationCodeGrant } from './grants/authorization-code.mjs';
import { refreshTokenGrant } from './grants/refresh.mjs';
import { passwordGrant } from './grants/password.mjs';
import { clientCredentialsGrant } from './grants/client-credentials.mjs';
import { JWT_GRANT, jwtBearerGrant } from './grants/jwt.mjs';
import { deviceCodeRequest, deviceGrant } from './grants/device.mjs';

// §3.1 grant_type values.
const GRANTS = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
  [JWT_GRANT]: jwtBearerGrant,
  device: deviceGrant, // §3.1 "Device (poll)": grant_type=device
};

/** POST /services/oauth2/token */
export function handleToken(ctx) {
  // §6: login hosts are not CORS-enabled token hosts → never any
  // Access-Control-* header. RFC 6749 §5.1 Cache-Control: no-store.
  const headers = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  const form = new URLSearchParams(ctx.body);
  // §3 `format`: json (default) or urlencoded; `xml` is not emulated (JSON sent).
  const reply = (status, obj) => {
    if (form.get('format') === 'urlencoded') {
      return ctx.res.send(status, { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
        new URLSearchParams(obj).toString());
    }
    return ctx.res.json(status, obj, headers);
  };
  try {
    // §3 / §4 unsupported_grant_type row: a GET (e.g. after an http→https
    // redirect, b2c-crm-sync#16) answers `grant type not supported`. The older
    // `invalid_request — must use HTTP POST` text is not used (field evidence wins).
    if (ctx.req.method !== 'POST') err(...UNSUPPORTED_GRANT);
    // §3.1 "Device (step 1)": response_type=device_code (no grant_type) on the token endpoint.
    if (!form.get('grant_type') && form.get('response_type') === 'device_code') {
      return reply(200, deviceCodeRequest(ctx, form));
    }
    const grant = Object.hasOwn(GRANTS, form.get('grant_type') ?? '') ? GRANTS[form.get('grant_type')] : undefined;
    if (!grant) err(...UNSUPPORTED_GRANT); // §4: wrong, missing or not enabled grant
    return reply(200, grant(ctx, form));
  } catch (e) {
    if (!(e instanceof TokenError)) throw e;
    return reply(e.status, { error: e.error, error_description: e.description });
  }
}
