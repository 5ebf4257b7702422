# Sourced by the other scripts: where the tools live.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must use the tools installed by setup.sh, never download its own.
export TRUNK_OFFLINE=true
TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1
# The wasm-bindgen CLI must equal the crate's pinned wasm-bindgen exactly.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$ROOT/Cargo.toml")"
