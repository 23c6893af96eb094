#!/usr/bin/env bash
# Runs every test of every module (unit, real-socket and real-container tests).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify
