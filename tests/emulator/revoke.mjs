// /services/oauth2/revoke (docs/salesforce.md#revoke).
// Sources named there: Mobile SDK "Revoking OAuth Tokens"; OauthToken object (GET
// with ?token=); jsforce revokeToken() (POST form body, errors read as a query string);
// omniphx/forrest#213 (the form-encoded error body seen on test.salesforce.com).

// Errors are form-encoded, spaces as %20, like the body in forrest#213:
// `error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported`.
const formEncoded = (pairs) => Object.entries(pairs)
  .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

/**
 * POST form `token=<access or refresh token>` or GET `?token=`.
 * - access token → that token is revoked;
 * - refresh token → it and its access tokens are revoked ("A refresh token also
 *   revokes its access tokens"); the emulator revokes the whole grant family
 *   (every access token issued from it or from the tokens it was rotated from);
 * - success → HTTP 200, empty body;
 * - no `token` parameter → HTTP 400 `error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported`
 *   (forrest#213 sent `token[access_token]=…`, i.e. no `token` field, and got exactly that);
 * - unknown, already revoked or expired token → HTTP 400
 *   `error=invalid_token&error_description=invalid%20token` (error code from the Mobile SDK
 *   page; the description text is an emulator choice);
 * - error bodies are `application/x-www-form-urlencoded` (forrest#213; jsforce parses them
 *   as a query string).
 * CORS headers only as docs/salesforce.md#cors describes (server.mjs, cors.mjs).
 */
export function handleRevoke(ctx) {
  const { req, store } = ctx;
  const token = req.method === 'POST'
    ? new URLSearchParams(ctx.body).get('token') ?? ctx.url.searchParams.get('token')
    : ctx.url.searchParams.get('token');
  const headers = { 'Cache-Control': 'no-store' };
  const fail = (error, description) => ctx.res.send(400,
    { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
    formEncoded({ error, error_description: description }));
  if (token === null || token === undefined) return fail('unsupported_token_type', 'this token type is not supported');
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
  return fail('invalid_token', 'invalid token');
}
