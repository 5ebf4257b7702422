#!/usr/bin/env bash
# Builds the app into dist/ (the web page: index.html, the popup, and workbench.html, each with
# its own wasm) and packages the extension directories and zips.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

# Trunk builds one page at a time and empties its dist first: the workbench goes to a side
# directory and joins dist/ after.
trunk build --release --offline=true index.html
trunk build --release --offline=true workbench.html --dist target/dist-workbench
cp target/dist-workbench/index.html dist/workbench.html
cp target/dist-workbench/workbench.js \
  target/dist-workbench/workbench_bg.wasm dist/
# Trunk leaves wasm-bindgen's glue as written; minified it is ~2 KB lighter gzipped. Property
# names (the wasm's imports) are left alone: only local names are mangled.
for glue in dist/popup.js dist/workbench.js; do
  tools/node_modules/.bin/terser "$glue" --module --compress --mangle --output "$glue"
done
python3 scripts/package-extension.py
