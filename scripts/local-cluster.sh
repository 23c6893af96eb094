#!/usr/bin/env bash
# The local cluster in one command: builds the project (tests skipped, nothing installed into
# ~/.m2), then starts Undertow's balancer, the nodes, the load and the live page on 127.0.0.1.
# Options are passed on, e.g.  scripts/local-cluster.sh --clients=40 --ui-port=9090
# (--help explains each, without building). Ctrl-C stops it all: the nodes drain first, and a
# second Ctrl-C stops at once. With --balancer=haproxy the clients go through a real HAProxy
# (Debian package haproxy) instead.
set -euo pipefail
cd "$(dirname "$0")/.."

help_file=test-harness/src/main/resources/org/clusteragent/harness/cluster/local-cluster-help.txt
for arg in "$@"; do
  case "$arg" in
    -h|--help) cat "$help_file"; exit 0 ;;
  esac
done
for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "local-cluster: '$tool' not found; install Java 17+ and Maven 3.8+" >&2; exit 1; }
done

# Build, showing each module as it starts instead of minutes of silence; the full log stays on disk.
log=target/local-cluster-build.log
mkdir -p target
echo "local-cluster: building (tests skipped; the first build downloads dependencies and takes longer; log: $log)"
start=$SECONDS
mvn -B -ntp -Dstyle.color=never -DskipTests -pl test-harness -am package >"$log" 2>&1 </dev/null &
build=$!
shown=0
while kill -0 "$build" 2>/dev/null; do
  # Print the "Building <module> [n/N]" lines not shown yet.
  lines=$(grep -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]$' "$log" 2>/dev/null || true)
  count=$(printf '%s' "$lines" | grep -c . || true)
  if [ "$count" -gt "$shown" ]; then
    printf '%s\n' "$lines" | tail -n +"$((shown + 1))" | sed -E 's/^\[INFO\] Building (.*) [0-9.]+-SNAPSHOT +\[([0-9]+\/[0-9]+)\]$/  [\2] \1/'
    shown=$count
  fi
  sleep 0.5
done
if ! wait "$build"; then
  echo "local-cluster: the build failed after $((SECONDS - start)) s; the end of $log:" >&2
  grep -E '^\[ERROR\]' "$log" | head -20 >&2 || tail -20 "$log" >&2
  exit 1
fi
echo "local-cluster: built in $((SECONDS - start)) s; starting the cluster"

classpath="test-harness/target/classes:$(cat test-harness/target/local-cluster.classpath)"
# The nodes' and HAProxy's temporary folders go here rather than the system's temp folder, so that a
# stop at once (which gives the JVM no chance to delete them) leaves nothing behind either.
cluster_tmp="$PWD/target/local-cluster-tmp" # absolute: HAProxy reads a relative socket path as host:port
rm -rf "$cluster_tmp"
mkdir -p "$cluster_tmp"
# One line per log record (time, level, message) instead of the JDK's two-line default.
java -Djava.io.tmpdir="$cluster_tmp" -Djava.util.logging.SimpleFormatter.format='%1$tT %4$s %5$s%6$s%n' \
  -Dclusteragent.demo.war=demo-war/target/demo.war -cp "$classpath" \
  org.clusteragent.harness.cluster.LocalClusterMain "$@" &
cluster=$!

# A script's background job ignores SIGINT, so Ctrl-C reaches it as a TERM from here (the JVM then
# runs its shutdown hook: drain, countdown); a second Ctrl-C kills it at once, with what it started
# (HAProxy). The job is disowned first: bash would otherwise report its death as a stray "Killed" line.
stopping=0
on_interrupt() {
  if [ "$stopping" -eq 0 ]; then
    stopping=1
    kill -TERM "$cluster" 2>/dev/null || true
  else
    disown "$cluster" 2>/dev/null || true
    pkill -KILL -P "$cluster" 2>/dev/null || true
    kill -KILL "$cluster" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$cluster" 2>/dev/null || break; sleep 0.1; done
    rm -rf "$cluster_tmp"
    echo "local-cluster: second Ctrl-C: stopped at once, without waiting for the drain"
    exit 130
  fi
}
trap on_interrupt INT TERM
set +e
while kill -0 "$cluster" 2>/dev/null; do
  wait "$cluster"
  status=$?
done
wait "$cluster" 2>/dev/null
status=${status:-$?}
if [ "$stopping" -eq 1 ]; then
  exit 0
fi
exit "$status"
