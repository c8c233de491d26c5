// Size budgets (issue: size and speed). Sizes are deterministic, so they are tests; times are not (see bench).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const dist = new URL('../../dist/', import.meta.url);
const read = (path) => readFileSync(new URL(path, dist));
const KB = 1024;
// What the user's boundary libraries cost, measured (README "Dependencies and what they cost"): one module with
// serde-wasm-bindgen inputs and outputs for ~40 exported shapes, and serde structs for Salesforce's answers, is
// ~151 KB gzip, where the two hand-written-boundary modules were 54 + 50 KB. The budget is that cost plus a little
// room, so that growth is noticed. Issue 11 measured, on top of 149.9 KB: "Try a request" and "Check setup" (the path
// checks, the REST error catalogue, the pretty-printers, the setup checklist) ~+20 KB gzip, and the exports, paste
// and import (seven export formats, six paste kinds) +13.3 KB; each zip grew by about as much. With both and issue 12's
// profiles file: measured in the README's Performance table; the budgets are those figures plus ~5 %.
const WASM_GZIP_BUDGET = 212 * KB;
const ZIP_BUDGET = 345 * KB;

/** The names of a wasm module's custom sections (id 0), read from its section headers. */
function customSections(bytes) {
  const names = [];
  let at = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do { byte = bytes[at++]; result |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
    return result >>> 0;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const len = leb();
      names.push(bytes.subarray(at, at + len).toString('utf8'));
    }
    at = end;
  }
  return names;
}

// One module (build.sh), compiled by every page and the background.
for (const wasm of ['sftoken_bg.wasm']) {
  test(`${wasm} stays under ${WASM_GZIP_BUDGET / KB} KB gzip`, () => {
    const gz = gzipSync(read(`pkg/${wasm}`), { level: 9 }).length;
    assert.ok(gz <= WASM_GZIP_BUDGET, `${wasm} is ${(gz / KB).toFixed(1)} KB gzip, over the ${WASM_GZIP_BUDGET / KB} KB budget`);
  });
}

test(`every dist/*.zip stays under ${ZIP_BUDGET / KB} KB`, () => {
  const zips = readdirSync(dist).filter((f) => f.endsWith('.zip') && f !== 'sftoken-source.zip');
  assert.ok(zips.includes('sftoken-chrome.zip') && zips.includes('sftoken-firefox.zip'), `zips found: ${zips}`);
  for (const zip of zips) {
    const size = read(zip).length;
    assert.ok(size <= ZIP_BUDGET, `${zip} is ${(size / KB).toFixed(1)} KB, over the ${ZIP_BUDGET / KB} KB budget`);
  }
});

for (const wasm of ['sftoken_bg.wasm']) {
  test(`the end-to-end tests load the optimised ${wasm} that ships`, () => {
    const shipped = read(`chrome/pkg/${wasm}`);
    assert.ok(shipped.equals(read(`pkg/${wasm}`)));
    assert.ok(shipped.equals(read(`firefox/pkg/${wasm}`)));
    assert.ok(shipped.equals(read(`test/chrome/pkg/${wasm}`)), 'test build carries the shipped wasm');
    assert.ok(shipped.equals(read(`test/firefox/pkg/${wasm}`)));
    const sections = customSections(shipped);
    assert.ok(!sections.includes('name'), `the name section is stripped (sections: ${sections})`);
    assert.ok(!sections.includes('producers'), 'the producers section is stripped');
  });
}
