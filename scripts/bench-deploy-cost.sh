#!/bin/sh
# Deploy cost of the agent: a copy of the Tomcat 10.1 distribution (unpacked by mvn verify in
# test-harness) with 200 one-page wars in webapps/, started with catalina.sh, once without the agent
# (agent jar "none") and once with the given tomcat-lib jar in lib/ and the listener in server.xml
# (proxyList=127.0.0.1:1, no proxy answers). Prints "Server startup in" and the process CPU time
# when it is logged. Usage: scripts/bench-deploy-cost.sh <label> <tomcat-lib jar | none>
# WARS=<n> (default 200) sets the number of wars; BENCH_OPTS adds JVM options (e.g. for JFR);
# SHUTDOWN_PORT and HTTP_PORT (default 18005, 18080) move the ports.
set -e
HOME_DIR=${TOMCAT_HOME:-test-harness/target/tomcat-dist/apache-tomcat-10.1.48}
WORK=${TMPDIR:-/tmp}/clusteragent-deploy-bench; mkdir -p "$WORK"; B=$WORK/$1
rm -rf "$B"; cp -r "$HOME_DIR" "$B"; chmod +x "$B"/bin/*.sh
rm -rf "$B"/webapps/*
printf '<html>hi</html>' > "$WORK/index.html"
(cd "$WORK" && rm -f w.war && zip -q w.war index.html)
i=1; while [ $i -le ${WARS:-200} ]; do cp "$WORK/w.war" "$B/webapps/app$i.war"; i=$((i+1)); done
sed -i "s/port=\"8005\"/port=\"${SHUTDOWN_PORT:-18005}\"/; s/port=\"8080\"/port=\"${HTTP_PORT:-18080}\"/" "$B/conf/server.xml"
if [ "$2" != none ]; then
  cp "$2" "$B/lib/"
  sed -i 's|<Service name="Catalina">|<Listener className="org.clusteragent.tomcat.ClusterListener" proxyList="127.0.0.1:1" advertise="false"/>\n  <Service name="Catalina">|' "$B/conf/server.xml"
fi
export CATALINA_HOME="$B" CATALINA_BASE="$B" CATALINA_PID="$B/pid" JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64} CATALINA_OPTS="-Xmx256m ${BENCH_OPTS:-}"
"$B/bin/catalina.sh" start >/dev/null 2>&1
n=0; while ! grep -q "Server startup in" "$B/logs/catalina.out" 2>/dev/null; do sleep 0.2; n=$((n+1)); [ $n -gt 600 ] && break; done
PID=$(cat "$B/pid")
CPU=$(awk '{print $14+$15}' /proc/$PID/stat)
grep -o "Server startup in \[[0-9,]*\] milliseconds" "$B/logs/catalina.out"
echo "$1: process CPU ticks at startup: $CPU (1 tick = 10 ms)"
# the same by thread kind (utime + stime of each thread, counted from the end: names may hold spaces)
for t in /proc/$PID/task/*; do echo "$(awk '{print $(NF-38)+$(NF-37)}' $t/stat 2>/dev/null) $(cat $t/comm 2>/dev/null)"; done \
  | awk '{c=$1; $1=""; n=$0; k="other"; if (n ~ /C[12] Compiler/) k="jit"; else if (n ~ /^ java$/) k="main"; else if (n ~ /GC|G1/) k="gc"; else if (n ~ /clusteragent/) k="agent"; a[k]+=c} END {printf "%s: ticks by thread: ", "'"$1"'"; for (k in a) printf "%s %d  ", k, a[k]; print ""}'
grep -o "Deployment of web application archive \[[^]]*app1.war\] has finished in \[[0-9,]*\] ms" "$B/logs/catalina.out" || true
grep "^TIMING" "$B/logs/catalina.out" || true   # only with scripts/deploy-cost-timing.patch applied
"$B/bin/catalina.sh" stop 20 -force >/dev/null 2>&1 || kill -9 $PID 2>/dev/null || true
rm -rf "$B" "$WORK/w.war" "$WORK/index.html"; rmdir "$WORK" 2>/dev/null || true
