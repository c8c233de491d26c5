// @ts-check
// The wasm core (dist/pkg/sftoken.js), initialised once, on first use. The background service worker must not await
// at top level and must register its listeners synchronously, so nobody initialises eagerly: callers `await core()`.
// One module: every action (exchange a code, refresh, get a token, the device flow, a token's life) is one async
// export that builds the request, sends it and reads the answer.
//
// The glue (pkg/sftoken.js) is imported dynamically, not statically: a page renders what storage holds without it,
// and the glue and the wasm are fetched, compiled and instantiated once that first render is on screen.

/** @typedef {typeof import('../pkg/sftoken.js')} Core */

/** @type {Promise<Core> | undefined} */
let ready;
/** @type {Core | undefined} */
let imported;

/**
 * For the one context that must import the glue statically: Chrome's service worker, where `import()` is not allowed
 * (HTML spec; Chrome throws). background.js imports it and hands it over before anything calls core().
 * @param {Core} glue
 */
export function provideGlue(glue) {
  imported = glue;
}

/** @returns {Promise<Core>} */
export function core() {
  ready ??= (imported ? Promise.resolve(imported) : import('../pkg/sftoken.js')).then(async (sftoken) => {
    await sftoken.default();
    return sftoken;
  });
  return ready;
}
