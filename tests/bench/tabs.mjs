// Small helpers on top of the e2e drivers' public pieces (tests/e2e/chromium.mjs, firefox.mjs), for what the
// benchmark needs and the scenarios do not: closing a tab and carrying on, and waiting on a page condition.
import { sleep } from './stats.mjs';

/**
 * Closes a tab. Firefox (WebDriver) leaves the session pointing at the closed window, after which it cannot open
 * a new one: switch to a window that is still open (FirefoxPage exposes its `wd` client and `focus`).
 */
export async function closeTab(tab) {
  await tab.close();
  if (tab.wd && tab.focus) {
    const [open] = await tab.wd.call('GET', '/window/handles');
    if (open) await tab.focus(open);
  }
}

/**
 * Polls `fn` in the tab until it returns something truthy (errors while the tab navigates count as "not yet").
 * `fn` runs in the page, so it must be self-contained; it may return {fail: message} to stop waiting at once.
 */
export async function waitInTab(tab, fn, arg, { timeout = 15000, interval = 10, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await tab.evaluate(fn, arg);
      if (value?.fail) throw Object.assign(new Error(`${what}: ${value.fail}`), { fatal: true });
      if (value && !value.__error) return value;
      if (value?.__error) lastError = value.__error;
    } catch (error) {
      if (error.fatal) throw error;
      lastError = error.message;
    }
    await sleep(interval);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
}
