#!/usr/bin/env bash
# Runs every test tier: native unit and simulator tests, component tests in
# headless Chromium, and the end-to-end test of the release panel served by
# the simulator. Installs what is missing first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/install.sh"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

echo "== native tests: panel logic, certificate checks, simulator"
cargo test --workspace --exclude e2e

echo "== component tests in headless Chromium"
cargo test -p tls-panel --target wasm32-unknown-unknown --test web

echo "== release build of the panel"
trunk build --release --offline
cargo build -p platform-sim

echo "== end-to-end test in Chromium against the simulator"
PLATFORM_SIM_BIN="$root/target/debug/platform-sim" PANEL_DIST="$root/dist" \
  cargo test -p e2e -- --nocapture
