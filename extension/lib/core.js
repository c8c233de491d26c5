// The wasm modules, each initialised once, on first use. The background service worker must not await at top
// level and must register its listeners synchronously, so nobody initialises eagerly: callers `await core()`.
//   core()       dist/pkg/sftoken.js: what the popup needs at start and the background needs (login hosts,
//                profiles, the web-server flow, every token request, sendRequest, explanations)
//   lifecycle()  dist/pkg/sftoken_lifecycle.js: JWT signing and key pairs, userinfo, introspection, revoke, the
//                REST test call — loaded by the popup the first time one of those is used (pages only: a service
//                worker cannot import() dynamically)
import init, * as sftoken from '../pkg/sftoken.js';

let ready;
export function core() {
  ready ??= init().then(() => sftoken);
  return ready;
}

let lifecycleReady;
export function lifecycle() {
  lifecycleReady ??= import('../pkg/sftoken_lifecycle.js').then(async (module) => {
    await module.default();
    return module;
  });
  return lifecycleReady;
}
