#!/usr/bin/env bash
# Installs the PHP command-line interpreter from Debian (php-cli: 6 packages, ~2 MB download,
# ~10 MB installed) so tests/integration/test_webhook_receiver_php.py can run the guide's PHP
# receiver (docs/receivers/receiver.php) against real signed deliveries. Idempotent; needs root
# (or sudo) for apt-get. Prints nothing and exits 0 when `php` is already there.
set -euo pipefail
command -v php >/dev/null && exit 0
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install.sh: root or sudo is needed for apt-get" >&2; exit 1; }
  exec sudo -n "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends php-cli >/dev/null \
  || { apt-get update -qq && apt-get install -y -qq --no-install-recommends php-cli >/dev/null; }
command -v php >/dev/null
