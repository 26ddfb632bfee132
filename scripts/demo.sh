#!/usr/bin/env bash
# Builds the release panel and serves it with the API simulator, on
# 127.0.0.1:8080 unless --listen sets another address. The simulator prints the URL
# and the demo key and secret.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/install.sh"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk build --release --offline
cargo build -p platform-sim
# Arguments go to the simulator; the defaults below apply unless given.
defaults=()
case " $* " in *" --listen"*) ;; *) defaults+=(--listen 127.0.0.1:8080) ;; esac
case " $* " in *" --state"*) ;; *) defaults+=(--state "$root/target/demo-state.json") ;; esac
exec "$root/target/debug/platform-sim" --serve "$root/dist" "${defaults[@]}" "$@"
