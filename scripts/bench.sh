#!/usr/bin/env bash
# Benchmarks (separate from the tests): the figures for the budgets in design.md, in one run.
# ONLY=bundle,startup,sizes,inventory,bulk,alerts,journal picks sections (see scripts/bench.mjs);
# RUNS=9 start-ups of each page; NO_BUILD=1 measures the builds already there.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

if [[ "${NO_BUILD:-}" != 1 ]]; then
  # Two cores: a second Trunk build beside someone else's would slow both and skew the figures.
  while pgrep -f "trunk build" >/dev/null; do sleep 5; done
  scripts/build.sh >/dev/null
  # The start-up floor, built as the app's pages are (tools/floor/Trunk.toml: target/floor-dist).
  (cd tools/floor && trunk build --release --offline=true) >target/floor-build.log 2>&1 \
    || { cat target/floor-build.log >&2; echo "building the floor (tools/floor) failed" >&2; exit 1; }
  # Its glue minified as scripts/build.sh minifies the app's.
  tools/node_modules/.bin/terser target/floor-dist/floor.js --module --compress --mangle --output target/floor-dist/floor.js
  cargo build --quiet -p canarytoken-sim
fi
node scripts/bench.mjs
