// Every end-to-end scenario in real headless Chromium, against the Salesforce emulator.
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/server.mjs';
import { launchChromium } from './chromium.mjs';
import { scenarios } from './scenarios.mjs';

const extensionDir = fileURLToPath(new URL('../../dist/test/chrome', import.meta.url));

describe('Chromium end to end', () => {
  let emulator;
  let browser;
  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(async () => {
    await browser?.close();
    emulator.reset();
    // A fresh browser profile per scenario: no state leaks from one to the next.
    browser = await launchChromium({ extensionDir, emulatorPort: emulator.port });
  });
  after(async () => {
    await browser?.close();
    await emulator?.close();
  });
  for (const scenario of scenarios) it(scenario.name, () => scenario.run(browser, emulator));
});
