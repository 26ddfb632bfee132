#!/usr/bin/env bash
# Builds the release panel twice with trunk, as it ships and without the
# certificate checks, and writes the raw and brotli sizes of its wasm and JS
# to OUT/sizes.json.
#
# The build without the checks is made from a copy of the working tree in
# which the body of tls_certs::analyze is replaced by a wasm trap
# (core::arch::wasm32::unreachable). The optimizer then drops every function
# that only analyze reaches: decoding, sorting, key matching, the policy
# checks and the previews. Parts of tls-certs that the panel calls directly,
# such as reading the policy from config.json and encoding the payload PEM,
# stay in both builds. The product's own sources are never changed.
#
# Usage: bench/measure-size.sh OUT
# The build with the checks uses CARGO_TARGET_DIR (default OUT/cargo) and
# the one without uses OUT/cargo-without. Each needs a target directory of
# its own, because cargo names the artifacts of a workspace member by its
# path relative to the workspace root. In a shared directory the copy's
# patched tls-certs would overwrite the real one and still count as fresh.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
target_with="${CARGO_TARGET_DIR:-$out/cargo}"

echo "== size: release panel with the certificate checks"
rm -rf "$out/panel-with"
(cd "$root" && CARGO_TARGET_DIR="$target_with" trunk build --release --offline --dist "$out/panel-with")

echo "== size: release panel without the certificate checks"
copy="$out/source-without-checks"
rm -rf "$copy" "$out/panel-without"
mkdir -p "$copy"
# Tracked and untracked files that git does not ignore, so target/, dist/ and
# node_modules/ stay out. A tracked file deleted in the working tree is
# skipped by --ignore-failed-read.
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$copy"

analysis="$copy/certs/src/analysis.rs"
# Inserts the trap as the first statement of analyze: after the line that
# opens its body, which may be the signature line or a later one when
# rustfmt wraps the parameters.
awk '
  /^pub fn analyze\(/ { in_signature = 1 }
  { print }
  in_signature && /\{$/ {
    print "    core::arch::wasm32::unreachable();"
    in_signature = 0
    inserted += 1
  }
  END { if (inserted != 1) exit 1 }
' "$analysis" >"$analysis.patched" || {
  echo "size: pub fn analyze( not found once in certs/src/analysis.rs; update bench/measure-size.sh to the new entry point" >&2
  exit 1
}
mv "$analysis.patched" "$analysis"
# The copy's build prints warnings about the unreachable code after the trap.
(cd "$copy" && CARGO_TARGET_DIR="$out/cargo-without" trunk build --release --offline --dist "$out/panel-without")

# Prints the size in bytes of FILE, raw or compressed as a web server would
# send it with brotli at its highest quality.
raw_size() { wc -c <"$1" | tr -d ' '; }
brotli_size() { brotli -q 11 -c "$1" | wc -c | tr -d ' '; }

only_file() {
  local matches=("$1"/$2)
  if [ ${#matches[@]} -ne 1 ] || [ ! -f "${matches[0]}" ]; then
    echo "size: expected exactly one $2 in $1, found: ${matches[*]}" >&2
    exit 1
  fi
  echo "${matches[0]}"
}

sizes_of() {
  local dist=$1 wasm js
  wasm=$(only_file "$dist" "tls-panel-*_bg.wasm")
  js=$(only_file "$dist" "tls-panel-*.js")
  printf '{"wasm": {"raw": %s, "brotli": %s}, "js": {"raw": %s, "brotli": %s}}' \
    "$(raw_size "$wasm")" "$(brotli_size "$wasm")" "$(raw_size "$js")" "$(brotli_size "$js")"
}

library_sizes() {
  local library="$root/bench/js/node_modules" x509 reflect
  x509="$library/@peculiar/x509/build/x509.js"
  reflect="$library/reflect-metadata/Reflect.js"
  if [ ! -f "$x509" ] || [ ! -f "$reflect" ]; then
    echo null
    return
  fi
  printf '{"x509": {"raw": %s, "brotli": %s}, "reflect": {"raw": %s, "brotli": %s}}' \
    "$(raw_size "$x509")" "$(brotli_size "$x509")" "$(raw_size "$reflect")" "$(brotli_size "$reflect")"
}

# Equal sizes would mean that one build's wasm was measured twice.
wasm_with=$(raw_size "$(only_file "$out/panel-with" "tls-panel-*_bg.wasm")")
wasm_without=$(raw_size "$(only_file "$out/panel-without" "tls-panel-*_bg.wasm")")
if [ "$wasm_with" -le "$wasm_without" ]; then
  echo "size: the wasm with the checks ($wasm_with bytes) is not larger than without them ($wasm_without bytes), so a build went wrong" >&2
  exit 1
fi

printf '{"with": %s, "without": %s, "javaScriptLibrary": %s}\n' \
  "$(sizes_of "$out/panel-with")" "$(sizes_of "$out/panel-without")" "$(library_sizes)" \
  >"$out/sizes.json"
echo "size: wrote $out/sizes.json"
