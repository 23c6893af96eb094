package org.clusteragent.harness.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the local cluster is configured with; immutable. Ports 0 mean "any free port"
 * (tests); the command line uses fixed defaults. Every socket is bound to 127.0.0.1 and the
 * advertise datagrams go out of the loopback interface only.
 *
 * @param proxyPort      the balancer's proxy port (clients)
 * @param mcmpPort       the balancer's MCMP port (nodes)
 * @param uiPort         the live page's port
 * @param advertiseGroup multicast group of the advertise datagrams
 * @param advertisePort  UDP port of the advertise datagrams
 * @param securityKey    advertise security key shared by balancer and nodes
 * @param tomcatNodes    number of Tomcat nodes
 * @param undertowNodes  number of Undertow nodes
 * @param clients        simulated clients of the load driver
 * @param sessionLife    how long one client keeps its session before starting a new one
 * @param thinkTime      pause of a client between two requests
 * @param statusInterval the agents' statusInterval
 * @param drainTimeout   the agents' stopContextTimeout: how long a stopping node may drain
 * @param war            the demo war
 * @param balancer       {@code undertow} (Undertow's mod_cluster balancer serves the clients) or
 *                       {@code haproxy} (a real HAProxy serves them, steered by each node's agent check;
 *                       Undertow's balancer still runs beside it for the page's view of the nodes)
 * @param agentPortBase  with {@code haproxy}: node number i listens for agent checks on base + i
 */
public record ClusterSettings(int proxyPort, int mcmpPort, int uiPort, String advertiseGroup, int advertisePort,
                              String securityKey, int tomcatNodes, int undertowNodes, int clients,
                              Duration sessionLife, Duration thinkTime, Duration statusInterval, Duration drainTimeout,
                              Path war, String balancer, int agentPortBase) {

    static final String LOOPBACK = "127.0.0.1";
    /** The context path the demo war is deployed at on every node. */
    public static final String DEMO_PATH = "/demo";
    /** The balancers the clients can go through. */
    public static final java.util.List<String> BALANCERS = java.util.List.of("undertow", "haproxy");

    public ClusterSettings {
        Objects.requireNonNull(advertiseGroup, "advertiseGroup");
        Objects.requireNonNull(securityKey, "securityKey");
        Objects.requireNonNull(sessionLife, "sessionLife");
        Objects.requireNonNull(thinkTime, "thinkTime");
        Objects.requireNonNull(statusInterval, "statusInterval");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(war, "war");
        if (!BALANCERS.contains(balancer)) {
            throw new IllegalArgumentException("balancer=" + balancer + " is not one of " + BALANCERS);
        }
        checkPort("agent-port-base", agentPortBase);
        checkPort("proxy-port", proxyPort);
        checkPort("mcmp-port", mcmpPort);
        checkPort("ui-port", uiPort);
        checkPort("advertise-port", advertisePort);
        if (tomcatNodes < 0 || undertowNodes < 0 || tomcatNodes + undertowNodes == 0) {
            throw new IllegalArgumentException("tomcat-nodes=" + tomcatNodes + ", undertow-nodes=" + undertowNodes
                    + ": need at least one node and no negative count");
        }
        if (clients < 0) {
            throw new IllegalArgumentException("clients=" + clients + " must be 0 or more");
        }
        if (sessionLife.isNegative() || sessionLife.isZero()) {
            throw new IllegalArgumentException("session life " + sessionLife + " must be positive");
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + "=" + port + " is not a port: use 0..65535 (0 = any free port)");
        }
    }

    /** True when clients go through HAProxy. */
    public boolean haproxy() {
        return balancer.equals("haproxy");
    }

    /**
     * The agent-check port of node {@code tomcat-i} (base + i) or {@code undertow-j} (base + Tomcat
     * nodes + j).
     */
    public int agentPort(String node) {
        int dash = node.lastIndexOf('-');
        int number = Integer.parseInt(node.substring(dash + 1));
        return agentPortBase + (node.startsWith("undertow-") ? tomcatNodes + number : number);
    }

    /** The defaults of the command line: proxy 8000, MCMP 6666, page 8080, 2 Tomcat + 1 Undertow, 20 clients. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the command line's defaults. Not thread-safe. */
    public static final class Builder {
        private int proxyPort = 8000;
        private int mcmpPort = 6666;
        private int uiPort = 8080;
        private String advertiseGroup = "224.0.1.105";
        private int advertisePort = 23364;
        private String securityKey = "local-cluster-key";
        private int tomcatNodes = 2;
        private int undertowNodes = 1;
        private int clients = 20;
        private Duration sessionLife = Duration.ofSeconds(10);
        private Duration thinkTime = Duration.ofMillis(200);
        private Duration statusInterval = Duration.ofSeconds(1);
        private Duration drainTimeout = Duration.ofSeconds(3); // a demo: Ctrl-C should not take long
        private Path war = Path.of("..", "demo-war", "target", "demo.war");
        private String balancer = "undertow";
        private int agentPortBase = 9700;

        public Builder proxyPort(int v) { proxyPort = v; return this; }
        public Builder mcmpPort(int v) { mcmpPort = v; return this; }
        public Builder uiPort(int v) { uiPort = v; return this; }
        public Builder advertiseGroup(String v) { advertiseGroup = v; return this; }
        public Builder advertisePort(int v) { advertisePort = v; return this; }
        public Builder securityKey(String v) { securityKey = v; return this; }
        public Builder tomcatNodes(int v) { tomcatNodes = v; return this; }
        public Builder undertowNodes(int v) { undertowNodes = v; return this; }
        public Builder clients(int v) { clients = v; return this; }
        public Builder sessionLife(Duration v) { sessionLife = v; return this; }
        public Builder thinkTime(Duration v) { thinkTime = v; return this; }
        public Builder statusInterval(Duration v) { statusInterval = v; return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        public Builder war(Path v) { war = v; return this; }
        public Builder balancer(String v) { balancer = v; return this; }
        public Builder agentPortBase(int v) { agentPortBase = v; return this; }

        public ClusterSettings build() {
            return new ClusterSettings(proxyPort, mcmpPort, uiPort, advertiseGroup, advertisePort, securityKey,
                    tomcatNodes, undertowNodes, clients, sessionLife, thinkTime, statusInterval, drainTimeout, war,
                    balancer, agentPortBase);
        }
    }
}
