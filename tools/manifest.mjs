// Writes one browser's manifest.json from the single source extension/manifest.json.
// usage: node tools/manifest.mjs <chrome|firefox> <out.json> [--test]
//   chrome:  drops background.scripts and browser_specific_settings (Chrome ignores both, but warns).
//   firefox: drops background.service_worker (Firefox MV3 runs background.scripts as an event page).
//   --test:  adds clipboardRead, so end-to-end tests can read back what "Copy access token" wrote.
//            Never shipped: only dist/test/ gets it.
import { readFileSync, writeFileSync } from 'node:fs';

const [browser, out, flag] = process.argv.slice(2);
const source = new URL('../extension/manifest.json', import.meta.url);
const manifest = JSON.parse(readFileSync(source, 'utf8'));
const cargo = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
manifest.version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1];

if (browser === 'chrome') {
  delete manifest.background.scripts;
  delete manifest.browser_specific_settings;
} else if (browser === 'firefox') {
  delete manifest.background.service_worker;
} else {
  throw new Error(`unknown browser "${browser}": use chrome or firefox`);
}
if (flag === '--test') manifest.permissions = [...manifest.permissions, 'clipboardRead'];
writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
