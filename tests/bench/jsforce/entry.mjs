// What a JavaScript developer bundles to get jsforce's OAuth2 (authorize URL with PKCE) into a browser page.
export { OAuth2 } from 'jsforce/browser/oauth2.js';
