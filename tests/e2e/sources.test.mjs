// Checks of the extension's sources that need no browser (node --test tests/e2e/sources.test.mjs):
//   - runtime message names live in lib/messages.js; content.js, which cannot import, repeats exactly its FROM_CONTENT
//   - each page (popup, result, device) loads only its own module, and the pages share their cards' markup
//   - page files reach the wasm core only through the lib/ adapters
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { FROM_CONTENT, FROM_PAGES, MESSAGES } from '../../extension/lib/messages.js';

const ext = new URL('../../extension/', import.meta.url);
const read = (path) => readFileSync(new URL(path, ext), 'utf8');
const scripts = ['background.js', ...readdirSync(ext).filter((f) => f.endsWith('.js') && f !== 'background.js'),
  ...readdirSync(new URL('lib/', ext)).map((f) => `lib/${f}`)];
const PAGES = { 'popup.html': 'popup.js', 'result.html': 'result.js', 'device.html': 'device.js' };

test('content.js sends exactly the FROM_CONTENT message names of lib/messages.js', () => {
  const sent = [...read('content.js').matchAll(/sendMessage\(\{\s*type:\s*(['"])([^'"]+)\1/g)].map((m) => m[2]);
  assert.deepEqual([...new Set(sent)].sort(), Object.values(FROM_CONTENT).sort());
  assert.equal(sent.length, Object.values(FROM_CONTENT).length, 'each sent from one place');
});

test('message names are unique and written nowhere else as literals', () => {
  const names = Object.values(MESSAGES);
  assert.equal(new Set(names).size, names.length);
  assert.equal(names.length, Object.keys(FROM_PAGES).length + Object.keys(FROM_CONTENT).length);
  for (const file of scripts.filter((f) => f !== 'lib/messages.js' && f !== 'content.js')) {
    for (const name of names) {
      assert.ok(!new RegExp(`['"\`]${name}['"\`]`).test(read(file)), `${file} spells the message '${name}': use lib/messages.js`);
    }
  }
});

test('the background handles every message name, by its lib/messages.js key', () => {
  const background = read('background.js');
  for (const key of Object.keys(FROM_PAGES)) assert.match(background, new RegExp(`\\[FROM_PAGES\\.${key}\\]`));
  for (const key of Object.keys(FROM_CONTENT)) assert.match(background, new RegExp(`\\[FROM_CONTENT\\.${key}\\]`));
});

test('each page loads only its own module', () => {
  for (const [page, script] of Object.entries(PAGES)) {
    const modules = [...read(page).matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(modules, [script], `${page} loads ${modules}`);
    assert.match(read(page), new RegExp(`<script type="module" src="${script}"></script>`));
    for (const [, href] of read(page).matchAll(/<link rel="(?:module)?preload" href="([^"]+)"/g)) {
      if (!href.startsWith('pkg/')) assert.ok(existsSync(new URL(href, ext)), `${page} preloads ${href}, which does not exist`);
    }
  }
});

test('every extension page the code opens exists', () => {
  for (const file of scripts) {
    for (const [, page] of read(file).matchAll(/(?:pageUrl|getURL)\(\s*[`'"]([a-z-]+\.html)/g)) {
      assert.ok(PAGES[page], `${file} opens ${page}, which is not one of the pages`);
    }
  }
  assert.match(read('background.js'), /pageUrl\(`result\.html\?flow=/);
  assert.match(read('lib/profile-form.js'), /pageUrl\(`device\.html\?profile=/);
  assert.equal(JSON.parse(read('manifest.json')).action.default_popup, 'popup.html');
});

// The token card on every page, the result card on every page, the profile form on the popup and the result page:
// filled and wired by one module each (lib/token-view.js, lib/ui.js, lib/profile-form.js), so written once, in
// extension/partials/, and included by each page (tools/bundle.mjs puts the file in the built page).
for (const [partial, open, pages] of [
  ['token-card', '<section id="token"', Object.keys(PAGES)],
  ['result-card', '<div id="result-live"', Object.keys(PAGES)], // the live region around <section id="result">
  ['profile-form', '<form id="profile-form"', ['popup.html', 'result.html']],
]) {
  test(`partials/${partial}.html is the one ${open}…>, included by ${pages.join(', ')}`, () => {
    assert.ok(read(`partials/${partial}.html`).startsWith(open), `partials/${partial}.html starts with ${open}`);
    for (const page of pages) {
      assert.match(read(page), new RegExp(`^[ \\t]*<!-- include partials/${partial}\\.html -->$`, 'm'), `${page} includes it`);
      assert.ok(!read(page).includes(open), `${page} has its own copy of ${open}…>: include partials/${partial}.html`);
    }
  });
}

test('the pages reach the wasm core only through the lib/ adapters', () => {
  for (const page of Object.values(PAGES)) {
    const source = read(page);
    assert.ok(!/pkg\//.test(source), `${page} imports the wasm glue`);
    assert.ok(!/\b(?:sf|lc|sftoken)\.[a-zA-Z]+\(/.test(source), `${page} calls the wasm core directly`);
    assert.ok(!/\blifecycle as\b|\blifecycle\(\)/.test(source), `${page} loads the lifecycle module itself`);
  }
});
