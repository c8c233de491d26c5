// Identity endpoints: GET /services/oauth2/userinfo and the identity URL
// GET /id/{orgId}/{userId}. docs/salesforce.md#userinfo-and-identity-url "UserInfo" and "Identity URL", #cors, #lifetimes.
import { findUserById } from './config.mjs';
import { authorizationToken } from './http.mjs';
import { LATEST_VERSION } from './rest.mjs';

// Error answers (not in the #errors table; sources below):
// - no token → 403 text `Missing_OAuth_Token` (#cors: "The identity URL … fails
//   CORS preflight (403 Missing_OAuth_Token)", jsforce PR #785);
// - unknown, revoked or expired token → 403 text `Bad_OAuth_Token`: Salesforce's
//   userinfo page says it answers 403 for an invalid token (quoted in
//   SalesforceMobileSDK-Android#2430; SalesforceMobileSDK-iOS#3398 shows a 403 from
//   /services/oauth2/userinfo with an expired session; jsforce PR #736 "403 Bad
//   Oauth Token" from the identity URL). Unlike REST (401), never 401.
const MISSING = 'Missing_OAuth_Token';
const BAD = 'Bad_OAuth_Token';
// Identity URL for another org or user than the token's → 403 `Bad_Id` (emulator choice, unsourced).
const BAD_ID = 'Bad_Id';

/** Token from the Authorization header, or (identity URL only, #userinfo-and-identity-url) the `oauth_token` parameter. */
function tokenRecord(ctx, { allowQuery }) {
  let token = authorizationToken(ctx.req);
  if (!token && allowQuery) token = ctx.url.searchParams.get('oauth_token') || undefined;
  if (!token) return { error: MISSING };
  const rec = ctx.store.getAccessToken(token);
  return rec ? { rec } : { error: BAD };
}

const nameParts = (user) => {
  const parts = String(user.displayName || user.username).trim().split(/\s+/);
  return { first: parts.length > 1 ? parts.slice(0, -1).join(' ') : '', last: parts.at(-1) };
};

/**
 * #userinfo-and-identity-url: identity URLs carry `urls` (`rest`, `sobjects`, `query`, …) with a
 * `{version}` placeholder unless `version=` is passed. Built on the instance URL.
 */
function urls(ctx, user, version = '{version}') {
  const { orgId, myDomain } = ctx.cfg.org;
  const inst = `https://${myDomain}.my.salesforce.com`;
  const data = `${inst}/services/data/v${version}`;
  return {
    enterprise: `${inst}/services/Soap/c/${version}/${orgId}`,
    metadata: `${inst}/services/Soap/m/${version}/${orgId}`,
    partner: `${inst}/services/Soap/u/${version}/${orgId}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${inst}/services/Soap/T/${version}/${orgId}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${inst}/${user.userId}`,
    feeds: `${data}/chatter/feeds`,
    groups: `${data}/chatter/groups`,
    users: `${data}/chatter/users`,
    feed_items: `${data}/chatter/feed-items`,
    feed_elements: `${data}/chatter/feed-elements`,
    custom_domain: inst,
  };
}

const photos = (ctx) => ({
  picture: `https://${ctx.cfg.org.myDomain}.file.force.com/profilephoto/005/F`,
  thumbnail: `https://${ctx.cfg.org.myDomain}.file.force.com/profilephoto/005/T`,
});

// Fixture users carry no locale data; fixed US values (emulator choice).
const LOCALE = { zoneinfo: 'America/Los_Angeles', locale: 'en_US', language: 'en_US', utcOffset: -28800000 };

/**
 * GET (or POST) /services/oauth2/userinfo with Authorization: Bearer (#userinfo-and-identity-url).
 * OIDC claims from the discovery doc's claims_supported (#userinfo-and-identity-url): sub (the identity
 * URL issued with the token), user_id, organization_id, preferred_username,
 * nickname, name, email, email_verified, given_name, family_name, zoneinfo,
 * photos, profile, picture, urls (with {version}), active, user_type, language,
 * locale, utcOffset, updated_at. No scope check (emulator simplification).
 */
