// sftoken content script: runs at document_start on the Salesforce hosts that can serve as a callback.
// It parses nothing and calls no network: it forwards the address to the background, where the wasm core
// checks `state` against the logins sftoken started and ignores everything else.
(() => {
  const ext = globalThis.browser ?? globalThis.chrome;
  const query = location.search + location.hash;
  if (/[?&#]state=/.test(query) && /[?&#](code|error)=/.test(query)) {
    ext.runtime.sendMessage({ type: 'callback', url: location.href });
  } else if (location.pathname === '/services/oauth2/authorize') {
    // With a bad client_id or redirect_uri Salesforce cannot redirect and shows a bare text page instead
    // ("error=invalid_client_id&error_description=…"); forward that text so the login tab can explain it.
    document.addEventListener('DOMContentLoaded', () => {
      const text = (document.body?.innerText ?? '').trim();
      if (text.startsWith('error=')) {
        ext.runtime.sendMessage({ type: 'error-page', text: text.slice(0, 2000) });
      }
    });
  }
})();
