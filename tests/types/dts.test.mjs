// The wasm module's generated declarations (dist/pkg/sftoken.d.ts, written by wasm-bindgen in `./build.sh build`):
//   - no exported function has `any` in its parameters or return type, nor does any declared type they use (the
//     `InitOutput` interface, wasm-bindgen's raw wasm exports, is its internals and is exempt)
//   - every function the README's "The wasm API" section names is exported there
// What makes the JavaScript's calls into the core checked (`./build.sh test types`) is exactly that these declarations
// are precise; tests/types/core-calls.js shows the checks biting.
// Run by the node suite (`./build.sh test node`); skipped, saying so, when dist/ has not been built yet.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
const dtsUrl = new URL('dist/pkg/sftoken.d.ts', root);
const built = existsSync(dtsUrl);
const skip = built ? false : 'dist/pkg/sftoken.d.ts is missing: run ./build.sh build first';

/** The declarations without comments (their prose says "any" in plain English). */
const source = () =>
  readFileSync(dtsUrl, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

/** From `start` (an opening bracket), the index just after its matching closing bracket. */
function closing(text, start) {
  const pairs = { '(': ')', '{': '}', '<': '>', '[': ']' };
  const stack = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '=' && text[i + 1] === '>') { i++; continue; } // an arrow's `>` closes nothing
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack.at(-1)) {
      stack.pop();
      if (!stack.length) return i + 1;
    }
  }
  throw new Error(`unbalanced brackets from offset ${start}`);
}

/** Every `export function` (and `export default function`): its name, parameter list and return type, as written. */
function exportedFunctions(text) {
  const found = [];
  for (const m of text.matchAll(/^export\s+(?:default\s+)?(?:declare\s+)?function\s+(\w+)\s*(?=[(<])/gm)) {
    let at = m.index + m[0].length;
    if (text[at] === '<') at = closing(text, at); // type parameters
    const end = closing(text, at);
    const params = text.slice(at + 1, end - 1);
    const ret = /^\s*:\s*([^;]+);/.exec(text.slice(end));
    found.push({ name: m[1], params, returns: ret ? ret[1].trim() : null });
  }
  return found;
}

/** From `start`, the index of the first `;` outside any brackets (the end of a type alias). */
function statementEnd(text, start) {
  for (let i = start; i < text.length; i++) {
    if (text[i] === '=' && text[i + 1] === '>') i++;
    else if ('({<['.includes(text[i])) i = closing(text, i) - 1;
    else if (text[i] === ';') return i;
  }
  return text.length;
}

/** Every exported interface and type alias: its name and body. */
function exportedTypes(text) {
  const found = [];
  for (const m of text.matchAll(/^export\s+(interface|type)\s+(\w+)([^{=]*)([{=])/gm)) {
    const open = m.index + m[0].length - 1;
    const body = m[4] === '{' ? text.slice(open, closing(text, open)) : text.slice(open + 1, statementEnd(text, open + 1));
    found.push({ name: m[2], body: m[3] + body });
  }
  return found;
}

const hasAny = (typeText) => /\bany\b/.test(typeText);

test('the declarations parse into functions and types', { skip }, () => {
  const text = source();
  const functions = exportedFunctions(text);
  assert.ok(functions.length >= 20, `only ${functions.length} exported functions found: has the .d.ts format changed?`);
  for (const f of functions) assert.ok(f.returns, `${f.name} declares no return type`);
  assert.ok(exportedTypes(text).some((t) => t.name === 'Token'), 'no Token interface found');
});

test('no exported function takes or returns any', { skip }, () => {
  const offenders = exportedFunctions(source())
    .filter((f) => hasAny(f.params) || hasAny(f.returns ?? ''))
    .map((f) => `${f.name}(${f.params}): ${f.returns}`);
  assert.deepEqual(offenders, [], 'give these a #[wasm_bindgen(unchecked_param_type / unchecked_return_type)] or a Tsify type');
});

test('no declared type but InitOutput (wasm-bindgen internals) contains any', { skip }, () => {
  const offenders = exportedTypes(source())
    .filter((t) => t.name !== 'InitOutput' && hasAny(t.body))
    .map((t) => `${t.name}: ${t.body.replace(/\s+/g, ' ').slice(0, 200)}`);
  assert.deepEqual(offenders, []);
});

/** The functions the README's "The wasm API" section names: the first cell of each table row, `name(…)`. */
function readmeApi() {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const start = readme.indexOf('\n## The wasm API');
  assert.ok(start >= 0, 'README.md has no "## The wasm API" section');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const names = new Set();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const firstCell = line.split('|')[1];
    for (const m of firstCell.matchAll(/`(\w+)\(/g)) names.add(m[1]);
  }
  return [...names];
}

test("every function the README's API section names is exported by the .d.ts", { skip }, () => {
  const named = readmeApi();
  assert.ok(named.length >= 10, `only ${named.length} functions found in the README's API tables: has their format changed?`);
  const exported = new Set(exportedFunctions(source()).map((f) => f.name));
  assert.deepEqual(named.filter((name) => !exported.has(name)), [], 'named in README.md "The wasm API", missing from dist/pkg/sftoken.d.ts');
});

test('the checker itself: it catches any, and skips comments', () => {
  const sample = [
    '/** for any Salesforce error */',
    'export function good(input: Token): Promise<Token>;',
    'export function badIn(a: any, b: string): number;',
    'export function badOut(cb: (x: number) => void): Promise<any>;',
    'export interface Token { accessToken?: string; }',
    'export interface Loose { extra: Record<string, any>; }',
    'export type Union = { kind: "a" } | { kind: "b"; value: any };',
    'export interface InitOutput { readonly f: (a: any) => any; }',
  ].join('\n').replace(/\/\*[\s\S]*?\*\//g, '');
  const functions = exportedFunctions(sample);
  assert.deepEqual(functions.map((f) => f.name), ['good', 'badIn', 'badOut']);
  assert.deepEqual(functions.filter((f) => hasAny(f.params) || hasAny(f.returns)).map((f) => f.name), ['badIn', 'badOut']);
  assert.equal(functions[2].params, 'cb: (x: number) => void');
  const types = exportedTypes(sample);
  assert.deepEqual(types.filter((t) => t.name !== 'InitOutput' && hasAny(t.body)).map((t) => t.name), ['Loose', 'Union']);
});
