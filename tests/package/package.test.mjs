// Store packages: the version lives in one place, and the zips are reproducible (node --test tests/package/).
// `./build.sh package` also builds the extension a second time from scratch and compares the zips' hashes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path) => readFileSync(join(root, path), 'utf8');

/** Cargo.toml's [package] version: the one place the version is written. */
function cargoVersion() {
  const table = read('Cargo.toml').split(/^\[/m).find((t) => t.startsWith('package]'));
  return /^version\s*=\s*"([^"]+)"/m.exec(table)[1];
}

test('the version is written once, in Cargo.toml: extension/manifest.json has none', () => {
  assert.match(cargoVersion(), /^\d+\.\d+\.\d+$/, 'a store version: numbers and dots');
  assert.equal('version' in JSON.parse(read('extension/manifest.json')), false, 'extension/manifest.json repeats the version');
});

test('Cargo.lock agrees with Cargo.toml on the version', () => {
  const lock = /\nname = "sftoken"\nversion = "([^"]+)"/.exec(read('Cargo.lock'))?.[1];
  assert.equal(lock, cargoVersion());
});

test('tools/manifest.mjs writes Cargo.toml\'s version into both browsers\' manifests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sftoken-manifest-'));
  try {
    for (const browser of ['chrome', 'firefox']) {
      const out = join(dir, `${browser}.json`);
      execFileSync('node', [join(root, 'tools/manifest.mjs'), browser, out]);
      assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, cargoVersion(), browser);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tools/package.py zips byte-identically whatever the files\' times and creation order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sftoken-zip-'));
  try {
    const tree = (name, files, time) => {
      for (const [path, text] of files) {
        mkdirSync(join(dir, name, path, '..'), { recursive: true });
        writeFileSync(join(dir, name, path), text);
        utimesSync(join(dir, name, path), time, time);
      }
    };
    const files = [['manifest.json', '{}\n'], ['lib/a.js', 'a\n'], ['pkg/b.wasm', 'b'], ['popup.html', '<!doctype html>\n']];
    tree('one', files, new Date('2026-01-02T03:04:05Z'));
    tree('two', [...files].reverse(), new Date('2030-06-07T08:09:10Z'));
    const zip = (name) => {
      execFileSync('python3', [join(root, 'tools/package.py'), join(dir, name), join(dir, `${name}.zip`)]);
      return readFileSync(join(dir, `${name}.zip`));
    };
    const one = zip('one');
    assert.ok(one.equals(zip('two')), 'the two zips differ');
    const names = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print("\\n".join(f"{i.filename} {i.date_time} {oct(i.external_attr >> 16)}" for i in z.infolist()))', join(dir, 'one.zip')], { encoding: 'utf8' });
    assert.deepEqual(names.trim().split('\n'), [
      'lib/a.js (2020, 1, 1, 0, 0, 0) 0o644',
      'manifest.json (2020, 1, 1, 0, 0, 0) 0o644',
      'pkg/b.wasm (2020, 1, 1, 0, 0, 0) 0o644',
      'popup.html (2020, 1, 1, 0, 0, 0) 0o644',
    ], 'sorted, at the root, one fixed time, one mode');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
