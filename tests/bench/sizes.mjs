// Sizes of what ships: the wasm core, its JS glue, everything the popup loads, and the store zips.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Every file popup.html loads, found by following its references: <link href>, <script src>, static ES imports
 * (`import … from './x.js'`, `import './x.js'`, `export … from`) and the glue's `new URL('….wasm', import.meta.url)`.
 */
export function popupPayload(extensionDir, page = 'popup.html') {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const refs = [];
    if (file.endsWith('.html')) {
      for (const m of text.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)) refs.push(m[1]);
    } else if (file.endsWith('.js') || file.endsWith('.mjs')) {
      for (const m of text.matchAll(/(?:^|[;\s])(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']/g)) refs.push(m[1]);
      for (const m of text.matchAll(/(?:^|[;\s])import\s*["']([^"']+)["']/g)) refs.push(m[1]);
      for (const m of text.matchAll(/new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)) refs.push(m[1]);
    }
    for (const ref of refs) {
      if (/^[a-z]+:/i.test(ref) || ref.startsWith('/')) continue;
      const target = normalize(join(dirname(file), ref.split(/[?#]/)[0]));
      if (target.endsWith('.wasm')) seen.add(target);
      else visit(target);
    }
  };
  visit(join(extensionDir, page));
  return [...seen].filter(existsSync).sort().map((file) => {
    const bytes = readFileSync(file);
    return { path: relative(extensionDir, file), bytes: bytes.length, gzip: gzipSize(bytes) };
  });
}

/** Size rows (one sample each: sizes are deterministic). */
export function measureSizes(distDir) {
  const wasm = readFileSync(join(distDir, 'pkg', 'sftoken_bg.wasm'));
  const glue = readFileSync(join(distDir, 'pkg', 'sftoken.js'));
  const payload = popupPayload(join(distDir, 'chrome'));
  const zips = readdirSync(distDir).filter((f) => f.endsWith('.zip')).sort(); // sftoken-source.zip too, after ./build.sh package
  return {
    wasmRaw: wasm.length,
    wasmGzip: gzipSize(wasm),
    glueRaw: glue.length,
    glueGzip: gzipSize(glue),
    payload,
    payloadRaw: payload.reduce((sum, f) => sum + f.bytes, 0),
    payloadGzip: payload.reduce((sum, f) => sum + f.gzip, 0),
    zips: zips.map((name) => ({ name, bytes: readFileSync(join(distDir, name)).length })),
  };
}
