#!/usr/bin/env bash
# Times the certificate check in headless Chromium, as wasm and with
# @peculiar/x509, and writes the figures the page posts to OUT/results.json.
#
# Builds the tls-certs-bench wasm with the workspace's release profile and
# optimizes it with wasm-opt -Oz, as trunk does for the panel. Makes fresh
# certificate material with openssl, serves the page from bench/serve.mjs on
# 127.0.0.1, and stops Chromium and the server when the results arrive.
#
# Usage: bench/run-browser.sh OUT [QUERY]
# QUERY is appended to the page URL, for example "rounds=5&per_round=100"
# (see bench/web/bench.js for the parameters). CARGO_TARGET_DIR defaults to
# OUT/cargo. BENCH_TIMEOUT_SECONDS (default 300) bounds the wait.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUT [QUERY]" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
query=${2:-}
timeout_seconds=${BENCH_TIMEOUT_SECONDS:-300}
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$out/cargo}"

echo "== browser: bench wasm (release profile, wasm-opt -Oz)"
(cd "$root" && cargo build --release --target wasm32-unknown-unknown -p tls-certs-bench)
site="$out/site"
rm -rf "$site"
mkdir -p "$site/pkg" "$site/material"
wasm-bindgen --target web --out-dir "$site/pkg" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/tls_certs_bench.wasm"
wasm-opt -Oz --output="$site/pkg/tls_certs_bench_bg.wasm" "$site/pkg/tls_certs_bench_bg.wasm"

echo "== browser: page, @peculiar/x509 and openssl material"
library="$root/bench/js/node_modules"
if [ ! -f "$library/@peculiar/x509/build/x509.js" ] || [ ! -f "$library/reflect-metadata/Reflect.js" ]; then
  (cd "$root/bench/js" && npm ci --no-audit --no-fund)
fi
cp "$root"/bench/web/*.html "$root"/bench/web/*.js "$site/"
cp "$library/@peculiar/x509/build/x509.js" "$site/x509.js"
cp "$library/reflect-metadata/Reflect.js" "$site/reflect-metadata.js"
# The CA keys stay in OUT/material; the page gets only what the check reads.
"$root/bench/make-material.sh" "$out/material"
cp "$out/material"/{leaf.pem,intermediate.pem,root.pem,leaf.key.pem} "$site/material/"

results="$out/results.json"
rm -f "$results" "$out/url.txt"
server_pid=""
chromium_pid=""
profile=$(mktemp -d "$out/chromium-profile.XXXXXX")
stop() {
  # Chromium runs in its own process group (setsid), so this ends its
  # helper processes too.
  if [ -n "$chromium_pid" ]; then kill -- "-$chromium_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$profile"
}
trap stop EXIT

node "$root/bench/serve.mjs" "$site" "$results" >"$out/url.txt" 2>"$out/serve.log" &
server_pid=$!
for _ in $(seq 50); do
  [ -s "$out/url.txt" ] && break
  sleep 0.1
done
if [ ! -s "$out/url.txt" ]; then
  echo "browser: the page server did not start; its log:" >&2
  cat "$out/serve.log" >&2
  exit 1
fi
url="$(head -n 1 "$out/url.txt")index.html?$query"

echo "== browser: Chromium at $url"
setsid chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --no-first-run --disable-background-networking --disable-component-update \
  --disable-sync --user-data-dir="$profile" "$url" >"$out/chromium.log" 2>&1 &
chromium_pid=$!

waited=0
until [ -f "$results" ]; do
  if ! kill -0 "$chromium_pid" 2>/dev/null; then
    echo "browser: Chromium exited before the page posted its results; the end of its log:" >&2
    tail -n 20 "$out/chromium.log" >&2
    exit 1
  fi
  if [ "$waited" -ge "$timeout_seconds" ]; then
    echo "browser: no results after $timeout_seconds s; see $out/chromium.log and $out/serve.log" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
echo "browser: wrote $results"
