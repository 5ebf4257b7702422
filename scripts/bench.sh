#!/usr/bin/env bash
# Benchmarks (separate from the tests): bundle size and start-up time, and more as the app grows.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

scripts/build.sh >/dev/null
cargo build --quiet -p canarytoken-sim
node scripts/bench.mjs
