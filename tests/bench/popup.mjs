// Popup time to interactive: cold page loads of popup.html (a new tab each time) in a browser that is already
// running, with the extension's storage seeded with N profiles and M tokens.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from './stats.mjs';
import { closeTab } from './tabs.mjs';

/** Runs in an extension page: replaces storage.local with `profiles` profiles, `tokens` tokens, a selection. */
async function seedInPage({ profiles, tokens }) {
  const local = (globalThis.browser ?? globalThis.chrome).storage.local;
  await local.clear();
  const pad = (i) => String(i).padStart(4, '0');
  const items = { profiles: {} };
  for (let i = 0; i < profiles; i++) {
    const id = `bench-${pad(i)}`;
    items.profiles[id] = {
      id,
      name: `Bench org ${pad(i)}`,
      loginUrl: i % 3 === 0 ? 'login.salesforce.com' : i % 3 === 1 ? 'test.salesforce.com' : `bench${pad(i)}.my.salesforce.com`,
      clientId: `3MVG9FAKE.bench.client.${pad(i)}.000000000000000000000000000000000000000000000000`,
      clientSecret: '',
      redirectUri: 'https://login.salesforce.com/',
      scopes: 'api refresh_token',
    };
    if (i < tokens) {
      const issuedAt = 1767225600000 + i * 1000;
      items[`token:${id}`] = {
        accessToken: `00D5g000000FAKEEAA!AQ0AQFAKE.${'x'.repeat(88)}${pad(i)}`,
        refreshToken: `5Aep861FAKE${'r'.repeat(70)}${pad(i)}`,
        instanceUrl: 'https://acme.my.salesforce.com',
        id: 'https://login.salesforce.com/id/00D5g000000FAKEEAA/0055g000000FAKEAAA',
        orgId: '00D5g000000FAKEEAA',
        userId: '0055g000000FAKEAAA',
        tokenType: 'Bearer',
        issuedAt,
        scope: 'refresh_token api',
        signatureValid: null,
        receivedAt: issuedAt + 250,
        profileId: id,
      };
    }
  }
  if (profiles) items.selectedProfile = 'bench-0000';
  await local.set(items);
  const all = await local.get(null);
  const stored = Object.keys(all);
  return {
    profiles: Object.keys(all.profiles ?? {}).length,
    tokens: stored.filter((k) => k.startsWith('token:')).length,
  };
}

/** Runs in the popup: waits until it is usable, then reads the navigation entry and sftoken's marks. */
async function readMarksInPage() {
  const deadline = Date.now() + 15000;
  while (document.body?.dataset.ready !== 'true') {
    if (Date.now() > deadline) return { error: `never ready: ${document.getElementById('form-status')?.textContent ?? ''}` };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    navStart: nav ? nav.startTime : 0,
    script: mark('sftoken:script'),
    wasmReady: mark('sftoken:wasm-ready'),
    interactive: mark('sftoken:interactive'),
    loaded: mark('sftoken:loaded'),
    // Optional finer marks (not set by popup.js today): wasm init alone, storage read alone.
    wasmInit: mark('sftoken:wasm-init'),
    storageRead: mark('sftoken:storage-read'),
    // Where the time before the first script goes (navigation timing, ms from navigation start).
    nav: nav ? { responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventStart, load: nav.loadEventStart } : null,
    profileOptions: document.getElementById('profile-select')?.options.length ?? null,
    tokenShown: !document.getElementById('token')?.hidden,
  };
}

export async function seed(browser, counts) {
  const tab = await browser.openExtensionPage('popup.html');
  const stored = await tab.evaluate(seedInPage, counts);
  await closeTab(tab);
  if (stored?.__error) throw new Error(`seeding failed: ${stored.__error}`);
  if (stored.profiles !== counts.profiles || stored.tokens !== counts.tokens) {
    throw new Error(`seeded ${JSON.stringify(stored)}, wanted ${JSON.stringify(counts)}`);
  }
}

