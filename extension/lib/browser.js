// @ts-check
// The one place that knows which browser API object exists. Chrome MV3 exposes a promise-based `chrome`;
// Firefox exposes `browser` (and a `chrome` alias). Every other file imports `ext` from here, so browser
// differences stay in this folder's BROWSERS.md table and in this module.
// Typed as Chrome's promise-based API (@types/chrome): the calls sftoken makes have the same shape in both browsers.
/** @type {typeof chrome} */
export const ext = /** @type {typeof chrome} */ (/** @type {unknown} */ (globalThis.browser ?? globalThis.chrome));

/**
 * The URL of one of the extension's own pages.
 * @param {string} path
 * @returns {string}
 */
export const pageUrl = (path) => ext.runtime.getURL(path);
