// Every end-to-end scenario in real headless Chromium, against the Salesforce emulator.
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { browserSuite } from './suite.mjs';

const extensionDir = fileURLToPath(new URL('../../dist/test/chrome', import.meta.url));
browserSuite('Chromium end to end', { launch: ({ emulatorPort }) => launchChromium({ extensionDir, emulatorPort }) });
