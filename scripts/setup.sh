#!/usr/bin/env bash
# Installs what the tests need beyond Java and Maven, from Debian's packages:
#   chromium, chromium-driver  headless browser for the live-page browser test
#   apache2, apache2-dev       httpd and apxs, to build and run mod_proxy_cluster as a real proxy
#   haproxy                    the real HAProxy for the agent-check tests
# Safe to run again: installs only what is missing. Without root (or apt-get) it only says what is
# missing; the tests that need it then skip themselves, saying why (under CI=true they fail instead).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
{ command -v apache2 >/dev/null 2>&1 || [ -x /usr/sbin/apache2 ]; } || missing+=(apache2)
{ command -v apxs >/dev/null 2>&1 || [ -x /usr/bin/apxs ]; } || missing+=(apache2-dev)
{ command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; } || missing+=(haproxy)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: chromium, chromedriver, apache2, apxs and haproxy present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing Debian packages: ${missing[*]} (as root: apt-get install ${missing[*]})." \
       "The tests that need them will be skipped." >&2
  exit 0
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
