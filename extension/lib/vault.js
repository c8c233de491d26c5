// @ts-check
// The vault: the extension origin's IndexedDB, where sftoken keeps what must not sit in storage.local — a profile's
// consumer secret and JWT private key, and every token. storage.local is readable by the extension's own content
// scripts, which run on Salesforce pages, Experience Cloud sites included; IndexedDB is per origin, and a content
// script's `indexedDB` is the page's, never the extension's (tests/e2e/security-scenarios.mjs shows both).
// Extension pages, Chrome's service worker and Firefox's background page all open the same database.
//
// Plain IndexedDB, not encrypted with a WebCrypto key kept beside it: a non-extractable key stored in the same
// database is written to the same disk, so it would protect against nobody who can read the database, and it costs
// a decrypt on every popup start (SECURITY.md; numbers in tests/e2e/vault-bench.mjs).
//
//   database sftoken-vault, version 1
//     secrets   profile id → {clientSecret, privateKeyPem}
//     tokens    profile id → the stored token (lib/store.js StoredToken)
//     meta      'migrated' → the id of lib/store.js's migration run, written with what it moved

const NAME = 'sftoken-vault';
const VERSION = 1;
/** @typedef {'secrets' | 'tokens' | 'meta'} StoreName */
/** @type {StoreName[]} */
export const STORES = ['secrets', 'tokens', 'meta'];

/** @type {Promise<IDBDatabase> | null} */
let opening = null;

/**
 * The open database, opened once per context (a page, the background). Call it early to overlap the open with other
 * reads: lib/store.js does, on its first call.
 * @returns {Promise<IDBDatabase>}
 */
export function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      for (const store of STORES) {
        if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // A later version elsewhere (an update): let it upgrade, reopen on the next call.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('sftoken: the vault (IndexedDB) could not be opened'));
    request.onblocked = () => reject(new Error('sftoken: the vault (IndexedDB) is blocked by another page'));
  });
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

/**
 * Runs `body` in one transaction and resolves with what it returns once the transaction has committed.
 * @template T
 * @param {StoreName[]} stores
 * @param {IDBTransactionMode} mode
 * @param {(tx: IDBTransaction) => () => T} body returns a getter, read after the commit
 * @returns {Promise<T>}
 */
async function inTransaction(stores, mode, body) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    const result = body(tx);
    tx.oncomplete = () => resolve(result());
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('sftoken: a vault transaction was aborted'));
  });
}

/**
 * @param {StoreName} store
 * @param {string} key
 * @returns {Promise<any>} the value, or null
 */
export function get(store, key) {
  return inTransaction([store], 'readonly', (tx) => {
    const request = tx.objectStore(store).get(key);
    return () => request.result ?? null;
  });
}

/**
 * Every entry of a store.
 * @param {StoreName} store
 * @returns {Promise<Map<string, any>>}
 */
export function entries(store) {
  return inTransaction([store], 'readonly', (tx) => {
    const keys = tx.objectStore(store).getAllKeys();
    const values = tx.objectStore(store).getAll();
    return () => new Map(keys.result.map((key, i) => [String(key), values.result[i]]));
  });
}

/**
 * Every secret, and whether the migration's write had happened when they were read (one transaction): lib/store.js
 * reads them at the same time as storage.local, and reads again only if the migration had not been written yet.
 * @returns {Promise<{secrets: Map<string, any>, migrated: string | null}>}
 */
export function secretsSnapshot() {
  return inTransaction(['secrets', 'meta'], 'readonly', (tx) => {
    const keys = tx.objectStore('secrets').getAllKeys();
    const values = tx.objectStore('secrets').getAll();
    const migrated = tx.objectStore('meta').get('migrated');
    return () => ({
      secrets: new Map(keys.result.map((key, i) => [String(key), values.result[i]])),
      migrated: migrated.result ?? null,
    });
  });
}

/**
 * @param {StoreName} store
 * @param {string} key
 * @param {any} value
 * @returns {Promise<void>}
 */
export function put(store, key, value) {
  return inTransaction([store], 'readwrite', (tx) => {
    tx.objectStore(store).put(value, key);
    return () => {};
  });
}

/**
 * Deletes `key` from each store, in one transaction.
 * @param {StoreName[]} stores
 * @param {string} key
 * @returns {Promise<void>}
 */
export function remove(stores, key) {
  return inTransaction(stores, 'readwrite', (tx) => {
    for (const store of stores) tx.objectStore(store).delete(key);
    return () => {};
  });
}

/**
 * Writes every entry of `batch` and of `meta`, all in one transaction (lib/store.js's migration).
 * @param {Partial<Record<StoreName, [string, any][]>>} batch
 * @param {Record<string, any>} [meta]
 * @returns {Promise<void>}
 */
export function putAll(batch, meta = {}) {
  const stores = /** @type {StoreName[]} */ ([...new Set([...Object.keys(batch), 'meta'])]);
  return inTransaction(stores, 'readwrite', (tx) => {
    for (const [key, value] of Object.entries(meta)) tx.objectStore('meta').put(value, key);
    for (const store of /** @type {StoreName[]} */ (Object.keys(batch))) {
      for (const [key, value] of batch[store] ?? []) tx.objectStore(store).put(value, key);
    }
    return () => {};
  });
}
