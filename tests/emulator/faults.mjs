// Fault modes, switchable per endpoint from tests (README "Fault modes").
// Test tooling, not Salesforce behaviour: they stand for an outage, a proxy or
// captive portal, a dead connection or a rate limit between sftoken and Salesforce.
// The one Salesforce answer here is `unknown_error` / `retry your request`, which
// Salesforce's token endpoint is seen to send now and then (docs/salesforce.md#transient-errors).
// `redirect307` stands for a proxy that redirects Salesforce traffic: 307 keeps the method and body, so a client
// that followed it would re-send the form (code, secret, password, refresh token) to the `location` host.
import { landingPage } from './pages.mjs';

export const FAULT_MODES = ['html500', 'html503', 'not_json_200', 'hang', 'reset', '429', 'unknown_error', 'redirect307'];

/** Where `redirect307` sends the request by default: another host, whose requests the log shows. */
export const DEFAULT_REDIRECT_LOCATION = 'https://redirect-target.acme.example/redirect-target';

/**
 * Validates and normalises a fault. `path` is an endpoint path such as
 * `/services/oauth2/token` (a trailing `*` matches a prefix, e.g. `/id/*`).
 * Options: `retryAfter` seconds (429, html503), `status` (unknown_error; default 500),
 * `count` = how many requests fail before the fault clears itself (default: until cleared),
 * `location` = absolute https URL a `redirect307` points to (default DEFAULT_REDIRECT_LOCATION).
 */
export function makeFault(path, mode, { retryAfter, status, count, location } = {}) {
  if (typeof path !== 'string' || !path.startsWith('/')) throw new Error('fault endpoint must be a path starting with "/"');
  if (!FAULT_MODES.includes(String(mode))) throw new Error(`unknown fault mode ${JSON.stringify(mode)} (one of ${FAULT_MODES.join(', ')})`);
  const num = (v, name) => {
    if (v === undefined || v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
    return n;
  };
  if (location !== undefined && location !== null && !/^https:\/\/[^/\s]+(\/\S*)?$/.test(String(location))) {
    throw new Error('location must be an absolute https:// URL');
  }
  return {
    mode: String(mode),
    retryAfter: num(retryAfter, 'retryAfter') ?? (String(mode) === '429' ? 1 : undefined),
    status: num(status, 'status') ?? 500,
    remaining: num(count, 'count') ?? Infinity,
    ...(String(mode) === 'redirect307' ? { location: String(location ?? DEFAULT_REDIRECT_LOCATION) } : {}),
  };
}

/** The fault for `path`, if any (exact path first, then the longest matching `prefix*`). */
function findFault(faults, path) {
  const norm = path.replace(/\/+$/, '') || '/';
  if (faults.has(norm)) return [norm, faults.get(norm)];
  let best;
  for (const [k, f] of faults) {
    if (k.endsWith('*') && norm.startsWith(k.slice(0, -1)) && (!best || k.length > best[0].length)) best = [k, f];
  }
  return best;
}

// Error pages in the shape of Salesforce's own (title, a short sentence); texts are the emulator's.
const errorPage = (title, text) => `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<div id="content">
<div id="logo"><h1>Salesforce</h1></div>
<h2>${title}</h2>
<p>${text}</p>
</div>
</body>
</html>
`;
const PAGE_500 = errorPage('An internal server error has occurred', 'An error has occurred while processing your request. Please try again later.');
const PAGE_503 = errorPage('Service Unavailable', 'Salesforce is temporarily unavailable, for maintenance or because of high load. Please try again later.');
const PAGE_429 = errorPage('Too Many Requests', 'Too many requests. Please wait and try again.');

/** Applies a fault to the request if one is set for its path; returns true when it answered. */
export function applyFault(ctx, path, rawRes) {
  const hit = findFault(ctx.store.faults, path);
  if (!hit) return false;
  const [key, fault] = hit;
  if (--fault.remaining <= 0) ctx.store.faults.delete(key);
  const html = { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store' };
  const retry = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
  switch (fault.mode) {
    case 'html500': ctx.res.send(500, html, PAGE_500); break;
    case 'html503': ctx.res.send(503, { ...html, ...retry }, PAGE_503); break;
    case '429': ctx.res.send(429, { ...html, ...retry }, PAGE_429); break;
    case 'not_json_200': ctx.res.send(200, html, landingPage()); break; // e.g. a login page where JSON was expected
    case 'unknown_error':
      ctx.res.json(fault.status, { error: 'unknown_error', error_description: 'retry your request' },
        { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
      break;
    case 'redirect307': // a proxy's redirect to another host; nothing else is done with the request
      ctx.res.send(307, { Location: fault.location, 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store' },
        errorPage('Temporary Redirect', 'This request has moved.'));
      break;
    case 'hang': // never answers; destroyed by clearFaults(), reset() or close()
      ctx.store.hung.add(rawRes.socket);
      break;
    case 'reset': // the TCP connection is dropped without an HTTP answer
      rawRes.socket.destroy();
      break;
    default: return false;
  }
  return true;
}
