// A sliver of the REST API: enough to prove an access token works.
// docs/salesforce.md#rest "REST versions" and "Simple authenticated call", #errors last row
// (401 INVALID_SESSION_ID), #lifetimes (expired token → 401).
import { authorizationToken } from './http.mjs';
import { answer, handleSObject } from './sobjects.mjs';

// #rest: GET /services/data/ → [{"label":"Summer '14","url":"/services/data/v31.0","version":"31.0"}, …].
// Releases advance Winter/Spring/Summer from v20.0 = Winter '11, so v31.0 =
// Summer '14 (the documented example) and v65.0 = Winter '26. The list starts at
// v31.0 like that example and stops at v65.0 (emulator choice).
export const OLDEST_VERSION = 31;
export const LATEST_VERSION = 65;
const SEASONS = ['Winter', 'Spring', 'Summer'];
const label = (v) => `${SEASONS[(v - 20) % 3]} '${String(11 + Math.floor((v - 20) / 3)).padStart(2, '0')}`;
export const VERSIONS = Array.from({ length: LATEST_VERSION - OLDEST_VERSION + 1 }, (_, i) => {
  const v = OLDEST_VERSION + i;
  return { label: label(v), url: `/services/data/v${v}.0`, version: `${v}.0` };
});

// #errors last row (jstanden/cerb#836, Chrome-Salesforce-inspector#149, mcp-server-salesforce#8).
export const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
// #errors last row, second text ("This session is not valid for use with the REST API").
const NOT_FOR_REST = [{ message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' }];
// Salesforce's REST 404 body (emulator text; restforce#384 shows the same pair).
const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

// A small subset of /limits, values of a Developer Edition org (emulator choice).
const LIMITS = {
  ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
  ConcurrentSyncReportRuns: { Max: 20, Remaining: 20 },
  DailyApiRequests: { Max: 15000, Remaining: 15000 },
  DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
  DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
  DataStorageMB: { Max: 5, Remaining: 5 },
  FileStorageMB: { Max: 20, Remaining: 20 },
  HourlyTimeBasedWorkflow: { Max: 50, Remaining: 50 },
  SingleEmail: { Max: 15, Remaining: 15 },
};


/**
 * /services/data[/…]
 * - `/services/data/` needs no authentication (#rest) → the version list, on any host.
 * - Everything below needs `Authorization: Bearer|OAuth <access token>` (#rest).
 *   Missing, unknown, revoked or expired token → 401 INVALID_SESSION_ID (#errors, #lifetimes).
 *   The token is checked before the path (emulator choice).
 *   A token without the `api` (or `full`) scope → 401 "This session is not valid
 *   for use with the REST API" (#errors last row; mapping is an emulator choice).
 * - Unknown version or resource → 404 NOT_FOUND.
 * - JSON, or XML when `Accept: application/xml` asks for it; `Sforce-Limit-Info` on every authenticated answer.
 * - sObjects (describe, create, read, update, delete): sobjects.mjs.
 * - `latest` resolves to the newest version (#rest).
 * Served on every host (#hosts: same paths on every host; emulator simplification).
 */
export function handleRest(ctx) {
  const { res, store } = ctx;
  const path = (ctx.path ?? ctx.url.pathname).replace(/\/+$/, '');
  if (path === '/services/data') return res.json(200, VERSIONS);

  const rec = store.getAccessToken(authorizationToken(ctx.req));
  if (!rec) return res.json(401, INVALID_SESSION);
  if (!rec.scopes.includes('api') && !rec.scopes.includes('full')) return res.json(401, NOT_FOR_REST);
  // #rest-errors: the org's edition has no API access (restforce#219's text).
  if (!ctx.cfg.org.restApiEnabled) return res.json(403, [{ message: 'The REST API is not enabled for this Organization.', errorCode: 'API_DISABLED_FOR_ORG' }]);
  store.apiCalls += 1;

  const m = /^\/services\/data\/(v(\d+)\.0|latest)(\/.*)?$/.exec(path);
  const v = m && (m[1] === 'latest' ? LATEST_VERSION : Number(m[2]));
  if (!v || v < OLDEST_VERSION || v > LATEST_VERSION) return res.json(404, NOT_FOUND);
  const base = `/services/data/v${v}.0`;
  const rest = m[3] ?? '';

  // #rest "Limit Info Header": every authenticated answer says the API usage, `api-usage=18/5000`.
  const limitInfo = `api-usage=${store.apiCalls}/${LIMITS.DailyApiRequests.Max}`;
  const headers = { 'Sforce-Limit-Info': limitInfo };
  const readOnly = ctx.req.method === 'GET' || ctx.req.method === 'HEAD';
  // #rest-errors 405 row: a method the resource does not take.
  const notAllowed = () => answer(ctx, 405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${ctx.req.method}' not allowed. Allowed are GET,HEAD` }], { headers });
  if (rest === '') {
    if (!readOnly) return notAllowed();
    return answer(ctx, 200, {
      limits: `${base}/limits`, sobjects: `${base}/sobjects`, query: `${base}/query`, search: `${base}/search`,
    }, { root: { name: 'urls' }, headers });
  }
  if (rest === '/limits') {
    if (!readOnly) return notAllowed();
    const out = structuredClone(LIMITS);
    out.DailyApiRequests.Remaining = Math.max(0, out.DailyApiRequests.Max - store.apiCalls);
    return answer(ctx, 200, out, { root: { name: 'LimitsSnapshot' }, headers });
  }
  if (handleSObject(ctx, { base, rest, limitInfo })) return undefined;
  return answer(ctx, 404, NOT_FOUND, { headers });
}
