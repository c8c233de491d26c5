// Device flow (#grants "Device (step 1)" and "Device (poll)" rows; sfdx-core
// src/deviceOauthService.ts), plus the verification page at /setup/connect.
import crypto from 'node:crypto';
import { findUser, findUserById } from '../config.mjs';
import { currentSession, LOGIN_ERROR } from '../authorize.mjs';
import { approvalPage, deviceCodePage, deviceDonePage, loginPage } from '../pages.mjs';
import { newDeviceCode, newUserCode } from '../store.mjs';
import {
  EXPIRED_CODE, INACTIVE_USER, UNSUPPORTED_GRANT,
  checkSecret, err, grantsRefreshToken, identifyClient, issueRefreshToken, tokenResponse,
} from '../token-common.mjs';

// Undocumented lifetimes: codes live 10 minutes, clients poll every 5 s
// (emulator choices, README; RFC 8628 §3.5 for slow_down).
export const DEVICE_CODE_LIFETIME_MS = 10 * 60 * 1000;
export const DEVICE_INTERVAL_S = 5;

// #authorize scope row synonym, as at authorize.
const SYNONYMS = { refresh_token: 'offline_access', offline_access: 'refresh_token' };

/** Step 1 client checks: client_id, then "Enable for Device Flow" on the app. */
function deviceApp(ctx, form) {
  const { app, secret } = identifyClient(form, ctx.req, ctx.cfg);
  // App without `deviceFlowEnabled` → #errors `unsupported_grant_type` /
  // `grant type not supported` ("grant not enabled on the app"), for step 1 too.
  if (!app.deviceFlowEnabled) err(...UNSUPPORTED_GRANT);
  checkSecret(app, secret, false); // sfdx-core sends no secret; a wrong one still fails (#errors invalid_client)
  return app;
}

/**
 * Step 1: POST /services/oauth2/token with response_type=device_code, client_id,
 * scope → {device_code, user_code, verification_uri, interval} (sfdx-core
 * DeviceCodeResponse). verification_uri = https://{host}/setup/connect.
 * Scope not a subset of the app's → `invalid_scope` / `the requested scope is
 * not allowed` (the authorize-side pair of #authorize/#errors, mcp-hosted#47, as JSON; emulator
 * choice). Absent scope = the app's scopes (as at authorize).
 */
export function deviceCodeRequest(ctx, form) {
  const app = deviceApp(ctx, form);
  const raw = (form.get('scope') || '').trim();
  const scopes = raw ? [...new Set(raw.split(/\s+/))] : [...app.scopes];
  const ok = (s) => app.scopes.includes(s) || (SYNONYMS[s] && app.scopes.includes(SYNONYMS[s]));
  if (!scopes.every(ok)) err('invalid_scope', 'the requested scope is not allowed');
  const deviceCode = newDeviceCode();
  const userCode = newUserCode();
  ctx.store.deviceCodes.set(deviceCode, {
    clientId: app.clientId, userCode, scopes, issuedAt: ctx.clock.now(), lastPollAt: undefined, status: 'pending', userId: undefined,
  });
  return {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: `https://${ctx.host}/setup/connect`,
    interval: DEVICE_INTERVAL_S,
  };
}

const expired = (ctx, rec) => ctx.clock.now() - rec.issuedAt > DEVICE_CODE_LIFETIME_MS;

/**
 * Poll: grant_type=device, client_id, code=<device_code> (#grants; sfdx-core getPollingOptions).
 * - pending → HTTP 400 `authorization_pending` (#grants "While pending: HTTP 400
 *   authorization_pending", deviceOauthService.ts);
 * - polled again sooner than `interval` seconds after the previous poll while
 *   pending → `slow_down` (RFC 8628 §3.5; emulator choice);
 * - unknown, used, other client's, or older than 10 minutes → `invalid_grant` /
 *   `expired authorization code` (the #authorize/#errors code pair; emulator choice);
 * - denied → `access_denied` / `end-user denied authorization` (#authorize deny pair);
 * - approved → the full #token-response body (sfdx-core DeviceCodePollingResponse), with a
 *   refresh_token when the scope allows it (#token-response "device" issues one). Single use.
 */
export function deviceGrant(ctx, form) {
  const app = deviceApp(ctx, form);
  const code = form.get('code') || '';
  const rec = ctx.store.deviceCodes.get(code);
  if (!rec || rec.clientId !== app.clientId) err(...EXPIRED_CODE);
  if (expired(ctx, rec)) { ctx.store.deviceCodes.delete(code); err(...EXPIRED_CODE); }
  if (rec.status === 'denied') { ctx.store.deviceCodes.delete(code); err('access_denied', 'end-user denied authorization'); }
  if (rec.status === 'pending') {
    const now = ctx.clock.now();
    const tooSoon = rec.lastPollAt !== undefined && now - rec.lastPollAt < DEVICE_INTERVAL_S * 1000;
    rec.lastPollAt = now;
    if (tooSoon) err('slow_down', 'polling too frequently');
    err('authorization_pending', 'authorization pending');
  }
  ctx.store.deviceCodes.delete(code);
  const user = findUserById(ctx.cfg, rec.userId);
  if (!user || !user.active) err(...INACTIVE_USER);
  const family = crypto.randomUUID();
  const refreshToken = grantsRefreshToken(rec.scopes) ? issueRefreshToken(ctx, app, rec.userId, rec.scopes, family) : undefined;
  return tokenResponse(ctx, app, rec.userId, rec.scopes, { refreshToken, family });
}

