// GET /.well-known/openid-configuration: the OpenID Connect discovery document every login host serves without a
// session (docs/salesforce.md#discovery). "Check setup" reads it to tell a Salesforce login host from anything else.
// Members and values as Salesforce's help page lists them; no code_challenge_methods_supported (#discovery).

/** The document for the host (and site prefix) that was asked: `ctx.host`. */
export function handleDiscovery(ctx) {
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') return ctx.res.text(405, 'Method Not Allowed');
  const origin = `https://${ctx.host}`;
  const oauth = `${origin}/services/oauth2`;
  return ctx.res.json(200, {
    issuer: origin,
    authorization_endpoint: `${oauth}/authorize`,
    token_endpoint: `${oauth}/token`,
    revocation_endpoint: `${oauth}/revoke`,
    userinfo_endpoint: `${oauth}/userinfo`,
    jwks_uri: `${origin}/id/keys`,
    registration_endpoint: `${oauth}/register`,
    introspection_endpoint: `${oauth}/introspect`,
    scopes_supported: ['id', 'api', 'web', 'full', 'chatter_api', 'visualforce', 'refresh_token', 'openid', 'profile',
      'email', 'address', 'phone', 'offline_access', 'custom_permissions', 'wave_api', 'eclair_api'],
    response_types_supported: ['code', 'token', 'token id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    display_values_supported: ['page', 'popup', 'touch'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
    claims_supported: ['active', 'address', 'email', 'email_verified', 'family_name', 'given_name', 'is_app_installed',
      'language', 'locale', 'name', 'nickname', 'organization_id', 'phone_number', 'phone_number_verified',
      'photos', 'picture', 'preferred_username', 'profile', 'sub', 'updated_at', 'urls', 'user_id', 'user_type',
      'zoneinfo'],
  }, { 'Access-Control-Allow-Origin': '*' });
}
