#!/usr/bin/env bash
# Installs what the tests need beyond Java and Maven: headless Chromium and chromedriver (Debian
# packages chromium and chromium-driver) for the live-page browser test. Safe to run again: does
# nothing when both are present. Without root (or apt-get) it only says what is missing; the
# browser test then skips itself with that reason.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "setup: chromium and chromedriver present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: chromium/chromedriver missing; install the Debian packages chromium and chromium-driver" \
       "(as root: apt-get install chromium chromium-driver). The browser test will be skipped." >&2
  exit 0
fi
echo "setup: installing chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium chromium-driver
