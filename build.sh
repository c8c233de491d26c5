#!/usr/bin/env bash
# sftoken's one entry point. On a fresh Debian machine it installs what a command needs and is missing (the wasm
# target, a wasm-bindgen CLI matching Cargo.lock, the npm build tools in tools/ (esbuild, binaryen's wasm-opt,
# TypeScript), the npm test packages, Chromium and Firefox ESR from apt, geckodriver), after one line naming it all.
#
#   ./build.sh [build]           wasm core + dist/chrome, dist/firefox, dist/sftoken-{chrome,firefox}.zip, dist/www
#   ./build.sh test              every suite below, then one summary line; fails if any suite failed. The suites run
#                                in three lanes side by side (e2e-chromium; wasm and e2e-firefox; the rest), each
#                                suite's output into target/test-logs/SUITE.log (a failing suite's path and last lines
#                                are printed)
#   ./build.sh test SUITE...     only those suites, each installing and building only what it needs (suites of one
#                                lane, e.g. a single suite, print as they run):
#       rust          Rust unit and integration tests, native (cargo test)
#       wasm          the wasm-bindgen tests under node, in headless Chromium and in headless Firefox
#       emulator      the Salesforce emulator's own tests (tests/emulator/)
#       node          every other tests/**/*.test.mjs that no suite here names (e.g. tests/e2e/sources.test.mjs)
#       lint          web-ext lint of dist/firefox (tests/lint/)
#       size          size budgets of dist/ (tests/size/)
#       e2e-www       the standalone page (dist/www) end to end in Chromium against the emulator (tests/e2e/www.test.mjs)
#       e2e-chromium  end to end in Chromium against the emulator (tests/e2e/chromium.test.mjs)
#       e2e-firefox   end to end in Firefox ESR against the emulator (tests/e2e/firefox.test.mjs)
#       clippy        cargo clippy -D warnings, native (all targets) and wasm32 (the library)
#       fmt           cargo fmt --check
#       types         the JS type check: tsc -p tsconfig.json (files opt in with // @ts-check)
#   ./build.sh demo              build, start the Salesforce emulator, run the extension against it, serve dist/www
#   ./build.sh screenshots       build, then pictures of the popup and pages (light and dark; 1280x800 for the stores)
#                                into store/screenshots/ (tests/screenshots/run.mjs; store/listing.md is the text)
#   ./build.sh package           build, plus dist/sftoken-source.zip for addons.mozilla.org review; then builds again
#                                from scratch and fails unless both store zips are byte-identical (prints their sha256)
#   ./build.sh bench             build, then one table of sizes, popup start-up, whole flow, native throughput,
#                                jsforce side by side (medians, min, max; also dist/bench/results.json)
#   ./build.sh fuzz [SECONDS | --runs N] [TARGET...]
#                                each fuzz target in fuzz/ (cargo-fuzz, libFuzzer; all without one) for SECONDS (20)
#                                each, then one line per target: executions, execs/s, corpus, findings; fails on any
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
DIST=$ROOT/dist
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$CARGO_BIN:$PATH"
WASM_TARGET=wasm32-unknown-unknown
# binaryen's wasm-opt from npm (tools/package.json pins it): a JS/wasm build, nothing to compile. Debian's binaryen
# 108 corrupts wasm-bindgen output (tools/wasm-check.mjs catches it), so never whichever wasm-opt PATH finds first.
WASM_OPT=$ROOT/tools/node_modules/.bin/wasm-opt
TSC=$ROOT/tools/node_modules/.bin/tsc
SUITES="fmt clippy types rust wasm emulator node lint size e2e-www e2e-chromium e2e-firefox"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- tools
# ensure NEED...: installs what those needs lack, after one line naming all of it. A need is one of
#   wasm-target wasm-bindgen build-tools test-packages clippy rustfmt geckodriver cargo-fuzz
#   apt:COMMAND=PACKAGE   (the Debian package that provides COMMAND)

locked_version() { # the version Cargo.lock pins for a crate
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

npm_stale() { # npm_stale DIR: its node_modules is missing or older than its lock file
  [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]
}

npm_install() {
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
}

# cargo_install ARGS...: a build tool from crates.io (no registry ships a prebuilt one we can take: see README,
# Install). Built at opt-level 1 instead of 3: these tools bind one small wasm module or relay WebDriver calls, so
# their speed does not matter, and their compile, the longest step of a first run, is much shorter.
cargo_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=${SFTOKEN_TOOLS_OPT_LEVEL:-1} CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install --quiet "$@"
}

