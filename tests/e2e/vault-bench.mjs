// The popup's start-up reads, measured in a real browser (not part of the suite; numbers quoted in SECURITY.md):
//   old     0.1's layout: profiles, the selection and one token, all in storage.local
//   vault   lib/store.js as shipped: storage.local (profiles without secrets, selection) + the extension origin's
//           IndexedDB (secrets, token) + storage.session, migration check included
//   crypto  the alternative not taken: the same reads, with the secrets and token AES-GCM encrypted under a
//           non-extractable WebCrypto key kept in IndexedDB, and decrypted on every start
// Each run in a fresh tab (a cold JavaScript context and IndexedDB connection), 5 profiles with a secret and a token.
// usage: node tests/e2e/vault-bench.mjs [chromium|firefox] [runs]   (after ./build.sh build; firefox needs port 443)
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/server.mjs';

const [which = 'chromium', runsArg = '25'] = process.argv.slice(2);
const runs = Number(runsArg);
const dir = (b) => fileURLToPath(new URL(`../../dist/test/${b}`, import.meta.url));
const emulator = await startEmulator({ port: which === 'firefox' ? 443 : 0 });
const browser = which === 'firefox'
  ? await (await import('./firefox.mjs')).launchFirefox({ extensionDir: dir('firefox'), emulatorPort: emulator.port })
  : await (await import('./chromium.mjs')).launchChromium({ extensionDir: dir('chrome'), emulatorPort: emulator.port });

try {
  const setup = await browser.openExtensionPage('popup.css');
  await setup.evaluate(async () => {
    const ext = globalThis.browser ?? globalThis.chrome;
    const store = await import(ext.runtime.getURL('lib/store.js'));
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const seal = async (value) => {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value))) };
    };
    const old = {};
    const sealed = {};
    for (let i = 0; i < 5; i++) {
      const id = `bench-${i}`;
      const profile = { id, name: `Bench ${i}`, flow: 'web_server', loginUrl: 'login.salesforce.com', allowCustomDomain: false,
        clientId: `3MVG9${'x'.repeat(80)}${i}`, clientSecret: `SECRET${'s'.repeat(58)}${i}`, redirectUri: 'https://login.salesforce.com/',
        scopes: 'api refresh_token', username: '', privateKeyPem: i === 0 ? `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(1600)}\n-----END PRIVATE KEY-----\n` : '' };
      const token = { accessToken: `00D5g000000FAKE!${'t'.repeat(100)}${i}`, refreshToken: `5Aep${'r'.repeat(80)}${i}`,
        instanceUrl: 'https://acme.my.salesforce.com', id: 'https://login.salesforce.com/id/00D/005', issuedAt: Date.now(), scope: 'api refresh_token',
        tokenType: 'Bearer', signatureValid: true, profileId: id, receivedAt: Date.now() };
      await store.profiles.put(profile);
      await store.tokens.put(id, token);
      old[id] = profile;
      old[`old:token:${id}`] = token;
      sealed[id] = await seal({ clientSecret: profile.clientSecret, privateKeyPem: profile.privateKeyPem });
      sealed[`token:${id}`] = await seal(token);
    }
    await store.selection.put('bench-0');
    const profiles = Object.fromEntries(Object.entries(old).filter(([k]) => !k.startsWith('old:')));
    await ext.storage.local.set({ 'old:profiles': profiles, ...Object.fromEntries(Object.entries(old).filter(([k]) => k.startsWith('old:'))) });
    await new Promise((resolve, reject) => {
      const request = indexedDB.open('bench-crypto', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('sealed');
      request.onsuccess = () => {
        const tx = request.result.transaction('sealed', 'readwrite');
        tx.objectStore('sealed').put(key, 'key');
        for (const [k, v] of Object.entries(sealed)) tx.objectStore('sealed').put(v, k);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      };
    });
  });
  await setup.close();

  const measure = {
    old: async () => {
      const ext = globalThis.browser ?? globalThis.chrome;
      const t = performance.now();
      const [{ 'old:profiles': profiles }, { selectedProfile }] = await Promise.all([ext.storage.local.get('old:profiles'), ext.storage.local.get('selectedProfile')]);
      const token = (await ext.storage.local.get(`old:token:${selectedProfile}`))[`old:token:${selectedProfile}`];
      if (!profiles[selectedProfile].clientSecret || !token.accessToken) throw new Error('old: nothing read');
      return performance.now() - t;
    },
    vault: async () => {
      const ext = globalThis.browser ?? globalThis.chrome;
      const store = await import(ext.runtime.getURL('lib/store.js'));
      const t = performance.now();
      const [all, selected] = await Promise.all([store.profiles.all(), store.selection.get()]);
      const token = await store.tokens.get(selected);
      if (!all.find((p) => p.id === selected).clientSecret || !token.accessToken) throw new Error('vault: nothing read');
      return performance.now() - t;
    },
    crypto: async () => {
      const ext = globalThis.browser ?? globalThis.chrome;
      const t = performance.now();
      const open = new Promise((resolve, reject) => {
        const request = indexedDB.open('bench-crypto', 1);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const [{ 'old:profiles': profiles }, { selectedProfile }, db] = await Promise.all([ext.storage.local.get('old:profiles'), ext.storage.local.get('selectedProfile'), open]);
      const got = await new Promise((resolve) => {
        const tx = db.transaction('sealed');
        const out = {};
        for (const k of ['key', ...Object.keys(profiles), `token:${selectedProfile}`]) {
          const r = tx.objectStore('sealed').get(k);
          r.onsuccess = () => (out[k] = r.result);
        }
        tx.oncomplete = () => resolve(out);
      });
      const open1 = (s) => globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.iv }, got.key, s.data).then((b) => JSON.parse(new TextDecoder().decode(b)));
      const [secrets, token] = await Promise.all([Promise.all(Object.keys(profiles).map((id) => open1(got[id]))), open1(got[`token:${selectedProfile}`])]);
      if (!secrets[0].clientSecret || !token.accessToken) throw new Error('crypto: nothing read');
      return performance.now() - t;
    },
  };
  const results = { old: [], vault: [], crypto: [] };
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(measure)) {
      const page = await browser.openExtensionPage('popup.css');
      const ms = await page.evaluate(fn);
      if (typeof ms !== 'number') throw new Error(`${name}: ${JSON.stringify(ms)}`);
      results[name].push(ms);
      await page.close();
    }
  }
  const stat = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)].toFixed(1), p90: s[Math.floor(s.length * 0.9)].toFixed(1) };
  };
  console.log(`${which}, ${runs} cold runs each (ms):`);
  for (const [name, xs] of Object.entries(results)) console.log(`  ${name.padEnd(7)} median ${stat(xs).median}  p90 ${stat(xs).p90}`);
} finally {
  await browser.close();
  await emulator.close();
}
