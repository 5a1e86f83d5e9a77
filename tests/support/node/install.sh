#!/usr/bin/env bash
# Installs the official Standard Webhooks library for JavaScript (npm `standardwebhooks`), pinned
# with its dependencies by package-lock.json beside this script, into
# $CITYCOMM_TOOLS_DIR/standardwebhooks (default var/tools, git-ignored), idempotently. The tests
# verify our signatures with it as well as with the Python library (tests/support/standardwebhooks_js.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
prefix="${CITYCOMM_TOOLS_DIR:-$repo_root/var/tools}/standardwebhooks"

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "install.sh: node and npm are needed (apt-get install nodejs npm)" >&2; exit 1; }
if ! cmp -s "$here/package-lock.json" "$prefix/package-lock.json" \
   || [[ ! -f "$prefix/node_modules/standardwebhooks/package.json" ]]; then
  echo "install.sh: npm ci (standardwebhooks, as package-lock.json pins it) in $prefix"
  mkdir -p "$prefix"
  cp "$here/package.json" "$here/package-lock.json" "$prefix/"
  npm ci --silent --no-audit --no-fund --prefix "$prefix"
fi
