#!/usr/bin/env bash
# Thinkst's own Python client (PyPI canarytools 1.2.3, written against the real Console) driven
# against the simulator: sim/tests/canarytools/conformance.py. Makes the virtual environment
# at target/venv-canarytools the first time, and reuses it while it holds that version.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.2.3
VENV=target/venv-canarytools

if ! "$VENV/bin/python" -c "import canarytools, sys; sys.exit(canarytools.__version__ != '$VERSION')" 2>/dev/null; then
  echo "== virtual environment $VENV with canarytools $VERSION"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "canarytools==$VERSION"
fi

cargo build -p canarytoken-sim --quiet
exec "$VENV/bin/python" sim/tests/canarytools/conformance.py target/debug/canarytoken-sim "$@"
