#!/usr/bin/env bash
# sftoken's one entry point. On a fresh Debian machine it installs what it needs (wasm target, a wasm-bindgen CLI
# matching Cargo.lock, binaryen >= 110 via crates.io, Chromium and Firefox ESR from apt, npm test packages).
#
#   ./build.sh [build]   wasm core + dist/chrome, dist/firefox, dist/sftoken-{chrome,firefox}.zip, dist/www
#   ./build.sh test      every test: Rust unit, wasm (node, Chromium, Firefox), emulator, web-ext lint, size budgets,
#                        end to end in Chromium and Firefox
#   ./build.sh demo      build, start the Salesforce emulator, run the extension against it
#   ./build.sh package   build, plus dist/sftoken-source.zip for addons.mozilla.org review
#   ./build.sh bench     build, then one table of sizes, popup start-up, whole flow, native throughput, jsforce
#                        side by side (medians, min, max; also dist/bench/results.json)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
DIST=$ROOT/dist
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$CARGO_BIN:$PATH"
WASM_TARGET=wasm32-unknown-unknown
MIN_BINARYEN=110   # Debian's binaryen 108 corrupts wasm-bindgen output (toolchain.md); 110 fixed it.

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- tools
locked_version() { # the version Cargo.lock pins for a crate
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust() {
  rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" || { say "adding the $WASM_TARGET target"; rustup target add "$WASM_TARGET"; }
  local want; want=$(locked_version wasm-bindgen)
  [ -n "$want" ] || die "wasm-bindgen is missing from Cargo.lock"
  if [ "$("$CARGO_BIN/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (matches Cargo.lock; takes a few minutes once)"
    # No --locked: it fails for wasm-bindgen-cli 0.2.130 (toolchain.md).
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if [ "$(binaryen_version)" -lt "$MIN_BINARYEN" ]; then
    say "installing wasm-opt (binaryen >= $MIN_BINARYEN) from crates.io (about 10 minutes once)"
    cargo install wasm-opt --locked --force
  fi
}

binaryen_version() { # by full path: never trust whichever wasm-opt PATH finds first
  "$CARGO_BIN/wasm-opt" --version 2>/dev/null | grep -oE 'version_?[ ]?[0-9]+' | grep -oE '[0-9]+' | head -1 || echo 0
}

ensure_build_tools() { # esbuild, to join the popup's modules into one file
  if [ ! -d tools/node_modules ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
    say "installing the build tools (npm ci in tools/)"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_node_packages() {
  if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    say "installing the test packages (npm ci)"
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_apt() { # ensure_apt <command> <package>...
  command -v "$1" >/dev/null 2>&1 && return 0
  shift
  say "installing $* from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_browsers() {
  ensure_apt chromium chromium
  ensure_apt chromedriver chromium-driver
  ensure_apt firefox-esr firefox-esr
  ensure_apt openssl openssl
  if ! "$CARGO_BIN/geckodriver" --version >/dev/null 2>&1; then
    say "installing geckodriver from crates.io (about 4 minutes once)"
    cargo install geckodriver --locked
  fi
}

# ---------------------------------------------------------------- build
# wasm_module <feature> <out-name>: one wasm module of the crate, bound and optimised into dist/pkg.
wasm_module() {
  local feature=$1 name=$2 target="target/wasm-$1"
  # --remap-path-prefix keeps machine paths out of the shipped wasm (reproducible for store review).
  RUSTFLAGS="--remap-path-prefix=$ROOT=sftoken --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=cargo" \
    cargo build --release --target "$WASM_TARGET" --lib --quiet --no-default-features --features "$feature" \
    --target-dir "$target"
  "$CARGO_BIN/wasm-bindgen" --target web --out-dir "$DIST/pkg" --out-name "$name" \
    --remove-name-section --remove-producers-section \
    "$target/$WASM_TARGET/release/sftoken.wasm"
  "$CARGO_BIN/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$DIST/pkg/${name}_bg.wasm" -o "$DIST/pkg/${name}_bg.wasm"
}

# Two modules from the one crate: the core, which the popup and the background load at start, and the lifecycle
# module (JWT signing and certificates, userinfo, introspection, revoke, REST test call), which the popup loads
# the first time one of those is used — so the popup's start compiles only what it needs.
build_wasm() {
  say "building the wasm core and lifecycle modules"
  rm -rf "$DIST/pkg" && mkdir -p "$DIST/pkg"
  wasm_module core-api sftoken
  wasm_module lifecycle-api sftoken_lifecycle
}

# assemble <browser> <out-dir> [--test]
assemble() {
  local browser=$1 out=$2 flag=${3:-}
  rm -rf "$out" && mkdir -p "$out/pkg"
  cp -r extension/. "$out/"
  rm -f "$out/manifest.json" "$out"/*.md
  node tools/manifest.mjs "$browser" "$out/manifest.json" $flag
  node tools/icons.mjs "$out/icons"
  # One popup.js instead of a module graph fetched level by level: ~10 ms off the popup's start (./build.sh bench).
  # Not minified, so store reviewers read the same code as extension/. The wasm glue stays a separate module.
  tools/node_modules/.bin/esbuild extension/popup.js --bundle --format=esm --log-level=warning \
    --external:../pkg/* --outfile="$out/popup.js"
  sed -i 's#"\.\./pkg/#"./pkg/#g' "$out/popup.js"  # the glue's path, seen from the popup instead of lib/
  sed -i '/rel="modulepreload" href="lib\//d' "$out/popup.html"
  cp "$DIST/pkg"/sftoken.js "$DIST/pkg"/sftoken_bg.wasm "$DIST/pkg"/sftoken_lifecycle.js "$DIST/pkg"/sftoken_lifecycle_bg.wasm "$out/pkg/"
}

build_extension() {
  say "assembling dist/chrome and dist/firefox"
  assemble chrome "$DIST/chrome"
  assemble firefox "$DIST/firefox"
  assemble chrome "$DIST/test/chrome" --test
  assemble firefox "$DIST/test/firefox" --test
  rm -f "$DIST"/sftoken-*.zip
  python3 tools/package.py "$DIST/chrome" "$DIST/sftoken-chrome.zip"
  python3 tools/package.py "$DIST/firefox" "$DIST/sftoken-firefox.zip"
  rm -rf "$DIST/www" && cp -r www "$DIST/www" && cp -r "$DIST/pkg" "$DIST/www/pkg"
}

build() {
  ensure_rust
  ensure_build_tools
  build_wasm
  build_extension
  say "built: $(cd "$DIST" && ls -d chrome firefox sftoken-*.zip www | tr '\n' ' ')"
}

# ---------------------------------------------------------------- test
run_tests() {
  build
  ensure_node_packages
  ensure_browsers
  say "Rust unit tests (native)"
  cargo test --quiet
  # The same wasm-bindgen-test file under node, then in headless Chromium and Firefox (webdriver.json sets the
  # browsers' flags). No --quiet: the test runner refuses unknown arguments.
  local runner="$CARGO_BIN/wasm-bindgen-test-runner"
  say "wasm API tests under node"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$runner cargo test --target "$WASM_TARGET" --test wasm_api --test wasm_lifecycle
  say "wasm API tests in headless Chromium"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$runner WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" \
    cargo test --target "$WASM_TARGET" --test wasm_api --test wasm_lifecycle
  say "wasm API tests in headless Firefox"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$runner WASM_BINDGEN_USE_BROWSER=1 GECKODRIVER="$CARGO_BIN/geckodriver" \
    cargo test --target "$WASM_TARGET" --test wasm_api --test wasm_lifecycle
  say "emulator, web-ext lint, size budget and end-to-end tests (real Chromium and Firefox against the emulator)"
  node --test --test-concurrency=1 tests/emulator/ tests/lint/ tests/size/ tests/e2e/
}

demo() {
  build
  ensure_node_packages
  ensure_browsers
  node tests/e2e/demo.mjs
}

package() {
  build
  say "dist/sftoken-source.zip (the source addons.mozilla.org reviewers rebuild from)"
  local tmp; tmp=$(mktemp -d)
  git ls-files -z | xargs -0 -I{} cp --parents {} "$tmp/"
  python3 tools/package.py "$tmp" "$DIST/sftoken-source.zip"
  rm -rf "$tmp"
}

# ---------------------------------------------------------------- bench
# Times are the benchmark's budgets, not tests: a figure over its budget is flagged, the command still succeeds.
# tests/bench/run.mjs also runs the native benchmark (cargo bench --bench core). About 2-3 minutes.
bench() {
  build
  ensure_node_packages
  ensure_browsers
  say "benchmark: sizes, popup time to interactive (Chromium, Firefox), whole flow, native core, jsforce side by side"
  node tests/bench/run.mjs
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  demo) demo ;;
  package) package ;;
  bench) bench ;;
  *) die "unknown command '$1': use build, test, demo, bench or package" ;;
esac
