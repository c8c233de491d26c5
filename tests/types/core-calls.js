// @ts-check
// Never run: type-checked by `./build.sh test types` (tsconfig.json includes tests/types/). It proves that the
// JavaScript's calls into the wasm core are checked against dist/pkg/sftoken.d.ts: each `@ts-expect-error` below marks
// a mistake tsc must report, and tsc fails ("Unused '@ts-expect-error' directive") the day one stops being an error —
// say because a declaration degraded to `any`.
import { core } from '../../extension/lib/core.js';
import { clientOf } from '../../extension/lib/grants.js';

/** @typedef {import('../../extension/lib/store.js').Profile} Profile */

/**
 * @param {Profile} profile
 * @param {import('../../extension/lib/store.js').StoredToken} token
 */
export async function mistakes(profile, token) {
  const sf = await core();

  // A misspelt field, alone and next to spread client fields (as lib/ writes its calls).
  // @ts-expect-error codeVerifer is not a field of ExchangeCodeInput
  await sf.exchangeCode({ ...clientOf(profile), redirectUri: '', code: '', codeVerifer: '' });
  // @ts-expect-error redirectUrl is not a field of AuthorizeInput
  sf.authorizeRequest({ loginUrl: profile.loginUrl, clientId: profile.clientId, redirectUrl: profile.redirectUri });
  // @ts-expect-error userName is not a field of GetTokenInput
  await sf.getToken({ ...clientOf(profile), flow: 'password', userName: profile.username });
  // @ts-expect-error accessToken belongs to the token, not to TokenActionInput
  await sf.whoIsThis({ ...clientOf(profile), accessToken: token.accessToken });
  // @ts-expect-error interval is intervalMs
  await sf.pollDevice({ ...clientOf(profile), deviceCode: '', interval: 5000 });
  // @ts-expect-error login_url: the core's names are camelCase
  sf.validateProfile({ login_url: profile.loginUrl });
  // The standalone page's calls (www/www.js).
  const exchange = { ...clientOf(profile), redirectUri: '', code: '', codeVerifier: '' };
  // @ts-expect-error origin is pageOrigin
  await sf.exchangeCodeFromPage({ exchange, origin: '' });
  const result = await sf.exchangeCodeFromPage({ exchange, pageOrigin: '' });
  // @ts-expect-error a result of kind "commands" has no token
  if (result.kind === 'commands') result.token.accessToken.trim();
  // @ts-expect-error the commands are curl and powershell
  sf.tokenRequestCommands(exchange).bash.trim();

  // A required field missing.
  // @ts-expect-error code is required
  await sf.exchangeCode({ ...clientOf(profile), redirectUri: '' });
  // @ts-expect-error token is required
  await sf.refreshToken({ ...clientOf(profile) });
  // @ts-expect-error flow is required
  await sf.getToken({ ...clientOf(profile) });

  // A wrong type, in and out.
  // @ts-expect-error parseCallback takes (url, expectedState)
  sf.parseCallback(profile.loginUrl);
  // @ts-expect-error allowCustomDomain is a boolean
  sf.normalizeLoginUrl(profile.loginUrl, 'yes');
  // @ts-expect-error codeLifetimeMs() is a number
  (/** @type {string} */ (sf.codeLifetimeMs()));
  const device = await sf.startDevice({ ...clientOf(profile), scopes: profile.scopes });
  // @ts-expect-error DeviceCode has userCode, not user_code
  device.user_code;
  const poll = await sf.pollDevice({ ...clientOf(profile), deviceCode: device.deviceCode });
  // @ts-expect-error only the "token" outcome carries a token
  if (poll.kind === 'pending') poll.token;
  const outcome = sf.parseCallback('', '');
  // @ts-expect-error an "unrelated" callback has no code
  if (outcome.kind === 'unrelated') outcome.code;
  const refreshed = await sf.refreshToken({ ...clientOf(profile), token });
  // @ts-expect-error mergeRefreshedToken returns refreshTokenRotated, not rotated
  sf.mergeRefreshedToken(token, refreshed).rotated;
  // @ts-expect-error testCall returns {latest, message, rows}
  (await sf.testCall({ ...clientOf(profile), token })).limits;
}
