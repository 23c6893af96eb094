#!/usr/bin/env bash
# Runs every test of every module (unit, real-socket, real-container and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
# Headless Chromium for the live-page browser test (installed only when missing and run as root).
if [ -f scripts/setup.sh ]; then
  bash scripts/setup.sh
fi
exec mvn -B -ntp verify
