// Does an optimised wasm module still instantiate through its wasm-bindgen glue? A broken optimiser shows here, at
// build time, instead of in the browser: Debian's binaryen 108 turns wasm-bindgen's output into a module whose
// start fails with "WebAssembly.Table.set(): Argument 1 is invalid" (seen on this project's Debian 12 machines;
// binaryen 116 and 132 are fine, and this check is how the build tells).
//
// usage: node tools/wasm-check.mjs <glue.js>...   (each glue's <name>_bg.wasm beside it)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const glue of process.argv.slice(2)) {
  const wasm = resolve(glue).replace(/\.js$/, '_bg.wasm');
  try {
    const module = await import(pathToFileURL(resolve(glue)).href);
    const exports = await module.default({ module_or_path: readFileSync(wasm) });
    if (!(exports.memory instanceof WebAssembly.Memory)) throw new Error('no memory export after init');
  } catch (err) {
    console.error(`tools/wasm-check.mjs: ${wasm} does not instantiate: ${err?.message ?? err}`);
    process.exit(1);
  }
}