/** Pending, unexpired device record for a user code, or undefined. */
function pendingDevice(store, clock, userCode) {
  const hit = store.findDeviceByUserCode(userCode);
  if (!hit || hit.rec.status !== 'pending' || clock.now() - hit.rec.issuedAt > DEVICE_CODE_LIFETIME_MS) return undefined;
  return hit;
}

/**
 * In-process / control helper: the user `username` approves (or denies) the
 * device showing `userCode`. Throws on an unknown/expired code or unknown/inactive user.
 */
export function decideDevice(store, cfg, clock, userCode, { username, allow = true } = {}) {
  const hit = pendingDevice(store, clock, userCode);
  if (!hit) throw new Error(`no pending device code ${userCode}`);
  if (!allow) { hit.rec.status = 'denied'; return; }
  const user = findUser(cfg, username);
  if (!user || !user.active) throw new Error(`unknown or inactive user ${username}`);
  hit.rec.status = 'approved';
  hit.rec.userId = user.userId;
  // An Allow is an approval of the app by this user (counts for JWT pre-approval, #errors).
  store.approvals.add(`${user.userId}|${hit.rec.clientId}`);
}

const INVALID_USER_CODE = 'The code you entered is invalid or has expired. Check the code on your device and try again.';

function showApproval(ctx, hit, headers) {
  const app = ctx.cfg.apps.find((a) => a.clientId === hit.rec.clientId);
  return ctx.res.html(200, approvalPage({
    host: ctx.host, app, scopes: hit.rec.scopes, params: { user_code: hit.rec.userCode }, action: '/setup/connect/approve',
  }), headers);
}

const showDeviceLogin = (ctx, userCode, { error, username } = {}) => ctx.res.html(200, loginPage({
  host: ctx.host, action: '/setup/connect/login', hidden: { user_code: userCode }, username, error,
}));

/**
 * GET /setup/connect[?user_code=…]: code entry form (`form#device_form`, field
 * `user_code`). POST /setup/connect: code → login form (no session) or the
 * "Allow Access?" page (session). Page texts and layout: emulator choice.
 */
export function handleDeviceConnect(ctx) {
  if (ctx.req.method !== 'POST') {
    return ctx.res.html(200, deviceCodePage({ host: ctx.host, userCode: ctx.url.searchParams.get('user_code') || '' }));
  }
  const form = new URLSearchParams(ctx.body);
  const userCode = form.get('user_code') || '';
  const hit = pendingDevice(ctx.store, ctx.clock, userCode);
  if (!hit) return ctx.res.html(200, deviceCodePage({ host: ctx.host, userCode, error: INVALID_USER_CODE }));
  if (!currentSession(ctx)) return showDeviceLogin(ctx, hit.rec.userCode);
  return showApproval(ctx, hit);
}

/** POST /setup/connect/login: the login form of the device verification page. */
export function handleDeviceLogin(ctx) {
  if (ctx.req.method !== 'POST') return ctx.res.html(200, deviceCodePage({ host: ctx.host }));
  const form = new URLSearchParams(ctx.body);
  const hit = pendingDevice(ctx.store, ctx.clock, form.get('user_code'));
  if (!hit) return ctx.res.html(200, deviceCodePage({ host: ctx.host, error: INVALID_USER_CODE }));
  const username = form.get('username') || '';
  const user = findUser(ctx.cfg, username);
  // Same login rules and message as the authorize login form (README choice).
  if (!user || user.password !== form.get('pw') || !user.active) {
    return showDeviceLogin(ctx, hit.rec.userCode, { error: LOGIN_ERROR, username });
  }
  const sid = ctx.store.createSession(user.userId);
  return showApproval(ctx, hit, { 'Set-Cookie': `sid=${sid}; Path=/; Secure; HttpOnly; SameSite=None` });
}

/** POST /setup/connect/approve: Allow/Deny for the device. */
export function handleDeviceApprove(ctx) {
  if (ctx.req.method !== 'POST') return ctx.res.html(200, deviceCodePage({ host: ctx.host }));
  const form = new URLSearchParams(ctx.body);
  const hit = pendingDevice(ctx.store, ctx.clock, form.get('user_code'));
  if (!hit) return ctx.res.html(200, deviceCodePage({ host: ctx.host, error: INVALID_USER_CODE }));
  const session = currentSession(ctx);
  if (!session) return showDeviceLogin(ctx, hit.rec.userCode);
  const allow = form.get('decision') === 'allow';
  const user = findUserById(ctx.cfg, session.userId);
  decideDevice(ctx.store, ctx.cfg, ctx.clock, hit.rec.userCode, { username: user.username, allow });
  return ctx.res.html(200, deviceDonePage({ approved: allow }));
}
