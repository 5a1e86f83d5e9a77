#!/usr/bin/env bash
# Browser-test prerequisites: Debian's chromium and the playwright Python package (which drives that
# chromium; no browser download). Idempotent and quick when both are there; `make test` calls it.
set -euo pipefail
PY="${1:-.venv/bin/python}"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "tests/browser/install.sh: chromium is missing; run: sudo apt-get install -y chromium" >&2
  fi
fi
# Reporting's PDF reports are set in DejaVu Sans (every Vietnamese letter).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
  else
    echo "tests/browser/install.sh: fonts-dejavu-core is missing; run: sudo apt-get install -y fonts-dejavu-core" >&2
  fi
fi
if ! "$PY" -c "import playwright" 2>/dev/null; then
  "$PY" -m pip install --quiet "playwright>=1.49,<2"
fi
