// A test-only content script (tools/manifest.mjs adds it to dist/test/ builds only, never to a shipped one): it runs
// exactly where sftoken's content script runs, with the same powers, and tries to read every secret sftoken keeps.
// What it found goes into the page, as JSON in <html data-sftoken-probe>, for tests/e2e/security-scenarios.mjs.
(async () => {
  const ext = globalThis.browser ?? globalThis.chrome;
  const found = {};
  const attempt = async (name, read) => {
    try {
      found[name] = { ok: true, value: await read() };
    } catch (error) {
      found[name] = { ok: false, error: String(error?.message ?? error) };
    }
  };
  await attempt('storage.local', () => ext.storage.local.get(null));
  await attempt('storage.session', () => {
    if (!ext.storage.session) throw new Error('storage.session is not exposed here');
    return ext.storage.session.get(null);
  });
  // A content script's indexedDB is the page's origin's, not the extension's: try the vault's name all the same.
  await attempt('indexedDB', () => new Promise((resolve, reject) => {
    const request = indexedDB.open('sftoken-vault');
    request.onsuccess = () => {
      const db = request.result;
      const stores = [...db.objectStoreNames];
      if (!stores.length) {
        db.close();
        resolve({ origin: location.origin, stores });
        return;
      }
      const tx = db.transaction(stores, 'readonly');
      const dump = {};
      for (const store of stores) {
        const all = tx.objectStore(store).getAll();
        all.onsuccess = () => (dump[store] = all.result);
      }
      tx.oncomplete = () => {
        db.close();
        resolve({ origin: location.origin, stores, dump });
      };
      tx.onerror = () => reject(tx.error);
    };
    request.onerror = () => reject(request.error);
  }));
  await attempt('databases', async () => (indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : 'n/a'));
  document.documentElement.setAttribute('data-sftoken-probe', JSON.stringify({ at: location.href, found }));
})();
