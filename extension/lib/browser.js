// @ts-check
// The one place that knows which browser API object exists. Chrome MV3 exposes a promise-based `chrome`;
// Firefox exposes `browser` (and a `chrome` alias). Every other file imports `ext` from here, so browser
// differences stay in this folder's BROWSERS.md table and in this module.
export const ext = globalThis.browser ?? globalThis.chrome;

/** The URL of one of the extension's own pages. */
export const pageUrl = (path) => ext.runtime.getURL(path);