install_wasm_bindgen() {
  # No --locked: with it, installing wasm-bindgen-cli 0.2.130 fails to resolve (its lock file pins a webpki-roots
  # version that no longer satisfies its own requirement).
  cargo_install wasm-bindgen-cli --version "$(locked_version wasm-bindgen)" --force
}

# Installs that may run in the background while the rest goes on (ENSURE_IN_BACKGROUND names them, run_tests sets it
# when suites run side by side): their pid and log, to wait for them with await_install.
declare -A INSTALL_PID=()
LOGS=$ROOT/target/test-logs
start_install() { # start_install NAME COMMAND...
  mkdir -p "$LOGS"
  say "installing $1 in the background (log: ${LOGS#"$ROOT"/}/install-$1.log)"
  local name=$1; shift
  "$@" >"$LOGS/install-$name.log" 2>&1 &
  INSTALL_PID[$name]=$!
}
await_install() { # await_install NAME: waits for it if it was started; its failure is shown, not fatal (the suite's
  # own ensure then tries again, in the open)
  local pid=${INSTALL_PID[$1]:-} rc=0
  [ -n "$pid" ] || return 0
  wait "$pid" || rc=$?
  unset "INSTALL_PID[$1]"
  [ $rc = 0 ] && return 0
  say "installing $1 failed (exit $rc); the end of ${LOGS#"$ROOT"/}/install-$1.log:"
  tail -n 30 "$LOGS/install-$1.log" >&2
}

apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure() {
  local need seen=" " labels=() steps=() apt=() later=() want
  for need in "$@"; do
    case $seen in *" $need "*) continue ;; esac
    seen="$seen$need "
    case $need in
      wasm-target)
        case " $(rustup target list --installed 2>/dev/null | tr '\n' ' ') " in
          *" $WASM_TARGET "*) ;;
          *) labels+=("$WASM_TARGET target (rustup)"); steps+=("rustup target add $WASM_TARGET") ;;
        esac ;;
      wasm-bindgen)
        want=$(locked_version wasm-bindgen)
        [ -n "$want" ] || die "wasm-bindgen is missing from Cargo.lock"
        [ "$("$CARGO_BIN/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" = "$want" ] \
          || { labels+=("wasm-bindgen-cli $want (cargo, ~3 min)"); steps+=(install_wasm_bindgen); } ;;
      build-tools)
        npm_stale tools || continue
        labels+=("build tools: esbuild, binaryen, typescript (npm ci in tools/)"); steps+=("npm_install tools") ;;
      test-packages)
        npm_stale tests || continue
        labels+=("test packages (npm ci in tests/)"); steps+=("npm_install tests") ;;
      clippy | rustfmt)
        cargo "${need/rustfmt/fmt}" --version >/dev/null 2>&1 \
          || { labels+=("$need (rustup)"); steps+=("rustup component add $need"); } ;;
      geckodriver)
        "$CARGO_BIN/geckodriver" --version >/dev/null 2>&1 && continue
        case " ${ENSURE_IN_BACKGROUND:-} " in
          *" geckodriver "*)
            labels+=("geckodriver (cargo, ~3 min, in the background)"); later+=("cargo_install geckodriver --locked") ;;
          *) labels+=("geckodriver (cargo, ~3 min)"); steps+=("cargo_install geckodriver --locked") ;;
        esac ;;
      cargo-fuzz)
        "$CARGO_BIN/cargo-fuzz" --version >/dev/null 2>&1 \
          || { labels+=("cargo-fuzz (cargo, ~2 min)"); steps+=("cargo_install cargo-fuzz --locked"); } ;;
      apt:*=*)
        need=${need#apt:}
        command -v "${need%%=*}" >/dev/null 2>&1 || apt+=("${need#*=}") ;;
      *) die "ensure: unknown need '$need'" ;;
    esac
  done
  if [ ${#apt[@]} -gt 0 ]; then labels+=("${apt[*]} (apt)"); steps+=("apt_install ${apt[*]}"); fi
  [ ${#labels[@]} -gt 0 ] || return 0
  local line; line=$(printf '%s, ' "${labels[@]}")
  say "will install: ${line%, }"
  local step
  # Only geckodriver goes in the background (its compile overlaps the downloads and the other compiles): one name.
  for step in "${later[@]}"; do start_install geckodriver $step; done # split on purpose, as below
  for step in "${steps[@]}"; do $step; done # each step is a command and its words: split on purpose
}

# What each command and suite needs installed (build needs BUILD_NEEDS as well).
BUILD_NEEDS="wasm-target wasm-bindgen build-tools"
CHROMIUM="apt:chromium=chromium"
CHROMEDRIVER="apt:chromedriver=chromium-driver"
CURL="apt:curl=curl"
FIREFOX="apt:firefox-esr=firefox-esr geckodriver"
OPENSSL="apt:openssl=openssl"
SHELLS_AND_CLIENTS="apt:curl=curl apt:http=httpie apt:zsh=zsh apt:fish=fish"
needs() { # needs SUITE-OR-COMMAND: its needs, one word each; "build" among them when it needs dist/
  case $1 in
    build | package) echo "build" ;;
    demo) echo "build test-packages $CHROMIUM $OPENSSL" ;;
    screenshots) echo "build test-packages $CHROMIUM $OPENSSL apt:pngquant=pngquant" ;;
    bench) echo "build test-packages $CHROMIUM $FIREFOX $OPENSSL" ;;
    fuzz) echo "cargo-fuzz" ;;
    rust) echo "" ;;
    wasm) echo "wasm-target wasm-bindgen $CHROMIUM $CHROMEDRIVER $FIREFOX" ;;
    emulator) echo "$OPENSSL" ;;
    # tests/exports/ runs each export with its real consumer: the wasm module, curl and HTTPie against the emulator,
    # and the shells (bash, zsh, fish) an exported command must survive with history expansion on.
    node) echo "build test-packages $OPENSSL $SHELLS_AND_CLIENTS" ;;
    lint) echo "build test-packages" ;;
    size) echo "build" ;;
    e2e-www) echo "build test-packages $CHROMIUM $OPENSSL $CURL" ;; # curl: the page's command, run against the emulator
    e2e-chromium) echo "build test-packages $CHROMIUM $OPENSSL" ;;
    e2e-firefox) echo "build test-packages $FIREFOX $OPENSSL" ;;
    clippy) echo "clippy wasm-target" ;;
    fmt) echo "rustfmt" ;;
    types) echo "build build-tools" ;; # the wasm glue's .d.ts comes from the build
    *) return 1 ;;
  esac
}

needs_build() { case " $(needs "$1") " in *" build "*) return 0 ;; esac; return 1; }

