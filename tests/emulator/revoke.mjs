// /services/oauth2/revoke. Reference §5 "Revoke", §4 "Revoke errors (HTTP 400)".
// Sources named there: Mobile SDK "Revoking OAuth Tokens"; OauthToken object (GET
// with ?token=); jsforce revokeToken() (POST form body).

/**
 * POST form `token=<access or refresh token>` or GET `?token=`.
 * - access token → that token is revoked;
 * - refresh token → it and its access tokens are revoked (§5 "A refresh token
 *   also revokes its access tokens"); the emulator revokes the whole grant family
 *   (every access token issued from it or from the tokens it was rotated from);
 * - success → HTTP 200, empty body;
 * - unknown, already revoked, expired or missing token → HTTP 400
 *   `{"error":"invalid_token","error_description":"invalid token"}` (§4/§5 error
 *   code; the description text is an emulator choice). `unsupported_token_type`
 *   is never produced (every Salesforce token the emulator issues can be revoked).
 * No CORS headers (§6: login hosts are not CORS-enabled).
 */
export function handleRevoke(ctx) {
  const { req, store } = ctx;
  const token = req.method === 'POST'
    ? new URLSearchParams(ctx.body).get('token') ?? ctx.url.searchParams.get('token')
    : ctx.url.searchParams.get('token');
  const headers = { 'Cache-Control': 'no-store' };
  if (token) {
    const refresh = store.refreshTokens.get(token);
    if (refresh) {
      store.revokeFamily(refresh.family);
      return ctx.res.send(200, headers, '');
    }
    if (store.getAccessToken(token)) {
      store.accessTokens.delete(token);
      return ctx.res.send(200, headers, '');
    }
  }
  return ctx.res.json(400, { error: 'invalid_token', error_description: 'invalid token' }, headers);
}
