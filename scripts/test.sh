#!/usr/bin/env bash
# Every test: native unit and contract tests, browser component tests in headless Chromium,
# and end-to-end tests driving the built app (web page and extension) against the simulator.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { printf '\n== %s\n' "$*"; }

scripts/setup.sh

step "Native tests (cargo test --workspace)"
cargo test --workspace --quiet

step "Build (trunk build --release, extension packages)"
scripts/build.sh
cargo build --quiet -p canarytoken-sim

step "Browser tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180 \
  cargo test -p canarytoken-manager --target wasm32-unknown-unknown --test browser

step "End-to-end tests (Chromium, Firefox, nginx against the simulator)"
node --test --test-concurrency=1 e2e/