ensure_for() { # ensure_for SUITE-OR-COMMAND...: installs what all of them need, in one go
  local what need list=()
  for what in "$@"; do
    for need in $(needs "$what"); do
      # shellcheck disable=SC2206 # BUILD_NEEDS: one word per need
      if [ "$need" = build ]; then list+=($BUILD_NEEDS); else list+=("$need"); fi
    done
  done
  [ ${#list[@]} = 0 ] || ensure "${list[@]}"
}

# ---------------------------------------------------------------- build
# The crate's one wasm module, bound and optimised into dist/pkg (sftoken.js + sftoken_bg.wasm + sftoken.d.ts).
# Every action is one async export that builds, sends and reads its request, so the pages and the background load
# the same module, and nothing shuttles between two.
build_wasm() {
  say "building the wasm module"
  rm -rf "$DIST/pkg" && mkdir -p "$DIST/pkg"
  # WASM_TARGET_DIR: cargo's folder for the wasm build (package's second, from-scratch build uses its own). Under
  # $ROOT, so the one --remap-path-prefix below covers it and both builds get the same RUSTFLAGS.
  local name=sftoken target=${WASM_TARGET_DIR:-target/wasm}
  # --remap-path-prefix keeps machine paths out of the shipped wasm (reproducible for store review).
  RUSTFLAGS="--remap-path-prefix=$ROOT=sftoken --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=cargo" \
    cargo build --release --target "$WASM_TARGET" --lib --quiet --target-dir "$target"
  "$CARGO_BIN/wasm-bindgen" --target web --out-dir "$DIST/pkg" --out-name "$name" \
    --remove-name-section --remove-producers-section \
    "$target/$WASM_TARGET/release/sftoken.wasm"
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$DIST/pkg/${name}_bg.wasm" -o "$DIST/pkg/${name}_bg.wasm"
  node tools/wasm-check.mjs "$DIST/pkg/$name.js" # still instantiates after wasm-opt
}

# assemble <browser> <out-dir> [--test]
assemble() {
  local browser=$1 out=$2 flag=${3:-}
  rm -rf "$out" && mkdir -p "$out/pkg"
  cp -R extension/. "$out/"
  rm -f "$out/manifest.json" "$out"/*.md
  node tools/manifest.mjs "$browser" "$out/manifest.json" $flag
  node tools/icons.mjs "$out/icons"
  # Each page's modules joined into one file (the wasm glue stays a separate module), its shared cards included
  # from extension/partials/, and the page's modulepreload hints for the joined modules dropped: tools/bundle.mjs.
  node tools/bundle.mjs "$out" extension/*.html
  rm -rf "$out/partials" # now inside the pages
  cp "$DIST/pkg"/sftoken.js "$DIST/pkg"/sftoken_bg.wasm "$out/pkg/"
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
  # The standalone page: a static site (any static host serves it as it is), with the two packages it links to.
  rm -rf "$DIST/www" && cp -R www "$DIST/www" && cp -R "$DIST/pkg" "$DIST/www/pkg"
  cp "$DIST/sftoken-chrome.zip" "$DIST/sftoken-firefox.zip" "$DIST/www/"
}

BUILT=
build() { # once per run of this script
  [ -z "$BUILT" ] || return 0
  ensure_for build
  build_wasm
  build_extension
  BUILT=1
  say "built: $(cd "$DIST" && ls -d chrome firefox sftoken-*.zip www | tr '\n' ' ')"
}

# ---------------------------------------------------------------- test
# suite_<name>: one suite; installs and builds what it needs (nothing, when ./build.sh test already did).
suite() {
  ensure_for "$1"
  if needs_build "$1"; then build; fi
  say "test $1"
  "suite_${1//-/_}"
}

suite_rust() { cargo test --quiet; }

# The same wasm-bindgen-test files under node, then in headless Chromium and Firefox (webdriver.json sets the
# browsers' flags). No --quiet: the test runner refuses unknown arguments.
suite_wasm() {
  local runner="$CARGO_BIN/wasm-bindgen-test-runner"
  say "wasm API tests under node"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$runner cargo test --target "$WASM_TARGET" --test wasm_api --test wasm_lifecycle
  say "wasm API tests in headless Chromium"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$runner WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" \
    cargo test --target "$WASM_TARGET" --test wasm_api --test wasm_lifecycle
  say "wasm API tests in headless Firefox"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$runner WASM_BINDGEN_USE_BROWSER=1 GECKODRIVER="$CARGO_BIN/geckodriver" \
    cargo test --target "$WASM_TARGET" --test wasm_api --test wasm_lifecycle
}

suite_emulator() { node --test --test-concurrency=1 tests/emulator/; }
suite_lint() { node --test tests/lint/; }

# The test files the other suites run by folder or by name; the node suite runs the rest, so none is left out.
other_test_files() {
  find tests -name node_modules -prune -o -name '*.test.mjs' -type f -print | sort | while IFS= read -r file; do
    case $file in
      tests/emulator/* | tests/lint/* | tests/size/* | tests/e2e/chromium.test.mjs | tests/e2e/firefox.test.mjs) ;;
      tests/e2e/www.test.mjs) ;;
      *) printf '%s\n' "$file" ;;
    esac
  done
}
suite_node() {
  local files=()
  while IFS= read -r file; do files+=("$file"); done < <(other_test_files)
  if [ ${#files[@]} = 0 ]; then say "no other test files"; return 0; fi
  node --test "${files[@]}"
}
suite_size() { node --test tests/size/; }
suite_e2e_www() { node --test tests/e2e/www.test.mjs; }
suite_e2e_chromium() { node --test tests/e2e/chromium.test.mjs; }
suite_e2e_firefox() { node --test tests/e2e/firefox.test.mjs; }

suite_clippy() {
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --target "$WASM_TARGET" --lib -- -D warnings
}

suite_fmt() { cargo fmt --check; }

suite_types() { "$TSC" -p tsconfig.json; }

# test [SUITE...]: the suites (all without one), each in its own subshell so that one failing does not stop the
# others; then one line per suite and a closing "suites: N passed, N failed". Suites of more than one lane (below)
# run their lanes side by side, each suite's output into target/test-logs/SUITE.log; the suites of one lane (or a
# single suite) run one after another, printing as they go.
run_tests() {
  local suites=("$@") s
  [ ${#suites[@]} -gt 0 ] || read -r -a suites <<<"$SUITES"
  for s in "${suites[@]}"; do
    needs "$s" >/dev/null || die "unknown test suite '$s': use one or more of: $SUITES (or none, for all)"
  done
  local lanes="" name # in this order: the firefox lane may wait for geckodriver to install before it starts
  for name in main chromium firefox; do
    for s in "${suites[@]}"; do [ "$(lane "$s")" != "$name" ] || { lanes="$lanes $name"; break; }; done
  done
  local side_by_side=""
  [ "$(wc -w <<<"$lanes")" -gt 1 ] && side_by_side=1
  # One install plan for all of them; side by side, geckodriver (only the firefox lane needs it) compiles in the
  # background meanwhile.
  if [ -n "$side_by_side" ]; then ENSURE_IN_BACKGROUND=geckodriver ensure_for "${suites[@]}"; else ensure_for "${suites[@]}"; fi
  local build_failed="" rc
  for s in "${suites[@]}"; do # build once, before the first suite that needs dist/
    needs_build "$s" || continue
    set +e; (set -e; build); rc=$?; set -e
    if [ $rc = 0 ]; then BUILT=1; else build_failed=1; fi
    break
  done
  rm -rf "$LOGS/results" && mkdir -p "$LOGS/results"
  if [ -z "$side_by_side" ]; then
    run_lane "" "${suites[@]}"
  else
    local pids=() in_lane
    trap 'kill -- "${pids[@]/#/-}" 2>/dev/null' INT TERM # each lane is a process group (set -m below)
    set -m
    for name in $lanes; do
      in_lane=()
      for s in $LANE_ORDER; do
        case " ${suites[*]} " in *" $s "*) [ "$(lane "$s")" != "$name" ] || in_lane+=("$s") ;; esac
      done
      [ "$name" != firefox ] || await_install geckodriver
      say "lane $name: ${in_lane[*]} (logs: ${LOGS#"$ROOT"/}/SUITE.log)"
      run_lane "$LOGS" "${in_lane[@]}" &
      pids+=($!)
    done
    set +m
    wait "${pids[@]}" || true
    trap - INT TERM
  fi
  await_install geckodriver # started but not needed in the end (a lane stopped): not left running
  local results=() passed=0 failed=0 result
  for s in "${suites[@]}"; do
    result=$(cat "$LOGS/results/$s" 2>/dev/null || echo "FAIL  $s (no result: its lane stopped)")
    results+=("$result")
    case $result in ok*) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
  done
  say "test results"
  printf '  %s\n' "${results[@]}" >&2
  printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
  [ "$failed" = 0 ]
}

# The order the suites of a lane run in: e2e-firefox before wasm, whose cargo build would otherwise queue behind the
# main lane's (cargo locks target/ for a whole build) while the firefox lane's long suite waits.
LANE_ORDER="fmt clippy types rust emulator node lint size e2e-www e2e-chromium e2e-firefox wasm"

# Which suites may run side by side: the two long end-to-end suites each in their own lane (they pass side by side:
# Firefox's emulator holds port 443, Chromium's a free port), the ones needing geckodriver behind its install, and
# the rest (cargo's suites queue on its build lock anyway) in one.
lane() {
  case $1 in
    e2e-chromium) echo chromium ;;
    wasm | e2e-firefox) echo firefox ;;
    *) echo main ;;
  esac
}

# run_lane LOGDIR SUITE...: the suites one after another, each result into $LOGS/results/SUITE; with LOGDIR, each
# suite's output into LOGDIR/SUITE.log, and on a failure its path and last lines.
run_lane() {
  local logdir=$1 s start rc result; shift
  for s in "$@"; do
    start=$SECONDS
    if [ -n "${build_failed:-}" ] && needs_build "$s"; then
      echo "FAIL  $s (not run: the build failed)" >"$LOGS/results/$s"; continue
    fi
    set +e
    if [ -n "$logdir" ]; then (set -e; suite "$s") >"$logdir/$s.log" 2>&1 </dev/null; else (set -e; suite "$s"); fi
    rc=$?
    set -e
    if [ $rc = 0 ]; then result="ok    $s ($((SECONDS - start)) s)"; else result="FAIL  $s ($((SECONDS - start)) s, exit $rc)"; fi
    echo "$result" >"$LOGS/results/$s"
    [ -n "$logdir" ] || continue
    if [ $rc = 0 ]; then
      say "$result"
    else
      say "$result: ${logdir#"$ROOT"/}/$s.log, which ends:"
      tail -n 40 "$logdir/$s.log" | sed 's/^/    /' >&2
    fi
  done
}

demo() {
  ensure_for demo
  build
  node tests/e2e/demo.mjs
}

# The README's and the stores' pictures: tests/screenshots/run.mjs drives dist/chrome against the emulator.
screenshots() {
  ensure_for screenshots
  build
  say "screenshots of the popup and pages, light and dark, into store/screenshots/"
  node tests/screenshots/run.mjs "$ROOT/store/screenshots"
}

package() {
  build
  if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # An unpacked source zip (a reviewer's rebuild): no git to list the files, and no need for the source zip.
    say "not a git checkout: no dist/sftoken-source.zip, only the store zips and their check"
    check_reproducible
    return
  fi
  say "dist/sftoken-source.zip (the source addons.mozilla.org reviewers rebuild from)"
  local tmp file
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/sftoken-source.XXXXXX")
  # Every tracked file (as it is in the work tree), folders included: a portable `cp --parents`.
  while IFS= read -r -d '' file; do
    [ -f "$file" ] || continue # tracked, but deleted in the work tree
    case $file in */*) mkdir -p "$tmp/${file%/*}" ;; esac
    cp -p "$file" "$tmp/$file"
  done < <(git ls-files -z)
  python3 tools/package.py "$tmp" "$DIST/sftoken-source.zip"
  rm -rf "$tmp"
  check_reproducible
  say "packaged: dist/sftoken-chrome.zip, dist/sftoken-firefox.zip, dist/sftoken-source.zip"
}

# The store zips must come out byte-identical from a second build from scratch (a fresh cargo target folder, a
# fresh dist): a reviewer who rebuilds from the source zip gets the very files uploaded. On a difference it names
# the files that differ and keeps the second build (target/package-check/) to compare.
check_reproducible() {
  local check=target/package-check zip differ=""
  say "second build from scratch in $check/, to check that the store zips are byte-identical"
  rm -rf "$check"
  (DIST=$ROOT/$check/dist WASM_TARGET_DIR=$check/wasm && build_wasm && build_extension)
  for zip in sftoken-chrome.zip sftoken-firefox.zip; do
    if cmp -s "$DIST/$zip" "$check/dist/$zip"; then
      say "reproducible: $zip, sha256 $(sha256sum <"$DIST/$zip" | cut -d' ' -f1) in both builds"
    else
      differ="$differ $zip"
      printf '%s differs between the two builds; files that differ:\n' "$zip" >&2
      python3 - "$DIST/$zip" "$check/dist/$zip" >&2 <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
names = sorted(set(a.namelist()) | set(b.namelist()))
for n in names:
    if n not in a.namelist() or n not in b.namelist() or a.read(n) != b.read(n):
        print("  " + n)
PY
    fi
  done
  [ -z "$differ" ] || die "not reproducible:$differ (the second build is kept in $check/ to compare)"
  rm -rf "$check"
}

# ---------------------------------------------------------------- bench
# Times are the benchmark's budgets, not tests: a figure over its budget is flagged, the command still succeeds.
# tests/bench/run.mjs also runs the native benchmark (cargo bench --bench core). About 2-3 minutes.
bench() {
  ensure_for bench
  build
  say "benchmark: sizes, popup time to interactive (Chromium, Firefox), whole flow, native core, jsforce side by side"
  node tests/bench/run.mjs
}

# ---------------------------------------------------------------- fuzz
# fuzz [SECONDS] [TARGET...]: builds fuzz/ once (its own crate and workspace), then runs each target's libFuzzer for
# SECONDS on fuzz/corpus/<target> (kept, git-ignored) plus the committed seeds in fuzz/seeds/<target>. Findings are the
# crash-/timeout-/oom-/leak- files in fuzz/artifacts/<target> (delete them once fixed); each run's log is
# fuzz/target/logs/<target>.log. cargo-fuzz wants nightly: RUSTC_BOOTSTRAP=1 lets the stable toolchain build it, and
# --sanitizer none (no ASan: the crate has no unsafe code) keeps it fast. Debug assertions on, as in `cargo test`.
# `fuzz --runs N [TARGET...]` runs each target for N executions instead (the README's long-run figure: 10 million).
FUZZ_SECONDS=20
fuzz() {
  local seconds=$FUZZ_SECONDS runs_wanted=''
  if [ "${1:-}" = --runs ]; then
    case ${2:-} in '' | *[!0-9]*) die "fuzz --runs wants a number of executions, e.g. --runs 10000000" ;; esac
    runs_wanted=$2; shift 2
  fi
  case ${1:-} in '' | *[!0-9]*) ;; *) seconds=$1; shift ;; esac
  ensure_for fuzz
  local targets=("$@") t
  # shellcheck disable=SC2207 # target names: one word each
  [ ${#targets[@]} -gt 0 ] || targets=($(cd fuzz/fuzz_targets && ls -- *.rs | sed 's/\.rs$//'))
  for t in "${targets[@]}"; do
    [ -f "fuzz/fuzz_targets/$t.rs" ] || die "unknown fuzz target '$t': see fuzz/fuzz_targets/"
  done
  say "building the fuzz targets"
  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer none --debug-assertions)
  local bin logs=fuzz/target/logs
  bin=fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release
  mkdir -p "$logs"
  local limit=(-max_total_time="$seconds")
  if [ -n "$runs_wanted" ]; then
    limit=(-runs="$runs_wanted")
    say "fuzzing ${#targets[@]} targets, $runs_wanted executions each"
  else
    say "fuzzing ${#targets[@]} targets, $seconds s each (about $(( (${#targets[@]} * seconds + 59) / 60 )) min)"
  fi
  local line runs secs rate corpus before found total_found=0 rc
  printf '%-32s %14s %10s %14s %9s\n' target executions execs/s "corpus (new)" findings
  for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    before=$(find "fuzz/corpus/$t" -type f | wc -l)
    set +e
    "$bin/$t" "${limit[@]}" -timeout=10 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" \
      "fuzz/corpus/$t" "fuzz/seeds/$t" >"$logs/$t.log" 2>&1
    rc=$?
    set -e
    # libFuzzer's last words: "Done N runs in S second(s)"; after a crash, only its final stats.
    line=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$logs/$t.log" | tail -n 1)
    if [ -n "$line" ]; then
      read -r runs secs <<<"$line"
    else
      runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n 1)
      secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -n 1)
      runs=${runs:-0}; secs=$(( ${secs:-0} > 0 ? runs / secs : 0 ))
    fi
    rate=$(( secs > 0 ? runs / secs : runs ))
    corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
    found=$(find "fuzz/artifacts/$t" -maxdepth 1 -type f \
      \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    [ "$rc" = 0 ] || [ "$found" -gt 0 ] || found=1 # it failed without leaving an artifact: still a finding
    total_found=$((total_found + found))
    printf '%-32s %14s %10s %14s %9s\n' "$t" "$runs" "$rate" "$corpus (+$((corpus - before)))" "$found"
  done
  if [ "$total_found" -gt 0 ]; then
    die "fuzz: $total_found finding(s): see fuzz/artifacts/<target>/ and fuzz/target/logs/<target>.log"
  fi
}

case "${1:-build}" in
  build) build ;;
  test) shift; run_tests "$@" ;;
  demo) demo ;;
  screenshots) screenshots ;;
  package) package ;;
  bench) bench ;;
  fuzz) shift; fuzz "$@" ;;
  *) die "unknown command '$1': use build, test [SUITE...], demo, screenshots, bench, fuzz [SECONDS] [TARGET...] or package" ;;
esac
