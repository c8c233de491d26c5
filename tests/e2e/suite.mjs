// Runs the one scenario list (scenarios.mjs: the web-server login; flow-scenarios.mjs: the other flows and a
// token's life; profile-scenarios.mjs: profiles at scale and shared, …) in one browser, each scenario in a fresh browser profile.
import { after, before, beforeEach, describe, it } from 'node:test';
import { a11yScenarios } from './a11y-scenarios.mjs';
import { startEmulator } from '../emulator/server.mjs';
import { exportScenarios } from './export-scenarios.mjs';
import { faultScenarios } from './fault-scenarios.mjs';
import { flowScenarios } from './flow-scenarios.mjs';
import { profileScenarios } from './profile-scenarios.mjs';
import { requestScenarios } from './request-scenarios.mjs';
import { scenarios } from './scenarios.mjs';
import { securityScenarios } from './security-scenarios.mjs';
import { startScenarios } from './start-scenarios.mjs';
import { stateScenarios } from './state-scenarios.mjs';

/**
 * Firefox's suite needs port 443, which only one run on the machine can hold (another suite, a benchmark, a second
 * checkout): wait for it, generously, instead of failing at once. Any other port (0: a free one) starts at once.
 */
async function startEmulatorWhenFree(port, deadlineMs = 15 * 60 * 1000) {
  const start = Date.now();
  for (;;) {
    try {
      return await startEmulator({ port });
    } catch (error) {
      if (error?.code !== 'EADDRINUSE' || Date.now() - start > deadlineMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/**
 * launch({emulatorPort}) → a driver (chromium.mjs, firefox.mjs). `cannot`: what this browser's driver cannot do,
 * {capability: why}; a scenario that `needs` one of them is reported as skipped with that reason, never dropped.
 */
export function browserSuite(title, { launch, emulatorPort = 0, cannot = {} }) {
  describe(title, () => {
    let emulator;
    let browser;
    before(async () => {
      emulator = await startEmulatorWhenFree(emulatorPort);
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
    const all = [
      ...scenarios,
      ...flowScenarios,
      ...stateScenarios,
      ...securityScenarios,
      ...faultScenarios,
      ...startScenarios,
      ...a11yScenarios,
      ...requestScenarios,
      ...exportScenarios,
      ...profileScenarios,
    ];
    for (const scenario of all) {
      const missing = (scenario.needs ?? []).filter((capability) => cannot[capability]);
      const skip = missing.length ? missing.map((capability) => `${browserName(title)} ${cannot[capability]}`).join('; ') : false;
      it(scenario.name, { skip }, () => scenario.run(browser, emulator));
    }
  });
}

const browserName = (title) => title.split(' ')[0];
