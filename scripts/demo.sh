#!/usr/bin/env bash
# Builds the release panel and serves it with the API simulator on
# 127.0.0.1:8080. The simulator prints the URL and the demo key and secret.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/install.sh"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk build --release --offline
cargo build -p platform-sim
exec "$root/target/debug/platform-sim" --listen 127.0.0.1:8080 --serve "$root/dist" \
  --state "$root/target/demo-state.json" "$@"
