// @ts-check
// sftoken content script: runs at document_start on the Salesforce hosts that can serve as a callback or show a
// login's error. It parses nothing and calls no network: it forwards the address (or the bare error text) to the
// background, where the wasm core checks it against the logins sftoken started and ignores everything else.
// The message names are those of lib/messages.js FROM_CONTENT, repeated here as literals because a content script is
// a classic script and cannot import (tests/e2e/sources.test.mjs checks they match).
(() => {
  // lib/browser.js's `ext`, repeated (a classic script cannot import it).
  const ext = /** @type {typeof chrome} */ (/** @type {unknown} */ (globalThis.browser ?? globalThis.chrome));
  const query = location.search + location.hash;
  const path = location.pathname;
  if (/[?&#]state=/.test(query) && /[?&#](code|error)=/.test(query)) {
    ext.runtime.sendMessage({ type: 'callback', url: location.href });
  } else if (path.endsWith('/setup/secur/RemoteAccessErrorPage.apexp')) {
    // An invalid scope, a blocked or uninstalled app: Salesforce's own error page, with the reason in the query
    // string and no state. The background matches it to a login by the tab sftoken opened.
    ext.runtime.sendMessage({ type: 'error-page-url', url: location.href });
  } else if (path.endsWith('/services/oauth2/authorize')) {
    // With a bad client_id or redirect_uri Salesforce cannot redirect and shows a bare text page instead
    // ("error=invalid_client_id&error_description=…"), also under a site's path prefix (/partners/services/…).
    document.addEventListener('DOMContentLoaded', () => {
      const text = (document.body?.innerText ?? '').trim();
      if (text.startsWith('error=')) {
        ext.runtime.sendMessage({ type: 'error-page', text: text.slice(0, 2000) });
      }
    });
  }
})();
