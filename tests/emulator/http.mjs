// Small HTTP helpers shared by the route modules.

// Host names the browser reaches on :443 through a resolver mapping
// (--host-resolver-rules=MAP *.salesforce.com 127.0.0.1:PORT). docs/salesforce.md#my-domain-hostnames
// lists the Salesforce host families; absolute URLs on those hosts drop the
// port because the browser believes it is talking to https://host/.
const SALESFORCE_NAME = /(^|\.)(salesforce\.com|force\.com|site\.com|salesforce\.mil|sfcrmproducts\.cn|cloudforce\.com)$/i;

/** Splits a Host header into {hostname, port}. */
export function parseHost(hostHeader) {
  const h = String(hostHeader || '').trim().toLowerCase();
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
  return m ? { hostname: m[1], port: m[2] } : { hostname: h, port: undefined };
}

/** The host to put in absolute URLs: Salesforce names without port, anything else as received. */
export function publicHost(req, fallbackPort) {
  const raw = req.headers.host || `127.0.0.1:${fallbackPort}`;
  const { hostname, port } = parseHost(raw);
  if (SALESFORCE_NAME.test(hostname)) return hostname;
  return port ? `${hostname}:${port}` : hostname;
}

export const isSalesforceName = (hostname) => SALESFORCE_NAME.test(hostname);

export function readBody(req, limit = 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseCookies(header) {
  const out = {};
  for (const part of String(header || '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

export const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

/**
 * Appends query parameters to a URL, using `?` or `&` depending on whether
 * the URL already has a query (brief: redirect_uri may carry its own query).
 * Values are percent-encoded with encodeURIComponent (spaces as %20, `=` as %3D,
 * matching #authorize examples `…%3D%3D` and `error_description=client%20identifier%20invalid`).
 * Parameters whose value is undefined are omitted (state only if it was sent).
 */
export function appendQuery(url, params) {
  const pairs = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  if (pairs.length === 0) return url;
  const hashAt = url.indexOf('#');
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${pairs.join('&')}${hash}`;
}

/** Response wrapper: records the status and body on the log entry before sending (tests compare what was issued). */
export function makeResponder(res, entry) {
  const send = (status, headers, body = '') => {
    if (entry) {
      entry.status = status;
      entry.responseBody = String(body);
    }
    res.writeHead(status, headers);
    res.end(body);
  };
  return {
    send,
    html: (status, body, extraHeaders = {}) =>
      send(status, { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store', ...extraHeaders }, body),
    text: (status, body) => send(status, { 'Content-Type': 'text/plain;charset=UTF-8' }, body),
    json: (status, obj, extraHeaders = {}) =>
      send(status, { 'Content-Type': 'application/json;charset=UTF-8', ...extraHeaders }, JSON.stringify(obj)),
    redirect: (location, extraHeaders = {}) => send(302, { Location: location, ...extraHeaders }),
  };
}

/**
 * Access token from `Authorization: Bearer <t>` or the older `OAuth <t>` form
 * (#rest "Simple authenticated call": "The older form `Authorization: OAuth <token>`
 * is also accepted"), else undefined.
 */
export function authorizationToken(req) {
  const m = /^(?:bearer|oauth)\s+(\S+)\s*$/i.exec(req.headers.authorization || '');
  return m ? m[1] : undefined;
}
