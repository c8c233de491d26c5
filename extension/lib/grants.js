// Getting a token without a browser login (username-password, client credentials, JWT bearer) and the device flow.
// Each step is a core call: build the request, send it (credentials omitted), parse and explain the answer.
// The pages call these; none of them touches the wasm modules itself.
import { core, lifecycle } from './core.js';
import { passwords } from './store.js';

/** Sends a request the core built and returns its token (throws the core's explained error). */
export async function requestToken(sf, request, clientSecret) {
  const response = await sf.sendRequest(request);
  return sf.parseTokenResponse(response.status, response.bodyText, clientSecret || null);
}

const clientOf = (profile) => ({
  loginUrl: profile.loginUrl,
  allowCustomDomain: profile.allowCustomDomain === true,
  clientId: profile.clientId,
  clientSecret: profile.clientSecret || null,
});

/** Username-password, client credentials or JWT bearer: one request, one token. */
export async function directGrant(profile) {
  const sf = await core();
  const client = clientOf(profile);
  if (profile.flow === 'password') {
    const typed = (await passwords.get(profile.id)) ?? {};
    const request = sf.tokenRequest({
      ...client,
      grantType: 'password',
      username: profile.username,
      password: typed.password ?? '',
      securityToken: typed.securityToken ?? '',
    });
    return requestToken(sf, request, client.clientSecret);
  }
  if (profile.flow === 'client_credentials') {
    return requestToken(sf, sf.tokenRequest({ ...client, grantType: 'client_credentials' }), client.clientSecret);
  }
  if (profile.flow === 'jwt_bearer') {
    const { assertion } = await (await lifecycle()).jwtAssertion({
      loginUrl: profile.loginUrl,
      allowCustomDomain: client.allowCustomDomain,
      clientId: profile.clientId,
      username: profile.username,
      privateKeyPem: profile.privateKeyPem,
    });
    const request = sf.tokenRequest({
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      loginUrl: profile.loginUrl,
      allowCustomDomain: client.allowCustomDomain,
      assertion,
    });
    return requestToken(sf, request, null);
  }
  throw { code: 'not_a_direct_flow', message: `The ${profile.flow} flow is not a one-request flow.`, hint: 'Use "Log in" or the device page.' };
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject({ code: 'cancelled', message: 'Cancelled.', hint: '' });
    });
  });

/**
 * The device flow: ask for a user code, show it (onCode), then poll at the interval Salesforce gives until the
 * person approves, slowing down when told to. Resolves with the token; throws the core's explained error.
 */
export async function deviceGrant(profile, { onCode, signal }) {
  const sf = await core();
  const client = clientOf(profile);
  const started = await sf.sendRequest(sf.deviceCodeRequest({ loginUrl: client.loginUrl, allowCustomDomain: client.allowCustomDomain, clientId: client.clientId, scopes: profile.scopes }));
  const device = sf.parseDeviceCodeResponse(started.status, started.bodyText);
  onCode(device);
  let interval = device.intervalMs;
  for (;;) {
    await sleep(interval, signal);
    const request = sf.tokenRequest({ ...client, grantType: 'device', deviceCode: device.deviceCode });
    const response = await sf.sendRequest(request);
    const poll = sf.parseDevicePoll(response.status, response.bodyText, client.clientSecret, interval);
    if (poll.kind === 'token') return poll.token;
    if (poll.kind === 'slow_down') interval = poll.intervalMs;
  }
}

/** JWT bearer's key pair: {privateKeyPem, certificatePem}, an RSA-2048 key and a self-signed certificate to upload. */
export async function generateKeyPair(commonName) {
  return (await lifecycle()).generateJwtKeyPair({ commonName });
}
