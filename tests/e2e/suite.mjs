// Runs the one scenario list (scenarios.mjs: the web-server login; flow-scenarios.mjs: the other flows and a
// token's life) in one browser, each scenario in a fresh browser profile.
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator } from '../emulator/server.mjs';
import { flowScenarios } from './flow-scenarios.mjs';
import { scenarios } from './scenarios.mjs';

/** launch({emulatorPort}) → a driver (chromium.mjs, firefox.mjs). */
export function browserSuite(title, { launch, emulatorPort = 0 }) {
  describe(title, () => {
    let emulator;
    let browser;
    before(async () => {
      emulator = await startEmulator({ port: emulatorPort });
    });
    beforeEach(async () => {
      await browser?.close();
      browser = null;
      emulator.reset();
      browser = await launch({ emulatorPort: emulator.port });
    });
    after(async () => {
      await browser?.close();
      await emulator?.close();
    });
    for (const scenario of [...scenarios, ...flowScenarios]) it(scenario.name, () => scenario.run(browser, emulator));
  });
}
