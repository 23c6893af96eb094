#!/usr/bin/env bash
# The local cluster in one command: builds and installs every module (tests skipped), then starts
# Undertow's balancer, the nodes, the load and the live page on 127.0.0.1. Options are passed on,
# e.g.  scripts/local-cluster.sh --clients=40 --ui-port=9090  (see --help). Ctrl-C stops it all.
# With --balancer=haproxy the clients go through a real HAProxy (Debian package haproxy) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests install
exec mvn -q -B -ntp -pl test-harness exec:java -Dexec.args="$*"
