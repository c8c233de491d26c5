// Issue 12: profiles at scale (search, keyboard, environment marks, token states, Duplicate) and shared (Export /
// Import profiles, the profiles/1 file), and the stored format's version across an update. Written once for every
// browser: storage is seeded through the extension's own lib/store.js, a chosen file is handed to the page's file
// input as a person's file picker would (a File in a DataTransfer), and an exported file is read back from the blob
// the page offers to save.
import assert from 'node:assert/strict';
import { DEADLINE_MS } from './page-driver.mjs';
import { openPopup } from './scenarios.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const NOW = Date.now();
const HOUR = 3_600_000;

/** Waits until `probe()` (async) returns something truthy; fails with `what()` otherwise. */
async function until(probe, what) {
  for (const deadline = Date.now() + DEADLINE_MS; ;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(typeof what === 'function' ? await what() : what);
    await wait(50);
  }
}

const pad = (i) => String(i).padStart(4, '0');
const LOGIN_URLS = [
  'login.salesforce.com',
  'acme--uat{i}.sandbox.my.salesforce.com',
  'acme{i}-dev-ed.develop.my.salesforce.com',
  'speed-{i}.scratch.my.salesforce.com',
  'acme{i}.my.site.com/partners',
  'acme{i}.my.salesforce.com',
];

/** A profile as the form saves it; `i` picks its environment (LOGIN_URLS, in turn). */
function seededProfile(i, extra = {}) {
  return {
    id: `seed-${pad(i)}`,
    name: `Org ${pad(i)}`,
    flow: 'web_server',
    loginUrl: LOGIN_URLS[i % LOGIN_URLS.length].replace('{i}', pad(i)),
    allowCustomDomain: false,
    clientId: `3MVG9FAKE.e2e.${pad(i)}`,
    clientSecret: '',
    redirectUri: 'https://login.salesforce.com/',
    scopes: 'api refresh_token',
    username: '',
    privateKeyPem: '',
    ...extra,
  };
}

function seededToken(i, { ageMs = 2 * HOUR + 60_000, refresh = true } = {}) {
  return {
    accessToken: `00DFAKE!e2e.access.${pad(i)}`,
    refreshToken: refresh ? `5AepFAKE.e2e.refresh.${pad(i)}` : null,
    instanceUrl: `https://acme${pad(i)}.my.salesforce.com`,
    id: null, orgId: '00D5g000000FAKEEAA', userId: '0055g000000FAKEAAA', tokenType: 'Bearer',
    issuedAt: Date.now() - ageMs, scope: 'api refresh_token', signatureValid: null, idToken: null, sfdcCommunityUrl: null,
    receivedAt: Date.now() - ageMs,
  };
}

/** Stores profiles and tokens through the extension's own store (a popup page), selects the first, closes the page. */
async function seed(browser, { profiles, tokens = [], passwords = [] }) {
  const page = await openPopup(browser);
  const result = await page.evaluate(async ({ profiles, tokens, passwords }) => {
    const store = await import('./lib/store.js');
    await store.profiles.putMany(profiles);
    for (const [id, token] of tokens) await store.tokens.put(id, token);
    for (const [id, typed] of passwords) await store.passwords.put(id, typed);
    await store.selection.put(profiles[0].id);
    return (await store.profiles.all()).length;
  }, { profiles, tokens, passwords });
  assert.equal(result, profiles.length, `seeded ${JSON.stringify(result)}`);
  await page.close();
}

/** Opens the popup and waits until its profile list is built. */
async function popupWithList(browser, count) {
  const popup = await openPopup(browser);
  await popup.waitForText('#profile-list-status', new RegExp(`\\b${count} profiles`));
  return popup;
}

/** What the list shows: one entry per option, its texts. */
const listed = (popup) =>
  popup.evaluate(() =>
    [...document.querySelectorAll('#profile-list [role="option"]')].map((li) => ({
      id: li.dataset.id,
      mark: li.querySelector('.env-mark').textContent,
      name: li.querySelector('.profile-name').textContent,
      host: li.querySelector('.profile-host').textContent,
      token: li.querySelector('.token-state').textContent,
      selected: li.getAttribute('aria-selected') === 'true',
    })),
  );