export function handleUserInfo(ctx) {
  const { rec, error } = tokenRecord(ctx, { allowQuery: false });
  if (error) return ctx.res.text(403, error);
  const user = findUserById(ctx.cfg, rec.userId);
  const { first, last } = nameParts(user);
  const p = photos(ctx);
  return ctx.res.json(200, {
    sub: rec.id,
    user_id: user.userId,
    organization_id: ctx.cfg.org.orgId,
    preferred_username: user.username,
    nickname: user.username.split('@')[0],
    name: user.displayName ?? user.username,
    email: user.email ?? user.username,
    email_verified: true,
    given_name: first,
    family_name: last,
    zoneinfo: LOCALE.zoneinfo,
    photos: p,
    profile: `https://${ctx.cfg.org.myDomain}.my.salesforce.com/${user.userId}`,
    picture: p.picture,
    urls: urls(ctx, user),
    active: user.active,
    user_type: 'STANDARD',
    language: LOCALE.language,
    locale: LOCALE.locale,
    utcOffset: LOCALE.utcOffset,
    updated_at: '2024-01-01T00:00:00Z',
  }, { 'Cache-Control': 'no-store' });
}

/**
 * GET /id/{orgId}/{userId} with the access token in the header or as
 * `oauth_token` (#userinfo-and-identity-url). Fields per #userinfo-and-identity-url (Mobile SDK "Using Identity URLs"): id,
 * asserted_user, user_id, organization_id, username, nick_name, display_name,
 * email, first_name, last_name, timezone, photos, urls, active, user_type,
 * language, locale, utcOffset, is_lightning_login_user…
 * `version=<n>|latest` fills the {version} placeholder (#userinfo-and-identity-url). `format=xml` is
 * not emulated (JSON). Only the token's own org and user: another id in the
 * path → 403 `Bad_Id` (emulator choice).
 */
export function handleIdentity(ctx) {
  const m = /^\/id\/([^/]+)\/([^/]+)\/?$/.exec(ctx.path ?? ctx.url.pathname);
  const { rec, error } = tokenRecord(ctx, { allowQuery: true });
  if (error) return ctx.res.text(403, error);
  const user = findUserById(ctx.cfg, rec.userId);
  // 15- and 18-char forms name the same record (the 3 extra chars encode case).
  const sameId = (a, b) => (a.length === 18 && b.length === 18 ? a === b : a.slice(0, 15) === b.slice(0, 15));
  if (!m || !sameId(m[1], ctx.cfg.org.orgId) || !sameId(m[2], user.userId)) return ctx.res.text(403, BAD_ID);
  const v = ctx.url.searchParams.get('version');
  const version = v === 'latest' ? `${LATEST_VERSION}.0` : (v && /^\d+(\.0)?$/.test(v) ? `${parseInt(v, 10)}.0` : '{version}');
  const { first, last } = nameParts(user);
  return ctx.res.json(200, {
    id: rec.id,
    asserted_user: true,
    user_id: user.userId,
    organization_id: ctx.cfg.org.orgId,
    username: user.username,
    nick_name: user.username.split('@')[0],
    display_name: user.displayName ?? user.username,
    email: user.email ?? user.username,
    email_verified: true,
    first_name: first,
    last_name: last,
    timezone: LOCALE.zoneinfo,
    photos: photos(ctx),
    urls: urls(ctx, user, version),
    active: user.active,
    user_type: 'STANDARD',
    language: LOCALE.language,
    locale: LOCALE.locale,
    utcOffset: LOCALE.utcOffset,
    last_modified_date: '2024-01-01T00:00:00.000+0000',
    is_lightning_login_user: false,
  }, { 'Cache-Control': 'no-store' });
}
