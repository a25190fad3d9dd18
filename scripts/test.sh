#!/usr/bin/env bash
# Set up everything the test suite needs, from nothing, then run it. README's test command and CI's.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k feeds`).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "need root to install: $*" >&2; return 1; fi; }

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'

# Independent calendar clients: Mozilla's ical.js (Thunderbird's parser) runs on Node.js.
if ! command -v npm >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
npm ci --no-audit --no-fund --loglevel=error

.venv/bin/python -m pytest -q "$@"
