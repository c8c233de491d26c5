// The whole flow against the Salesforce emulator, timed from the "Log in" click in the popup to the access token
// in the clipboard. The emulator's login form and "Allow Access?" page are answered by this benchmark (fixture
// user, at machine speed), as tests/e2e/demo.mjs does; so the figure is sftoken + browser + emulator + driver.
import { fixtures } from '../e2e/scenarios.mjs';
import { closeTab, waitInTab } from './tabs.mjs';

async function seedFlowProfile(browser, clientId) {
  const tab = await browser.openExtensionPage('popup.html');
  await tab.evaluate(async (id) => {
    const local = (globalThis.browser ?? globalThis.chrome).storage.local;
    await local.clear();
    await local.set({
      profiles: {
        'bench-flow': {
          id: 'bench-flow', name: 'Acme (emulator)', loginUrl: 'login.salesforce.com', clientId: id, clientSecret: '',
          redirectUri: 'https://login.salesforce.com/', scopes: 'api refresh_token',
        },
      },
      selectedProfile: 'bench-flow',
    });
  }, clientId);
  await closeTab(tab);
}

// In-page pieces (self-contained: they run in the browser).
const popupReady = () => {
  const status = document.getElementById('form-status')?.textContent ?? '';
  if (status.includes('could not start')) return { fail: status };
  return document.body?.dataset.ready === 'true' && !!document.getElementById('client-id')?.value;
};
// Forgets the previous run's token first: the result page shows the stored token before its exchange finishes, and
// "Copy access token" must only appear once this login's token is there. Tokens live in the extension's vault
// (IndexedDB), so the extension's own store forgets it.
const prepareRun = async () => {
  const { tokens } = await import(new URL('lib/store.js', location.href).href);
  await tokens.remove('bench-flow');
  window.addEventListener('click', (event) => {
    if (event.target?.closest?.('#login')) window.__benchClickAt = performance.timeOrigin + performance.now();
  }, { capture: true });
  return true;
};
const clickStamp = () => window.__benchClickAt ?? null;
const loginPage = () => {
  const kind = document.querySelector('form#login_form') ? 'login' : document.querySelector('form#approval_form') ? 'approve' : null;
  return kind && { kind, navAt: performance.timeOrigin };
};
const resultReady = () => {
  const copy = document.getElementById('copy');
  const ready = /-extension:$/.test(location.protocol) && document.body?.dataset.ready === 'true' && !!copy && copy.offsetParent !== null;
  if (!ready) return false;
  // The code exchange's own time (the wasm action: request built, sent, answered, read), as the page marked it.
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
  const sent = mark('sftoken:exchange-sent');
  const answered = mark('sftoken:exchange-answered');
  const exchangeMs = sent !== null && answered !== null ? answered - sent : null;
  return { navAt: performance.timeOrigin, seenAt: performance.timeOrigin + performance.now(), exchangeMs };
};
const watchCopied = () => {
  const status = document.getElementById('copy-status');
  new MutationObserver(() => {
    if (!window.__benchCopiedAt && status.textContent.includes('copied')) window.__benchCopiedAt = performance.timeOrigin + performance.now();
  }).observe(status, { childList: true, characterData: true, subtree: true });
  return true;
};
const copiedStamp = () => window.__benchCopiedAt ?? null;

/**
 * One login, from a fresh emulator session. Returns {ms, form, parts}: parts split the time at the login page's
 * and the result page's navigation starts (all stamps are the browser's own clock, performance.timeOrigin-based).
 */
async function flowOnce(browser, emulator, user) {
  emulator.reset(); // forget sessions: the login form shows (the browser's old `sid` cookie is no longer valid)
  const popup = await browser.openExtensionPage('popup.html');
  await waitInTab(popup, popupReady, null, { what: 'the popup' });
  await popup.evaluate(prepareRun);
  const next = browser.nextTab();
  await popup.click('Log in');
  const tab = await next;
  const { kind, navAt: loginNavAt } = await waitInTab(tab, loginPage, null, { what: 'the Salesforce login or approval page' });
  if (kind === 'login') {
    await tab.fill('Username', user.username);
    await tab.fill('Password', user.password);
    await tab.click('Log In');
  }
  await tab.click('Allow');
  const result = await waitInTab(tab, resultReady, null, { what: 'the result page with its token' });
  await tab.evaluate(watchCopied);
  await tab.click('Copy access token');
  const copiedAt = await waitInTab(tab, copiedStamp, null, { what: 'the token to reach the clipboard' });
  const clickAt = await popup.evaluate(clickStamp);
  const clipboard = await tab.readClipboard();
  const issued = emulator.log().filter((r) => r.path === '/services/oauth2/token' && r.status === 200).map((r) => JSON.parse(r.responseBody).access_token);
  if (issued.length !== 1 || clipboard !== issued[0]) {
    const seen = typeof clipboard === 'string' ? `${clipboard.length} characters` : JSON.stringify(clipboard);
    throw new Error(`${browser.name}: the clipboard (${seen}) does not hold the one issued token (${issued.length} issued)`);
  }
  if (typeof clickAt !== 'number') throw new Error(`${browser.name}: the "Log in" click was not seen`);
  await closeTab(tab);
  await closeTab(popup);
  return {
    ms: copiedAt - clickAt,
    form: kind === 'login',
    parts: {
      clickToLoginPage: loginNavAt - clickAt, // sftoken starts the login, the browser opens the tab
      loginPageToResultPage: result.navAt - loginNavAt, // emulator pages answered by the benchmark, callback caught
      resultPageToTokenSeen: result.seenAt - result.navAt, // code exchange and render (seen by polling)
      // the same without the token request's round trip: what sftoken's page itself costs
      resultPageToTokenSeenLessExchange: result.exchangeMs === null ? null : result.seenAt - result.navAt - result.exchangeMs,
      tokenSeenToClipboard: copiedAt - result.seenAt, // the benchmark clicks "Copy", the clipboard write resolves
    },
  };
}

export async function flowSeries(browser, emulator, { runs, warmup = 1, log = () => {} }) {
  const { publicApp, user } = fixtures(emulator);
  await seedFlowProfile(browser, publicApp.clientId);
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const sample = await flowOnce(browser, emulator, user);
    if (i >= warmup) samples.push(sample);
  }
  log(`${browser.name}: whole flow ×${runs}: ${samples.map((s) => s.ms.toFixed(0)).join(', ')} ms`);
  return { samples };
}
