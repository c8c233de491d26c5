// The store folder (store/): the listing text agrees with the manifest, every permission is justified, and the
// pictures are there at the sizes the stores take (node --test tests/package/). ./build.sh screenshots remakes them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path) => readFileSync(join(root, path), 'utf8');
const manifest = JSON.parse(read('extension/manifest.json'));
const listing = read('store/listing.md');

/** The text under a "## heading" of listing.md, up to the next heading. */
function section(heading) {
  const at = listing.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(at, `store/listing.md has no "## ${heading}" section`);
  return at.slice(at.indexOf('\n') + 1).trim();
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(path) {
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${path} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the listing\'s name and short description are the manifest\'s, and fit the Chrome Web Store (132 characters)', () => {
  assert.equal(section('Name'), manifest.name);
  const short = section('Short description');
  assert.equal(short, manifest.description);
  assert.ok(short.length <= 132, `the short description is ${short.length} characters`);
});

test('every permission and host the manifest asks for is justified in the listing', () => {
  const justified = section('Permissions, and why');
  for (const item of [...manifest.permissions, ...manifest.host_permissions, ...manifest.optional_host_permissions]) {
    assert.ok(justified.includes(`\`${item}\``), `store/listing.md does not justify ${item}`);
  }
});

test('the store pictures are 1280×800, in light and dark, each with its page-sized picture for the README', () => {
  const store = join(root, 'store/screenshots/store');
  const pictures = readdirSync(store).filter((f) => f.endsWith('.png'));
  assert.ok(pictures.length >= 6, 'at least the popup, the result page and an explained error, light and dark');
  for (const file of pictures) {
    assert.deepEqual(pngSize(join(store, file)), { width: 1280, height: 800 }, file);
    assert.ok(existsSync(join(root, 'store/screenshots', file)), `store/screenshots/${file} (the README's) is missing`);
    const other = file.replace(/-(light|dark)\.png$/, (_, scheme) => `-${scheme === 'light' ? 'dark' : 'light'}.png`);
    assert.ok(pictures.includes(other), `${file} has no ${other}`);
  }
});

test('every picture the README shows exists', () => {
  const shown = [...read('README.md').matchAll(/src="(store\/screenshots\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(shown.length >= 6, 'the README shows the pictures');
  for (const path of shown) assert.ok(existsSync(join(root, path)), `README.md shows ${path}, which does not exist`);
});
