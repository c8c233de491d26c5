// Writes one browser's manifest.json from the single source extension/manifest.json.
// usage: node tools/manifest.mjs <chrome|firefox> <out.json> [--test]
//   both:    content_scripts[0].matches from extension/callback-hosts.json (contentScript: the hosts where a login's
//            callback can be caught; the core validates a profile's Callback URL against the same table), checked to
//            be covered by host_permissions (and whenGranted by optional_host_permissions).
//   chrome:  drops background.scripts and browser_specific_settings (Chrome ignores both, but warns).
//   firefox: drops background.service_worker (Firefox MV3 runs background.scripts as an event page).
//   --test:  adds clipboardRead, so end-to-end tests can read back what "Copy access token" wrote, and a second
//            content script, test-probe.js (copied from tests/e2e/), on the same hosts: what code running as the
//            content script can read (tests/e2e/security-scenarios.mjs). Never shipped: only dist/test/ gets them.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [browser, out, flag] = process.argv.slice(2);
const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
let manifest = JSON.parse(read('../extension/manifest.json'));
const callbackHosts = JSON.parse(read('../extension/callback-hosts.json'));
// The version lives in one place, Cargo.toml's [package] version (tests/package/version.test.mjs checks it).
if ('version' in manifest) throw new Error('extension/manifest.json: no "version" here: it is Cargo.toml\'s [package] version');
const { manifest_version: manifestVersion, name, short_name: shortName, ...rest } = manifest;
manifest = { manifest_version: manifestVersion, name, short_name: shortName, version: packageVersion(read('../Cargo.toml')), ...rest };

/** `version` of Cargo.toml's [package] table (not of a dependency's). */
function packageVersion(cargoToml) {
  const table = /^\[package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(cargoToml)?.[1] ?? '';
  const version = /^version\s*=\s*"([^"]+)"\s*$/m.exec(table)?.[1];
  if (!version) throw new Error('Cargo.toml: no [package] version');
  return version;
}

// A match pattern's host part covers a host: the same, or `*.x` covering x's subdomains.
const covers = (patternHost, host) =>
  patternHost === host || (patternHost.startsWith('*.') && (host.slice(2) === patternHost.slice(2) || host.endsWith(patternHost.slice(1))));
const hostOf = (pattern) => /^https:\/\/([^/]+)\/\*$/.exec(pattern)?.[1];
function requireCovered(hosts, patterns, what) {
  for (const host of hosts) {
    if (!patterns.some((p) => hostOf(p) && covers(hostOf(p), host))) {
      throw new Error(`callback host ${host} is not covered by the manifest's ${what}`);
    }
  }
}
const [script, ...otherScripts] = manifest.content_scripts;
if (script.matches || otherScripts.length) throw new Error('extension/manifest.json: the content script\'s matches come from callback-hosts.json');
manifest.content_scripts[0] = { matches: callbackHosts.contentScript.map((host) => `https://${host}/*`), ...script };
requireCovered(callbackHosts.contentScript, manifest.host_permissions, 'host_permissions');
requireCovered(callbackHosts.whenGranted, manifest.optional_host_permissions, 'optional_host_permissions');

if (browser === 'chrome') {
  delete manifest.background.scripts;
  delete manifest.browser_specific_settings;
} else if (browser === 'firefox') {
  delete manifest.background.service_worker;
} else {
  throw new Error(`unknown browser "${browser}": use chrome or firefox`);
}
if (flag === '--test') {
  manifest.permissions = [...manifest.permissions, 'clipboardRead'];
  manifest.content_scripts.push({ matches: manifest.content_scripts[0].matches, js: ['test-probe.js'], run_at: 'document_idle' });
  copyFileSync(new URL('../tests/e2e/test-probe.js', import.meta.url), join(dirname(out), 'test-probe.js'));
}
writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
// build.sh copies extension/ whole; the table is built into the manifest and the wasm core, not read at run time.
rmSync(join(dirname(out), 'callback-hosts.json'), { force: true });
