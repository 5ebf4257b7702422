#!/usr/bin/env bash
# Builds the app into dist/ (the web page) and packages the extension directories and zips.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

trunk build --release --offline
python3 scripts/package-extension.py
