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

step "Thinkst's Python client (canarytools) against the simulator"
scripts/conformance.sh

step "Build (trunk build --release, extension packages)"
scripts/build.sh
cargo build --quiet -p canarytoken-sim

step "Browser tests (wasm-bindgen-test, headless Chromium)"
# The transport tests call a simulator with CORS on: the test page has its own origin.
SIM_PORT=18917
if (exec 3<>"/dev/tcp/127.0.0.1/$SIM_PORT") 2>/dev/null; then
  echo "port $SIM_PORT is taken; the browser tests need it for the simulator" >&2
  exit 1
fi
target/debug/canarytoken-sim --listen "127.0.0.1:$SIM_PORT" --cors >target/browser-test-sim.log 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SIM_PORT") 2>/dev/null && break; sleep 0.1; done
CTM_SIM_URL="http://127.0.0.1:$SIM_PORT" CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180 \
  cargo test -p canarytoken-manager --target wasm32-unknown-unknown --test browser
kill $SIM_PID

step "End-to-end tests (Chromium, Firefox, nginx against the simulator)"
node --test --test-concurrency=1 e2e/
