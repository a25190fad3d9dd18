#!/usr/bin/env bash
# Set up everything the test suite needs, from nothing, then run it. README's test command and CI's.
# Extra arguments go to pytest (e.g. `./scripts/test.sh -k feeds`).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "need root to install: $*" >&2; return 1; fi; }

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'

# Debian packages: Node.js for Mozilla's ical.js (Thunderbird's parser) and axe-core; Chromium for
# the browser tests (Playwright drives /usr/bin/chromium; it never downloads a browser).
missing=()
command -v npm >/dev/null || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# a Chinese font, so that printed posters are measured with real glyphs, not empty boxes
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
npm ci --no-audit --no-fund --loglevel=error

.venv/bin/python -m pytest -q "$@"
