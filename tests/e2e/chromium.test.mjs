// Every end-to-end scenario in real headless Chromium, against the Salesforce emulator.
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { browserSuite } from './suite.mjs';

const extensionDir = fileURLToPath(new URL('../../dist/test/chrome', import.meta.url));
browserSuite('Chromium end to end', {
  launch: ({ emulatorPort }) => launchChromium({ extensionDir, emulatorPort }),
  cannot: {
    // chromium.mjs answers the permission prompt by replacing chrome.permissions.request (headless Chromium shows
    // no prompt to click), so an optional host is never really granted, and background.js never registers its
    // content script there (syncOptionalHostScripts runs on permissions.onAdded).
    grantOptionalHost:
      'cannot really grant an optional host (the permission prompt is stubbed), so the content script sftoken registers for granted custom, Government Cloud and China hosts never runs there',
  },
});