/** Presses a key in "Search profiles" (the combobox handles keydown). */
const press = (popup, key) =>
  popup.evaluate((key) => {
    const search = document.getElementById('profile-search');
    search.focus();
    search.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    return true;
  }, key);

/** What the extension stores: profiles with their secrets, tokens, storage.local's keys. */
const stored = (page) =>
  page.evaluate(async () => {
    const store = await import('./lib/store.js');
    const local = await (globalThis.browser ?? globalThis.chrome).storage.local.get(null);
    const profiles = (await store.profiles.all()).sort((a, b) => a.id.localeCompare(b.id));
    const tokens = (await store.tokens.all()).sort((a, b) => a.profileId.localeCompare(b.profileId));
    return { profiles, tokens, format: local.format ?? null, localKeys: Object.keys(local).sort() };
  });

/** Opens "Share profiles" (a <details>), as a person clicks its summary. */
const openShare = (popup) =>
  popup.evaluate(() => {
    document.getElementById('profiles-file').open = true;
    return true;
  });

/** Hands a file to "Import profiles" as the file picker would. */
const chooseFile = (popup, name, text) =>
  popup.evaluate(({ name, text }) => {
    const input = document.getElementById('import-file');
    const files = new DataTransfer();
    files.items.add(new File([text], name, { type: 'application/json' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  }, { name, text });

/** The last exported file, read back from the blob the page offers to save. */
const exportedFile = (popup) =>
  popup.evaluate(async () => {
    const link = document.getElementById('export-file');
    return { name: link.download, text: await (await fetch(link.href)).text() };
  });

export const profileScenarios = [
  {
    name: 'Profiles at scale: Search profiles filters 120 profiles by name, host and environment; arrow keys and Enter select; every row shows its environment mark and token state',
    async run(browser) {
      const profiles = Array.from({ length: 120 }, (_, i) => seededProfile(i));
      const tokens = [
        [profiles[1].id, seededToken(1)],
        [profiles[2].id, seededToken(2, { ageMs: 10 * 60_000 + 20_000, refresh: false })],
      ];
      await seed(browser, { profiles, tokens });
      const popup = await popupWithList(browser, 120);
      // Only the first matches are in the page: 120 profiles cost what 50 do.
      assert.equal((await listed(popup)).length, 50);
      assert.match(await popup.text('#profile-list-status'), /Showing the first 50: type to narrow/);

      // Environment: every scratch org, and only those, with the scratch mark.
      await popup.fill('Search profiles', 'scratch');
      await popup.waitForText('#profile-list-status', /20 of 120 profiles match/);
      const scratch = await listed(popup);
      assert.equal(scratch.length, 20);
      assert.ok(scratch.every((row) => row.mark === '✱ Scratch' && row.host.endsWith('.scratch.my.salesforce.com')), JSON.stringify(scratch[0]));

      // Marks and token states: one of each environment.
      await popup.fill('Search profiles', '');
      await popup.waitForText('#profile-list-status', /^120 profiles/);
      const first = Object.fromEntries((await listed(popup)).slice(0, 6).map((row) => [row.name, row]));
      assert.equal(first['Org 0000'].mark, '▲ PRODUCTION');
      assert.equal(first['Org 0000'].token, 'No token');
      assert.equal(first['Org 0001'].mark, '● Sandbox');
      assert.equal(first['Org 0001'].token, 'Token 2 h old · refresh token');
      assert.equal(first['Org 0002'].mark, '◆ Developer');
      assert.equal(first['Org 0002'].token, 'Token 10 min old · no refresh token');
      assert.equal(first['Org 0004'].mark, '■ Site');
      assert.equal(first['Org 0004'].host, 'acme0004.my.site.com/partners');
      assert.equal(first['Org 0005'].mark, '▲ PRODUCTION');

      // The selected profile (production) is marked in the header, with the warning on its actions.
      assert.equal(await popup.text('#profile-env'), '▲ PRODUCTION');
      assert.ok(await popup.visible('#production-warning'), 'production says so');

      // Name and host: two words, both must match; arrow keys move, Enter selects.
      await popup.fill('Search profiles', 'uat0103 org');
      await popup.waitForText('#profile-list-status', /^1 of 120 profiles match/);
      await popup.fill('Search profiles', 'org 010');
      await popup.waitForText('#profile-list-status', /^11 of 120 profiles match/); // Org 0010 and Org 0100–0109
      await press(popup, 'ArrowDown');
      await press(popup, 'ArrowDown');
      const activeId = await popup.evaluate(() => document.getElementById('profile-search').getAttribute('aria-activedescendant'));
      assert.equal(activeId, 'profile-option-1');
      await press(popup, 'ArrowUp');
      await press(popup, 'ArrowUp'); // wraps to the last match
      await press(popup, 'Enter');
      await popup.waitForText('#profile-env', '● Sandbox');
      assert.equal(await popup.evaluate(() => document.getElementById('profile-select').value), 'seed-0109');
      // The form follows the <select>'s change (popup.js reads the profile from storage first).
      await until(async () => (await popup.evaluate(() => document.getElementById('name').value)) === 'Org 0109', 'the form never showed Org 0109');
      assert.equal(await popup.evaluate(() => document.getElementById('login-url').value), 'acme--uat0109.sandbox.my.salesforce.com');
      assert.ok(!(await popup.visible('#production-warning')), 'no production warning on a sandbox');
      assert.ok((await listed(popup)).find((row) => row.id === 'seed-0109').selected);
      // Escape clears the search.
      await press(popup, 'Escape');
      await popup.waitForText('#profile-list-status', /^120 profiles/);
      // The <select> still lists every profile and "New profile…".
      assert.equal(await popup.evaluate(() => document.getElementById('profile-select').options.length), 121);
    },
  },
  {
    name: 'Duplicate copies a profile with its stored secret, without its token or session password',
    async run(browser) {
      const original = seededProfile(1, { name: 'Acme UAT', clientSecret: 'FAKE-consumer-secret-e2e' });
      await seed(browser, { profiles: [original], tokens: [[original.id, seededToken(1)]], passwords: [[original.id, { password: 'FAKE-pass', securityToken: 'FAKE-st' }]] });
      const popup = await popupWithList(browser, 1);
      await popup.waitForText('#token-org', /^00D/);
      await popup.click('Duplicate');
      await popup.waitForText('#form-status', /Duplicated as "Acme UAT \(copy\)", without its token/);
      assert.equal(await popup.evaluate(() => document.getElementById('name').value), 'Acme UAT (copy)');
      assert.ok(!(await popup.visible('#token')), 'the copy has no token to show');
      await popup.waitForText('#profile-list-status', /^2 profiles/);
      const rows = await listed(popup);
      assert.deepEqual(rows.map((r) => [r.name, r.token, r.selected]), [
        ['Acme UAT', 'Token 2 h old · refresh token', false],
        ['Acme UAT (copy)', 'No token', true],
      ]);
      const { profiles, tokens } = await stored(popup);
      const copy = profiles.find((p) => p.name === 'Acme UAT (copy)');
      assert.notEqual(copy.id, original.id);
      assert.equal(copy.clientSecret, 'FAKE-consumer-secret-e2e', 'the stored consumer secret is copied');
      assert.equal(copy.loginUrl, original.loginUrl);
      assert.deepEqual(tokens.map((t) => t.profileId), [original.id], 'only the original has a token');
      assert.equal(await popup.evaluate(async (id) => (await import('./lib/store.js')).passwords.get(id), copy.id), null, 'no session password copied');
      // A token stored for the copy on another page (announced as lib/owner.js does): the list follows.
      await popup.evaluate(async ({ id, token }) => {
        await (await import('./lib/store.js')).tokens.put(id, token);
        new BroadcastChannel('sftoken-tokens').postMessage({ profileId: id });
        return true;
      }, { id: copy.id, token: seededToken(3, { ageMs: 0 }) });
      await until(async () => (await listed(popup)).find((r) => r.id === copy.id)?.token === 'Token just issued · refresh token',
        async () => `the list kept ${JSON.stringify(await listed(popup))}`);
      // A second duplicate gets the next free name.
      await popup.click('Duplicate');
      await popup.waitForText('#form-status', /Duplicated as "Acme UAT \(copy\) \(copy\)"/);
    },
  },
  {
    name: 'Export profiles writes a profiles/1 file without secrets, and with them only when "Include secrets" is ticked, saying so',
    async run(browser) {
      const a = seededProfile(1, { name: 'Acme UAT', clientSecret: 'FAKE-consumer-secret-export' });
      const b = seededProfile(0, { name: 'Acme prod', flow: 'jwt_bearer', username: 'me@acme.example', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nFAKEKEY\n-----END PRIVATE KEY-----' });
      await seed(browser, { profiles: [a, b], tokens: [[a.id, seededToken(1)]] });
      const popup = await popupWithList(browser, 2);
      await openShare(popup);
      assert.match(await popup.text('#export-secrets-note'), /no consumer secret, private key, password or token/);
      await popup.click('Export profiles');
      await popup.waitForText('#profiles-file-status', /Exported sftoken-profiles\.json: 2 profiles, without secrets/);
      const plain = await exportedFile(popup);
      assert.equal(plain.name, 'sftoken-profiles.json');
      const file = JSON.parse(plain.text);
      assert.equal(file.sftoken, 'profiles/1');
      assert.equal(file.secrets, false);
      assert.deepEqual(file.profiles.map((p) => p.name).sort(), ['Acme UAT', 'Acme prod']);
      assert.equal(file.profiles.find((p) => p.name === 'Acme prod').username, 'me@acme.example');
      for (const secret of ['FAKE-consumer-secret-export', 'FAKEKEY', 'e2e.access', 'e2e.refresh']) assert.ok(!plain.text.includes(secret), `no ${secret}`);
      assert.ok(!('id' in file.profiles[0]), 'local ids do not travel');

      await popup.check('Include secrets');
      assert.match(await popup.text('#export-secrets-note'), /in plain text/);
      await popup.click('Export profiles');
      await popup.waitForText('#profiles-file-status', /WITH SECRETS: the file holds 1 consumer secret and 1 JWT private key in plain text/);
      const secret = await exportedFile(popup);
      assert.equal(secret.name, 'sftoken-profiles-WITH-SECRETS.json');
      const withSecrets = JSON.parse(secret.text);
      assert.equal(withSecrets.secrets, true);
      assert.equal(withSecrets.profiles.find((p) => p.name === 'Acme UAT').clientSecret, 'FAKE-consumer-secret-export');
      assert.match(withSecrets.profiles.find((p) => p.name === 'Acme prod').privateKeyPem, /FAKEKEY/);
      for (const token of ['e2e.access', 'e2e.refresh']) assert.ok(!secret.text.includes(token), 'tokens are never exported');
    },
  },
  {
    name: 'Import profiles shows what will be added and updated (matched by login host + consumer key), then applies it all',
    async run(browser) {
      const a = seededProfile(1, { name: 'Acme UAT', clientSecret: 'FAKE-secret-kept' });
      await seed(browser, { profiles: [a], tokens: [[a.id, seededToken(1)]] });
      const popup = await popupWithList(browser, 1);
      await openShare(popup);
      const file = {
        sftoken: 'profiles/1', exportedAt: NOW, secrets: true,
        profiles: [
          // The same app on the same host (typed differently): an update, its stored secret kept.
          { name: 'Acme UAT', flow: 'web_server', loginUrl: `https://${a.loginUrl}/`, allowCustomDomain: false, clientId: a.clientId, redirectUri: a.redirectUri, scopes: 'api', username: '', certificatePem: null, sessionOnly: false, clientSecret: null, privateKeyPem: null },
          // The same app in another sandbox: an addition, with its secret.
          { name: 'Acme QA', flow: 'web_server', loginUrl: 'acme--qa.sandbox.my.salesforce.com', allowCustomDomain: false, clientId: a.clientId, redirectUri: a.redirectUri, scopes: 'api refresh_token', username: '', certificatePem: null, sessionOnly: false, clientSecret: 'FAKE-secret-qa', privateKeyPem: null },
        ],
      };
      await chooseFile(popup, 'team.json', JSON.stringify(file));
      await popup.waitForText('#import-summary', /1 to add, 1 to update, 0 already the same\. The file carries secrets/);
      assert.match(await popup.text('#import-title'), /Import team\.json\?/);
      const changes = await popup.text('#import-changes');
      assert.match(changes, /Add: Acme QA — acme--qa\.sandbox\.my\.salesforce\.com/);
      assert.match(changes, /Update: Acme UAT — Login URL, Scopes/);
      assert.equal((await stored(popup)).profiles.length, 1, 'nothing changes before "Import all"');
      await popup.click('Import all');
      await popup.waitForText('#profiles-file-status', /Imported: 1 added, 1 updated/);
      await popup.waitForText('#profile-list-status', /^2 profiles/);
      assert.ok(!(await popup.visible('#import-preview')));
      const after = await stored(popup);
      const uat = after.profiles.find((p) => p.id === a.id);
      assert.equal(uat.scopes, 'api');
      assert.equal(uat.clientSecret, 'FAKE-secret-kept', 'an update without a secret keeps the stored one');
      const qa = after.profiles.find((p) => p.name === 'Acme QA');
      assert.equal(qa.clientSecret, 'FAKE-secret-qa');
      assert.deepEqual(after.tokens.map((t) => t.profileId), [a.id], 'the token stays with its profile');
      assert.equal(after.format, 'profiles/1');
      assert.match(await popup.text('#profile-select'), /Acme QA/);
      const rows = await listed(popup);
      assert.deepEqual(rows.map((r) => [r.name, r.mark]), [['Acme QA', '● Sandbox'], ['Acme UAT', '● Sandbox']]);
    },
  },
  {
    name: 'Import profiles refuses a damaged, a foreign and a newer-schema file, and a file with one bad profile, changing nothing',
    async run(browser) {
      const a = seededProfile(5, { name: 'Acme prod', clientSecret: 'FAKE-secret-untouched' });
      await seed(browser, { profiles: [a], tokens: [[a.id, seededToken(5)]] });
      const popup = await popupWithList(browser, 1);
      await openShare(popup);
      const before = await stored(popup);
      const good = { name: 'New', loginUrl: 'acme--x.sandbox.my.salesforce.com', clientId: '3MVGnew' };
      for (const [name, text, expected] of [
        ['cut.json', '{"sftoken": "profiles/1", "profiles": [{"name": "Acme', /cut\.json was not imported: This file is damaged: it is not valid JSON/],
        ['postman.json', JSON.stringify({ name: 'Postman environment', values: [] }), /postman\.json was not imported: This is not an sftoken profiles file/],
        ['future.json', JSON.stringify({ sftoken: 'profiles/2', profiles: [good] }), /future\.json was not imported: This profiles file was written by a newer sftoken \(schema profiles\/2\).*Update sftoken/],
        ['mixed.json', JSON.stringify({ sftoken: 'profiles/1', profiles: [good, { name: 'Evil', loginUrl: 'https://evil.example.com', clientId: '3MVGevil' }] }), /mixed\.json was not imported: Profile 2 \("Evil"\) in the file: evil\.example\.com is not a Salesforce login host/],
      ]) {
        await chooseFile(popup, name, text);
        await popup.waitForText('#profiles-file-status', expected);
        assert.match(await popup.text('#profiles-file-status'), /Nothing was changed\.$/);
        assert.ok(!(await popup.visible('#import-preview')), `no preview for ${name}`);
      }
      assert.deepEqual(await stored(popup), before, 'storage is exactly as it was');
      assert.equal((await listed(popup)).length, 1);
    },
  },
  {
    name: 'Stored profiles: an update from today\'s format and from 0.1\'s keeps every profile, secret and token, and stamps profiles/1',
    async run(browser) {
      // Today's format, as the previous release left it: profiles without secrets, the vault marker, secrets and
      // tokens in the vault, and no format stamp.
      const page = await openPopup(browser);
      const today = seededProfile(1, { name: 'Today UAT' });
      await page.evaluate(async ({ profile, token }) => {
        const local = (globalThis.browser ?? globalThis.chrome).storage.local;
        const vault = await import('./lib/vault.js');
        await local.clear();
        await vault.put('secrets', profile.id, { clientSecret: 'FAKE-today-secret', privateKeyPem: '' });
        await vault.put('tokens', profile.id, { ...token, profileId: profile.id });
        await vault.put('meta', 'migrated', 'run-today');
        await local.set({ profiles: { [profile.id]: profile }, vault: { version: 1, run: 'run-today' }, selectedProfile: profile.id });
        return true;
      }, { profile: { ...today, clientSecret: undefined, privateKeyPem: undefined }, token: seededToken(1) });
      await page.close();
      let popup = await popupWithList(browser, 1);
      let now = await stored(popup);
      assert.equal(now.format, 'profiles/1', 'stamped');
      assert.equal(now.profiles[0].name, 'Today UAT');
      assert.equal(now.profiles[0].clientSecret, 'FAKE-today-secret');
      assert.equal(now.tokens[0].accessToken, seededToken(1).accessToken);
      assert.equal(now.tokens[0].refreshToken, seededToken(1).refreshToken);
      await popup.waitForText('#token-org', /^00D/);
      assert.match((await listed(popup))[0].token, /Token 2 h old · refresh token/);

      // 0.1: secrets inside the profiles and token:<id> keys, all in storage.local, no vault marker.
      const old = seededProfile(2, { name: 'Old dev', clientSecret: 'FAKE-0.1-secret' });
      await popup.evaluate(async ({ profile, token }) => {
        const local = (globalThis.browser ?? globalThis.chrome).storage.local;
        await local.clear();
        await local.set({ profiles: { [profile.id]: profile }, [`token:${profile.id}`]: { ...token, profileId: profile.id }, selectedProfile: profile.id });
        return true;
      }, { profile: old, token: seededToken(2) });
      await popup.close();
      popup = await popupWithList(browser, 1);
      now = await stored(popup);
      assert.equal(now.format, 'profiles/1');
      assert.deepEqual(now.profiles.map((p) => [p.name, p.clientSecret]), [['Old dev', 'FAKE-0.1-secret']]);
      assert.ok(now.tokens.some((t) => t.profileId === old.id && t.accessToken === seededToken(2).accessToken));
      assert.ok(!now.localKeys.some((key) => key.startsWith('token:')), 'no token left in storage.local');
      const local = await popup.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('profiles')).profiles);
      assert.equal(Object.values(local)[0].clientSecret, undefined, 'no secret left in storage.local');

      // A newer sftoken's stamp: this version changes nothing (a downgrade never rewrites what it cannot read).
      await popup.evaluate(async () => {
        await (globalThis.browser ?? globalThis.chrome).storage.local.set({ format: 'profiles/2' });
        return true;
      });
      await popup.close();
      popup = await popupWithList(browser, 1);
      await popup.click('Duplicate');
      await popup.waitForText('#form-status', /written by a newer sftoken; this version writes profiles\/1 and changes nothing/);
      assert.equal((await stored(popup)).profiles.length, 1);
    },
  },
];
