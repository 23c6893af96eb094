#!/usr/bin/env bash
# Startup cost of the cluster agent in a Spring Boot application: the time Boot reports in
# "Started TestApp in N seconds" with the agent and without it (clusteragent.enabled=false), RUNS
# starts of each, alternating, then the median of each. Uses the executable jar of
# spring-boot-starter's ExecutableJarTest; build it first with
#   mvn -B -ntp -q -pl spring-boot-starter -am verify -Dtest=ExecutableJarTest -Dsurefire.failIfNoSpecifiedTests=false
# With the agent, proxy-list names a closed port on 127.0.0.1: registration is asynchronous
# (one lane per proxy), so what is measured is building, validating and starting the agent.
# Usage: scripts/boot-startup-bench.sh [jar] [runs]
set -euo pipefail
JAR=${1:-spring-boot-starter/target/executable-jar/test-app.jar}
RUNS=${2:-10}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CLOSED_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

start_once() { # $1 = true|false (agent enabled); prints Boot's startup seconds
  local log="$WORK/app.log"
  : > "$log"
  CLUSTERAGENT_ENABLED=$1 CLUSTERAGENT_PROXYLIST=127.0.0.1:$CLOSED_PORT CLUSTERAGENT_ADVERTISE=false \
    java -jar "$JAR" --server.port=0 --server.address=127.0.0.1 --server.tomcat.basedir="$WORK/tomcat" \
    > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    if grep -q 'Started TestApp in' "$log"; then break; fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local seconds
  seconds=$(sed -n 's/.*Started TestApp in \([0-9.]*\) seconds.*/\1/p' "$log" | head -1)
  if [ -z "$seconds" ]; then echo "no 'Started' line; log:" >&2; cat "$log" >&2; exit 1; fi
  if [ "$1" = true ] && ! grep -q CLAG9000 "$log"; then echo "agent did not start" >&2; cat "$log" >&2; exit 1; fi
  echo "$seconds"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

with=() without=()
for i in $(seq 1 "$RUNS"); do
  without+=("$(start_once false)")
  with+=("$(start_once true)")
done
echo "without agent: ${without[*]}"
echo "with agent:    ${with[*]}"
mw=$(printf '%s\n' "${with[@]}" | median)
mo=$(printf '%s\n' "${without[@]}" | median)
echo "median without agent: $mo s"
echo "median with agent:    $mw s"
awk -v a="$mw" -v b="$mo" 'BEGIN {printf "difference of medians: %.3f s\n", a - b}'
