#!/usr/bin/env bash
# One command for the demo: installs what is missing, builds the app, and starts the Console
# simulator serving the app and the API on one origin. PORT=9000 ./scripts/demo.sh to move it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

scripts/setup.sh
scripts/build.sh
cargo build --quiet -p canarytoken-sim
echo
echo "Open the app at the address below; paste the admin API key into the connect form."
exec target/debug/canarytoken-sim --listen "127.0.0.1:${PORT:-8080}" --dist dist
