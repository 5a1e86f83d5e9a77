#!/usr/bin/env bash
# Prometheus for the tests: Debian's `prometheus` package gives `prometheus` (the real server the
# end-to-end test scrapes the services with) and `promtool` (alert rule unit tests);
# `prometheus-alertmanager` gives `amtool` (the routing example's check). Idempotent and quick
# when present; `make test` calls it, as tests/browser/install.sh for chromium.
# Pinned to Debian 12's series (prometheus 2.42, alertmanager 0.25), what the tests were written
# against: the distribution fixes the versions, and an older Prometheus is refused below.
set -euo pipefail
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1 \
    || ! command -v amtool >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      prometheus prometheus-alertmanager >/dev/null
    # The packages start servers of their own where systemd runs; the tests start their own.
    command -v systemctl >/dev/null 2>&1 && systemctl stop prometheus prometheus-alertmanager 2>/dev/null || true
  else
    echo "tests/observability/install.sh: missing; run: sudo apt-get install -y prometheus prometheus-alertmanager" >&2
    exit 0
  fi
fi
version=$(prometheus --version 2>&1 | sed -n 's/^prometheus, version \([0-9]*\.[0-9]*\).*/\1/p')
if [ "$(printf '%s\n' 2.42 "$version" | sort -V | head -1)" != 2.42 ]; then
  echo "tests/observability/install.sh: prometheus $version is older than 2.42, which the tests need" >&2
  exit 1
fi
