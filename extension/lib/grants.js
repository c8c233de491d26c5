// @ts-check
// Getting a token without a browser login (username-password, client credentials, JWT bearer) and the device flow.
// Each is one call into the core, which builds the request, sends it (credentials omitted, no redirects, a timeout)
// and reads and explains the answer. The pages call these; none of them touches the wasm module itself.
import { core } from './core.js';
import { passwords } from './store.js';

/** @typedef {import('./store.js').Profile} Profile */
/** @typedef {import('../pkg/sftoken.js').Token} Token */
/** @typedef {import('../pkg/sftoken.js').DeviceCode} DeviceCode */
/** @typedef {import('../pkg/sftoken.js').KeyPair} KeyPair */
/**
 * The app fields every core action takes (`ExchangeCodeInput`, `GetTokenInput`, `RefreshInput`, `TokenActionInput`…).
 * @typedef {Pick<import('../pkg/sftoken.js').RefreshInput, 'loginUrl' | 'allowCustomDomain' | 'clientId' | 'clientSecret'>} Client
 */

/**
 * The app a request is made for, as the core's actions take it.
 * @param {Profile} profile
 * @returns {Client}
 */
export const clientOf = (profile) => ({
  loginUrl: profile.loginUrl,
  allowCustomDomain: profile.allowCustomDomain === true,
  clientId: profile.clientId,
  clientSecret: profile.clientSecret || null,
});

/**
 * Username-password, client credentials or JWT bearer: one request, one token.
 * @param {Profile} profile
 * @returns {Promise<Token>}
 */
export async function directGrant(profile) {
  /** @type {import('./store.js').Typed} */
  const typed = profile.flow === 'password' ? ((await passwords.get(profile.id)) ?? {}) : {};
  return (await core()).getToken({
    ...clientOf(profile),
    flow: profile.flow,
    username: profile.username || null,
    password: typed.password ?? null,
    securityToken: typed.securityToken ?? null,
    privateKeyPem: profile.privateKeyPem || null,
  });
}

/** @type {(ms: number, signal?: AbortSignal) => Promise<void>} */
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const cancelled = () => reject({ code: 'cancelled', message: 'Cancelled.', hint: '' });
    // Cancelled while a poll was in flight: the abort event is gone by now, so look before waiting.
    if (signal?.aborted) return cancelled();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      cancelled();
    });
  });

/**
 * The device flow: ask for a user code, show it (onCode), then poll at the interval Salesforce gives until the
 * person approves, slowing down when told to. Resolves with the token; throws the core's explained error.
 * @param {Profile} profile
 * @param {{onCode: (device: DeviceCode) => void, onPoll?: (polls: number, intervalMs: number) => void, signal?: AbortSignal}} options
 * @returns {Promise<Token>}
 */
export async function deviceGrant(profile, { onCode, onPoll = () => {}, signal }) {
  const sf = await core();
  const client = clientOf(profile);
  const device = await sf.startDevice({ ...client, scopes: profile.scopes ?? '' });
  onCode(device);
  let interval = device.intervalMs;
  for (let polls = 1; ; polls++) {
    await sleep(interval, signal);
    const poll = await sf.pollDevice({ ...client, deviceCode: device.deviceCode, intervalMs: interval });
    onPoll(polls, interval);
    if (poll.kind === 'token') return poll.token;
    if (poll.kind === 'slow_down') interval = poll.intervalMs;
  }
}

/**
 * JWT bearer's key pair: {privateKeyPem, certificatePem}, an RSA-2048 key and a self-signed certificate to upload.
 * @param {string} commonName
 * @returns {Promise<KeyPair>}
 */
export async function generateKeyPair(commonName) {
  return (await core()).generateJwtKeyPair({ commonName });
}
