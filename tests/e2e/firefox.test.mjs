// Every end-to-end scenario in real headless Firefox ESR, against the Salesforce emulator. Firefox resolves the
// Salesforce hosts to 127.0.0.1 without a port, so the emulator listens on 443 here.
import { fileURLToPath } from 'node:url';
import { launchFirefox } from './firefox.mjs';
import { browserSuite } from './suite.mjs';

const extensionDir = fileURLToPath(new URL('../../dist/test/firefox', import.meta.url));
browserSuite('Firefox end to end', { launch: ({ emulatorPort }) => launchFirefox({ extensionDir, emulatorPort }), emulatorPort: 443 });
