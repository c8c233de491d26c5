// Joins each extension page's module graph into one file, so a page fetches one script instead of its imports
// level by level (~10 ms off the popup's start: ./build.sh bench). Not minified: store reviewers read the same code
// as extension/. A module a page loads with import() (a panel opened later) is in the page's file too, evaluated on
// first use (main() below says why it is not a file of its own).
//
// usage: node tools/bundle.mjs <out-dir> <page.html | entry.js>...
//
// A page (extension/popup.html) stands for the module scripts it loads (<script type="module" src="popup.js">); an
// entry (extension/popup.js) for itself, with the page of the same name beside it, if there is one. Every entry must
// sit at the top of one source folder (extension/). For each entry, <out-dir>/<name>.js is written; for each page,
// <out-dir>/<page>.html, with its `<!-- include partials/….html -->` lines replaced by those files, and without the
// <link rel="modulepreload"> of the modules now inside the bundle.
//
// The wasm glue (<source>/pkg/*, which build.sh copies from dist/pkg) is not bundled: it stays a separate module, and
// its import path is rewritten to how the bundle, at the top of <out-dir>, reaches it (../pkg/sftoken.js from
// lib/core.js becomes ./pkg/sftoken.js). Static and dynamic imports alike.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';

function fail(message) {
  console.error(`tools/bundle.mjs: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- HTML, just enough of it
// The page's tags, with their source ranges and attributes; comments, <script> and <style> bodies are skipped.
function* tags(html) {
  const re = /<!--[\s\S]*?-->|<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>|<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  for (let m; (m = re.exec(html));) {
    if (m[0].startsWith('<!--')) continue;
    const name = (m[1] || m[2]).toLowerCase();
    const attrText = m[1] ? m[0].slice(1 + m[1].length, m[0].indexOf('>')) : m[3];
    yield { name, start: m.index, end: m.index + m[0].length, attrs: attributes(attrText) };
  }
}

function attributes(text) {
  const attrs = new Map();
  const re = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (let m; (m = re.exec(text));) attrs.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

const isLocal = (href) => !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href);

// The module scripts a page loads, as paths.
function pageScripts(pagePath) {
  const html = readFileSync(pagePath, 'utf8');
  const scripts = [];
  for (const tag of tags(html)) {
    const { attrs } = tag;
    if (tag.name === 'script' && attrs.get('type') === 'module' && attrs.has('src') && isLocal(attrs.get('src'))) {
      scripts.push(resolve(dirname(pagePath), attrs.get('src')));
    }
  }
  return scripts;
}

// The page without its <link rel="modulepreload"> of modules in `bundled` (absolute paths); a line left blank by a
// removed tag goes with it.
function withoutPreloads(html, pageDir, bundled) {
  const cuts = [];
  for (const tag of tags(html)) {
    const rel = (tag.attrs.get('rel') || '').toLowerCase().split(/\s+/);
    const href = tag.attrs.get('href');
    if (tag.name !== 'link' || !rel.includes('modulepreload') || !href || !isLocal(href)) continue;
    if (!bundled.has(resolve(pageDir, href.split(/[?#]/)[0]))) continue;
    let { start, end } = tag;
    const lineStart = html.lastIndexOf('\n', start - 1) + 1;
    let lineEnd = html.indexOf('\n', end);
    if (lineEnd === -1) lineEnd = html.length;
    if (!html.slice(lineStart, start).trim() && !html.slice(end, lineEnd).trim()) {
      start = lineStart;
      end = Math.min(lineEnd + 1, html.length);
    }
    cuts.push([start, end]);
  }
  let out = html;
  for (const [start, end] of cuts.reverse()) out = out.slice(0, start) + out.slice(end);
  return out;
}

// ---------------------------------------------------------------- shared markup
// A line `<!-- include partials/<name>.html -->` stands for that file, indented as the comment is: the cards every
// page shows (the token card, the result card, the profile form) are written once in extension/partials/ and filled
// and wired by one module each (lib/token-view.js, lib/ui.js, lib/profile-form.js).
function withIncludes(html, pageDir) {
  return html.replace(/^([ \t]*)<!-- include ([\w./-]+\.html) -->[ \t]*\n/gm, (_, indent, path) => {
    const file = resolve(pageDir, path);
    if (!existsSync(file)) fail(`${path}, included by a page in ${pageDir}, does not exist`);
    const partial = readFileSync(file, 'utf8');
    if (/<!-- include /.test(partial)) fail(`${path} includes another file: one level only`);
    return partial.replace(/^(?=.)/gm, indent).replace(/\n?$/, '\n');
  });
}

// ---------------------------------------------------------------- bundling
// Keeps <source>/pkg/* out of the bundle, imported as ./pkg/* from the top of the output folder.
function wasmGlue(sourceDir) {
  const pkg = join(sourceDir, 'pkg') + sep;
  return {
    name: 'wasm-glue',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (!target.startsWith(pkg)) return undefined;
        return { path: `./pkg/${relative(pkg, target).split(sep).join('/')}`, external: true };
      });
    },
  };
}

async function main(argv) {
  const [outDir, ...inputs] = argv;
  if (!outDir || inputs.length === 0) fail('usage: node tools/bundle.mjs <out-dir> <page.html | entry.js>...');

  const pages = new Set();
  const entries = new Set();
  for (const input of inputs.map((p) => resolve(p))) {
    if (!existsSync(input)) fail(`${input} does not exist`);
    if (extname(input) === '.html') {
      pages.add(input);
      for (const script of pageScripts(input)) entries.add(script);
    } else {
      entries.add(input);
      const page = input.slice(0, -extname(input).length) + '.html';
      if (existsSync(page)) pages.add(page);
    }
  }
  if (entries.size === 0) return; // pages without module scripts: nothing to join

  const sourceDirs = new Set([...entries, ...pages].map(dirname));
  if (sourceDirs.size !== 1) fail(`entries and pages must sit in one folder, not ${[...sourceDirs].join(', ')}`);
  const [sourceDir] = sourceDirs;

  // One build per entry, so that pages share no file (each page fetches its own files only). A module the page
  // imports with import() — a panel opened later — is inside the page's one file, evaluated on first use: splitting
  // it out (a file per panel, plus the chunks it shares with the page, preloaded) was measured no faster to interactive
  // than one file (2026-11-30, paired medians, README Performance): the popup then fetched four files instead of one
  // to save 22 KB.
  const bundledBy = new Map(); // entry (absolute) -> Set of absolute input paths
  for (const entry of entries) {
    const result = await esbuild.build({
      entryPoints: [entry],
      outdir: resolve(outDir),
      outbase: sourceDir,
      bundle: true,
      format: 'esm',
      minify: false,
      metafile: true,
      logLevel: 'warning',
      absWorkingDir: process.cwd(),
      plugins: [wasmGlue(sourceDir)],
    });
    const outputs = result.metafile.outputs;
    const entryOutput = Object.entries(outputs).find(([, o]) => o.entryPoint && resolve(o.entryPoint) === entry);
    if (!entryOutput) fail(`esbuild wrote no output for ${entry}`);
    bundledBy.set(entry, new Set(Object.keys(outputs[entryOutput[0]].inputs).map((p) => resolve(p))));
  }

  for (const page of pages) {
    const bundled = new Set();
    for (const script of pageScripts(page)) for (const p of bundledBy.get(script) ?? []) bundled.add(p);
    // The entry itself stays a file the page loads (now the bundle), so its own preload, if any, is kept.
    for (const script of pageScripts(page)) bundled.delete(script);
    const html = withIncludes(readFileSync(page, 'utf8'), dirname(page));
    writeFileSync(join(resolve(outDir), basename(page)), withoutPreloads(html, dirname(page), bundled));
  }
}

await main(process.argv.slice(2)).catch((err) => fail(err.message || String(err)));
