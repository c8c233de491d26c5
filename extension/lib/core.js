// The wasm core, initialised once on first use. The background service worker must not await at top level and
// must register its listeners synchronously, so nobody initialises eagerly: callers `await core()`.
import init, * as sftoken from '../pkg/sftoken.js';

let ready;
export function core() {
  ready ??= init().then(() => sftoken);
  return ready;
}
