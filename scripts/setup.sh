#!/usr/bin/env bash
# Installs what building, the demo and the tests need; skips whatever is already present at the
# right version, so a warm machine passes through in seconds.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in chromium chromium-driver firefox-esr nginx python3-venv; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

command -v node >/dev/null && command -v npm >/dev/null || {
  echo "Node.js and npm are needed (for wasm-opt and the browser tests): apt-get install nodejs npm" >&2
  exit 1
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "Trunk $TRUNK_VERSION (builds from source: several minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# Not --locked: the registry here lacks one of its locked dependency versions.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "wasm-bindgen CLI $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! geckodriver --version 2>/dev/null | grep -q "^geckodriver $GECKODRIVER_VERSION"; then
  step "geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --force
fi

# npm tools (wasm-opt from binaryen, playwright-core, web-ext), pinned by the lockfile.
if ! cmp -s tools/package-lock.json tools/node_modules/.installed-lock.json 2>/dev/null; then
  step "npm tools"
  (cd tools && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.installed-lock.json)
fi

cargo fetch --quiet