/** One cold open: a new tab, navigated to popup.html, timed by its own marks. */
export async function coldOpen(browser, expectedProfiles) {
  const tab = await browser.openExtensionPage('popup.html');
  const m = await tab.evaluate(readMarksInPage);
  await closeTab(tab);
  if (!m || m.error || m.__error) throw new Error(`${browser.name} popup: ${m?.error ?? m?.__error ?? 'no marks'}`);
  for (const name of ['script', 'wasmReady', 'interactive', 'loaded', 'storageRead']) {
    if (typeof m[name] !== 'number') throw new Error(`${browser.name} popup: mark sftoken:${name} missing`);
  }
  // The list shows every stored profile plus "New profile…": proof that the profiles were rendered.
  if (m.profileOptions !== expectedProfiles + 1) {
    throw new Error(`${browser.name} popup shows ${m.profileOptions - 1} profiles, ${expectedProfiles} stored`);
  }
  // popup.js shows its last view, wired (sftoken:interactive), then what storage holds (sftoken:loaded), then loads
  // the wasm core (sftoken:wasm-ready), which the flow's note and the first action need.
  return {
    tti: m.interactive - m.navStart,
    script: m.script - m.navStart,
    render: m.interactive - m.script,
    storage: m.storageRead - m.script,
    loaded: m.loaded - m.navStart,
    ready: m.wasmReady - m.navStart,
    tokenShown: m.tokenShown,
    nav: m.nav,
  };
}

/**
 * Seeds, opens once to warm up (not counted), then `runs` cold opens, each right after a cold open of the empty page
 * (floorOpen): `overFloor` is the popup's time to interactive minus the empty page's just before it, so that a machine
 * whose speed drifts during the series (other work on it) compares like with like.
 */
export async function popupSeries(browser, { profiles, tokens, runs, warmup = 1, log = () => {} }) {
  await seed(browser, { profiles, tokens });
  const samples = [];
  const discarded = [];
  for (let i = 0; i < warmup + runs; i++) {
    const floor = await floorOpen(browser);
    const sample = { ...(await coldOpen(browser, profiles)), floor };
    sample.overFloor = sample.tti - floor;
    (i < warmup ? discarded : samples).push(sample);
  }
  log(`${browser.name}: ${profiles} profiles, ${tokens} tokens: ${runs} opens, median TTI ${summarize(samples.map((s) => s.tti)).median.toFixed(1)} ms`);
  return { samples, discarded };
}

// ---- the browser's own floor: an empty extension page whose only script is one line ----

const FLOOR_PAGE = 'bench-floor.html';

/**
 * Copies an extension build to a temporary directory and adds an empty page with a one-line module script, so
 * that the benchmark can show how much of the popup's time is the browser's own (new tab, extension page, module
 * script). The popup's files are the build's, byte for byte. Returns {dir, remove()}.
 */
export function withFloorPage(extensionDir) {
  const dir = mkdtempSync(join(tmpdir(), 'sftoken-bench-ext-'));
  cpSync(extensionDir, dir, { recursive: true });
  writeFileSync(join(dir, FLOOR_PAGE), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title>' +
    '<script type="module" src="bench-floor.js"></script></head><body></body></html>\n');
  writeFileSync(join(dir, 'bench-floor.js'), "performance.mark('bench:script');\n");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function floorMarkInPage() {
  for (let i = 0; i < 3000 && !performance.getEntriesByName('bench:script', 'mark').length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const nav = performance.getEntriesByType('navigation')[0];
  return { script: performance.getEntriesByName('bench:script', 'mark')[0]?.startTime ?? null, navStart: nav ? nav.startTime : 0 };
}

/** One cold open of the empty page: navigation start → its module script runs (ms). */
async function floorOpen(browser) {
  const tab = await browser.openExtensionPage(FLOOR_PAGE);
  const m = await tab.evaluate(floorMarkInPage);
  await closeTab(tab);
  if (typeof m?.script !== 'number') throw new Error(`${browser.name}: the empty page's script never ran`);
  return m.script - m.navStart;
}

/** Cold opens of the empty page. */
export async function floorSeries(browser, { runs, warmup = 1 }) {
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const ms = await floorOpen(browser);
    if (i >= warmup) samples.push(ms);
  }
  return samples;
}
