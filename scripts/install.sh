#!/usr/bin/env bash
# Installs what building and testing the panel needs on a Debian machine, and
# skips every tool that is already present at the required version.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

trunk_version=0.22.1
binaryen_version=132

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages: a C toolchain and OpenSSL headers for the simulator, the
# openssl command for test certificates, Chromium and its driver for browser
# tests, Node.js and npm for wasm-opt, and brotli for the size benchmark.
packages=()
command -v cc >/dev/null || packages+=(build-essential)
command -v pkg-config >/dev/null || packages+=(pkg-config)
dpkg -s libssl-dev >/dev/null 2>&1 || packages+=(libssl-dev)
command -v openssl >/dev/null || packages+=(openssl)
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
command -v brotli >/dev/null || packages+=(brotli)
command -v curl >/dev/null || packages+=(curl)
if [ ${#packages[@]} -gt 0 ]; then
  echo "install: Debian packages ${packages[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
fi

# Debian 13 packages rustup; older releases need it from rustup.rs.
if ! command -v rustup >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y rustup || {
    echo "install: rustup is missing and Debian has no package for it here; install it from https://rustup.rs and run this again" >&2
    exit 1
  }
fi

# The toolchain and the wasm32 target pinned in rust-toolchain.toml.
rustup toolchain install >/dev/null
rustc --version

if [ "$(trunk --version 2>/dev/null)" != "trunk $trunk_version" ]; then
  echo "install: trunk $trunk_version (about 10 minutes on 2 cores)"
  cargo install trunk --version "$trunk_version" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
# It is installed without --locked, because its own lock file names a
# dependency version that is no longer published.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if ! grep -q "wasm_bindgen = \"$bindgen_version\"" Trunk.toml; then
  echo "install: Trunk.toml must pin wasm_bindgen = \"$bindgen_version\" to match Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  echo "install: wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# wasm-opt comes from npm's binaryen build; Trunk.toml pins its version.
if [ "$("$root/.tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | cut -d' ' -f3)" != "$binaryen_version" ]; then
  echo "install: wasm-opt (binaryen $binaryen_version from npm) into .tools/"
  npm install --prefix "$root/.tools" --no-audit --no-fund "binaryen@$binaryen_version.0.0"
fi
