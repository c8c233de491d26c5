// What can be done with a token once it exists: refresh it, ask who it belongs to, whether it is still valid,
// prove it works with a REST call, and revoke it. Every request and every reading of an answer is the core's.
// Token requests and sendRequest are the core module's; the calls below that only a token's life needs live in the
// lifecycle module, loaded on first use. Every function: (profile, token, …) → a Promise of what to show.
import { core, lifecycle as lifecycleModule } from './core.js';
import { requestToken } from './grants.js';

async function send(request) {
  return (await core()).sendRequest(request);
}

/**
 * Refresh: a new access token. When the app rotates refresh tokens Salesforce returns a new one and the old one
 * dies (reusing it revokes everything, reference §7), so the caller must store the result at once.
 */
export async function refresh(profile, token) {
  const sf = await core();
  const request = sf.tokenRequest({
    grantType: 'refresh_token',
    loginUrl: profile.loginUrl,
    allowCustomDomain: profile.allowCustomDomain === true,
    clientId: profile.clientId,
    clientSecret: profile.clientSecret || null,
    refreshToken: token.refreshToken,
  });
  const next = await requestToken(sf, request, profile.clientSecret);
  return sf.mergeRefreshedToken(token, next);
}

/** Who is this? userinfo, compared with the token's ids, the profile's username and the scopes asked for. */
export async function whoIsThis(profile, token) {
  const lc = await lifecycleModule();
  const response = await send(lc.userinfoRequest({ instanceUrl: token.instanceUrl, accessToken: token.accessToken }));
  const user = lc.parseUserinfo(response.status, response.bodyText);
  const check = lc.compareIdentity({
    token: { orgId: token.orgId, userId: token.userId, scope: token.scope },
    user,
    expectedUsername: profile.username || null,
    requestedScopes: profile.flow === 'web_server' || profile.flow === 'device' ? profile.scopes : null,
  });
  return { user, check };
}

/** Still valid? Introspection when the app allows it; otherwise the token's age and the session-timeout caveat. */
export async function validity(profile, token, now = Date.now()) {
  const lc = await lifecycleModule();
  const request = lc.introspectRequest({
    loginUrl: profile.loginUrl,
    allowCustomDomain: profile.allowCustomDomain === true,
    clientId: profile.clientId,
    clientSecret: profile.clientSecret || null,
    token: token.accessToken,
    tokenTypeHint: 'access_token',
  });
  try {
    const response = await send(request);
    return { introspection: lc.parseIntrospection(response.status, response.bodyText, now), age: lc.describeTokenAge(token.issuedAt ?? token.receivedAt, now) };
  } catch (error) {
    return { introspectionError: error, age: lc.describeTokenAge(token.issuedAt ?? token.receivedAt, now) };
  }
}

/** Test call: the API versions (no auth), then the latest version's /limits with the token. */
export async function testCall(profile, token) {
  const lc = await lifecycleModule();
  const versions = await send(lc.apiVersionsRequest({ instanceUrl: token.instanceUrl }));
  const latest = lc.parseApiVersions(versions.status, versions.bodyText);
  const request = lc.limitsRequest({ instanceUrl: token.instanceUrl, accessToken: token.accessToken, versionUrl: latest.url });
  const response = await send(request);
  return { latest, request, limits: lc.parseLimits(response.status, response.bodyText) };
}

/** Revoke at Salesforce: the refresh token when there is one (it takes its access tokens with it). */
export async function revoke(profile, token) {
  const lc = await lifecycleModule();
  const request = lc.revokeRequest({
    loginUrl: profile.loginUrl,
    allowCustomDomain: profile.allowCustomDomain === true,
    token: token.refreshToken ?? token.accessToken,
  });
  const response = await send(request);
  return lc.parseRevokeResponse(response.status, response.bodyText);
}
