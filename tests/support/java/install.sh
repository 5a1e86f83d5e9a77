#!/usr/bin/env bash
# Installs a JDK from Debian (openjdk-17-jdk-headless) so tests/integration/test_webhook_receiver_java.py
# can run the guide's Java receiver (docs/receivers/Receiver.java) against real signed deliveries.
# This machine kind ships one (docs: the environment's machine description), so usually this does
# nothing. Idempotent; needs root (or sudo) for apt-get. Exits 0 at once when `java` is there.
set -euo pipefail
command -v java >/dev/null && exit 0
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install.sh: root or sudo is needed for apt-get" >&2; exit 1; }
  exec sudo -n "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless >/dev/null \
  || { apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless >/dev/null; }
command -v java >/dev/null
