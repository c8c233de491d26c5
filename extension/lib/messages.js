// @ts-check
// The one place where runtime message names live: every `runtime.sendMessage({type})` and the background's handler
// table use these. content.js is a classic script (it cannot import), so it repeats the FROM_CONTENT names as literals;
// tests/e2e/sources.test.mjs checks that its literals are exactly these.

/** Sent by the extension's pages to the background. */
export const FROM_PAGES = Object.freeze({
  /** {type, profileId}: build the authorize URL, remember the login, open the login tab. */
  logIn: 'log-in',
});

/** Sent by content.js, on a Salesforce login host, to the background. */
export const FROM_CONTENT = Object.freeze({
  /** {type, url}: an address carrying state and code or error. */
  callback: 'callback',
  /** {type, text}: Salesforce's bare-text error page (bad client_id or redirect_uri), no state. */
  errorPage: 'error-page',
  /** {type, url}: Salesforce's RemoteAccessErrorPage (invalid scope, app blocked or not installed), no state. */
  errorPageUrl: 'error-page-url',
});

export const MESSAGES = Object.freeze({ ...FROM_PAGES, ...FROM_CONTENT });
