// Bundles jsforce's OAuth2 for the browser as small as esbuild makes it (what a JavaScript developer would ship
// instead of sftoken's core), and names the shipped browser build for comparison.
// jsforce's browser sources import Node's `crypto`, `querystring` and `stream` and read `process.env` and `Buffer`;
// they are given the same browser stand-ins jsforce's own webpack build uses (buffer, process, querystring-es3,
// stream-browserify, events), and for `crypto` only the two parts OAuth2 calls (createHash, randomBytes).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';

export { esbuildVersion };

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const require = createRequire(import.meta.url);

export function jsforceVersion() {
  return JSON.parse(readFileSync(require.resolve('jsforce/package.json'), 'utf8')).version;
}

/** jsforce's own minified browser build (webpack, UMD, global `jsforce`); the smaller of the two it ships. */
export function jsforceBrowserBuild() {
  return join(dirname(require.resolve('jsforce/package.json')), 'dist', 'jsforce-core.min.js');
}

/** Writes `<outDir>/jsforce-oauth2.min.js` (ESM exporting OAuth2) and returns its path. */
export async function buildJsforceOAuth2(outDir) {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'jsforce-oauth2.min.js');
  await build({
    entryPoints: [here('./entry.mjs')],
    absWorkingDir: here('../..'),
    outfile,
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'error',
    alias: { crypto: here('./crypto.mjs'), querystring: 'querystring-es3', stream: 'stream-browserify' },
    inject: [here('./globals.mjs')],
    define: { global: 'globalThis' },
  });
  return outfile;
}
