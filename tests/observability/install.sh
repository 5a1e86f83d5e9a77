#!/usr/bin/env bash
# Prometheus for the tests: Debian's `prometheus` package gives `prometheus` (the real server the
# end-to-end test scrapes the services with) and `promtool` (alert rule unit tests);
# `prometheus-alertmanager` gives `amtool` (the routing example's check). Idempotent and quick
# when present; `make test` calls it, as tests/browser/install.sh for chromium.
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
  fi
fi
