#!/usr/bin/env bash
# Measures the certificate checks and prints three figures:
#   1. The release panel's wasm and JS, raw and brotli, with and without the
#      checks (bench/measure-size.sh).
#   2. The time of one tls_certs::analyze call as wasm in headless Chromium.
#   3. The time of the same check with @peculiar/x509 and WebCrypto in the
#      same browser run, and the ratio of the two (bench/run-browser.sh).
# docs/benchmarks.md records a run and explains the method.
#
# Usage: scripts/bench.sh [QUERY]
# QUERY is passed to the benchmark page, for example "rounds=5&per_round=100".
# BENCH_OUT sets the output folder (default target/bench). The two panel
# builds use target directories of their own in it, so the first run
# compiles the panel's dependencies twice (about 5 minutes on 2 cores).
# Later runs take about 40 seconds when the panel has not changed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/install.sh"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out="${BENCH_OUT:-$root/target/bench}"
mkdir -p "$out"
export CARGO_TARGET_DIR="$out/cargo"

# The size report also gives the size of the JavaScript library for scale,
# so its packages are installed first.
(cd "$root/bench/js" && npm ci --no-audit --no-fund)

"$root/bench/measure-size.sh" "$out"
"$root/bench/run-browser.sh" "$out" "${1:-}"

echo
node "$root/bench/report.mjs" "$out"
