// CORS on the OAuth endpoints (docs/salesforce.md#cors).
// Salesforce Help "Enable CORS for OAuth Endpoints": with the org setting on, the
// token, revoke and introspect endpoints answer CORS requests from allowlisted
// origins, only on My Domain and Experience Cloud site hosts. login.salesforce.com
// and test.salesforce.com never do (jsforce#389; swagger-ui#5510).

const CORS_PATHS = new Set(['/services/oauth2/token', '/services/oauth2/revoke', '/services/oauth2/introspect']);
// My Domain (every partition: sandbox, develop, scratch, …), Government Cloud and China
// My Domains, and Experience Cloud site hosts.
const CORS_HOSTS = /\.my\.salesforce\.com$|\.my\.salesforce\.mil$|\.my\.sfcrmproducts\.cn$|\.my\.site\.com$|\.force\.com$/;

export const isCorsPath = (route) => CORS_PATHS.has(route);

/**
 * Headers for a CORS request, or undefined (no CORS headers at all) when the host is not
 * a My Domain / site host, the setting is off, there is no Origin or it is not allowlisted.
 * `preflight` is true for an OPTIONS request carrying Access-Control-Request-Method.
 * Header values (methods, allowed headers, max age) are emulator choices.
 */
export function corsHeaders(org, hostname, req) {
  const origin = req.headers.origin;
  if (!org.corsOAuthEndpoints || !origin || !CORS_HOSTS.test(hostname)) return undefined;
  if (!org.corsAllowlist.includes(origin)) return undefined;
  const preflight = req.method === 'OPTIONS' && Boolean(req.headers['access-control-request-method']);
  const headers = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  if (preflight) {
    Object.assign(headers, {
      'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || 'Content-Type, Authorization',
      'Access-Control-Max-Age': '600',
    });
  }
  return { headers, preflight };
}
