// @ts-check
// The wasm core (dist/pkg/sftoken.js), initialised once, on first use. The background service worker must not await
// at top level and must register its listeners synchronously, so nobody initialises eagerly: callers `await core()`.
// One module: every action (exchange a code, refresh, get a token, the device flow, a token's life) is one async
// export that builds the request, sends it and reads the answer.
import init, * as sftoken from '../pkg/sftoken.js';

/** @type {Promise<typeof sftoken> | undefined} */
let ready;

/** @returns {Promise<typeof sftoken>} */
export function core() {
  ready ??= init().then(() => sftoken);
  return ready;
}
