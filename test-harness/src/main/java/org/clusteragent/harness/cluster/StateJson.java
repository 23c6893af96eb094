package org.clusteragent.harness.cluster;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The live page's {@code /api/state} document, written by hand (the harness needs no JSON library):
 * the latest sample of every node, the totals, and the last {@code points} samples of each node's
 * load factor, request rate and new-session rate for the charts. Stateless.
 */
final class StateJson {

    private StateJson() {
    }

    static String of(LocalCluster cluster, int points) {
        List<ClusterHistory.Sample> samples = cluster.history().samples();
        List<ClusterHistory.Sample> recent = samples.subList(Math.max(0, samples.size() - points), samples.size());
        ClusterHistory.Sample latest = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        StringBuilder out = new StringBuilder(4096).append('{');
        long now = System.currentTimeMillis();
        LocalCluster.FailureBaseline baseline = cluster.failureBaseline();
        boolean failedSinceReset = latest != null && latest.lastFailureMillis() > baseline.epochMillis()
                && latest.failures() > baseline.failures();
        field(out, "proxy", cluster.proxyUri("/hello").toString()).append(',');
        out.append("\"now\":").append(latest == null ? now : latest.epochMillis()).append(',');
        out.append("\"sampleMillis\":").append(ClusterWebServer.SAMPLE_MILLIS).append(',');
        out.append("\"clients\":").append(latest == null ? 0 : latest.clients()).append(',');
        out.append("\"failures\":").append(latest == null ? 0 : Math.max(0, latest.failures() - baseline.failures()))
                .append(',');
        out.append("\"failuresSince\":").append(baseline.epochMillis()).append(',');
        field(out, "lastFailure", failedSinceReset ? latest.lastFailure() : "").append(',');
        out.append("\"lastFailureSecondsAgo\":")
                .append(failedSinceReset ? Math.max(0, (now - latest.lastFailureMillis()) / 1000) : -1).append(',');
        long requests = 0;
        long sessions = 0;
        out.append("\"nodes\":[");
        if (latest != null) {
            boolean first = true;
            for (Map.Entry<String, ClusterHistory.NodeSample> e : latest.nodes().entrySet()) {
                ClusterHistory.NodeSample n = e.getValue();
                requests += n.requests();
                sessions += n.newSessions();
                out.append(first ? "" : ",").append('{');
                first = false;
                field(out, "name", e.getKey()).append(',');
                field(out, "kind", n.kind()).append(',');
                field(out, "state", n.state()).append(',');
                field(out, "balancer", balancerLabel(n.balancer())).append(',');
                field(out, "balancerNote", balancerNote(n)).append(',');
                out.append("\"external\":").append(ClusterHistory.EXTERNAL.equals(n.state())).append(',');
                Optional<LocalCluster.CpuInjection> cpu = cluster.node(e.getKey()).flatMap(cluster::cpuInjection);
                out.append("\"cpuThreads\":").append(cpu.map(LocalCluster.CpuInjection::threads).orElse(0))
                        .append(",\"cpuSecondsLeft\":").append(cpu.map(c -> c.secondsLeft(now)).orElse(0L)).append(',');
                out.append("\"port\":").append(n.port())
                        .append(",\"loadFactor\":").append(n.loadFactor())
                        .append(",\"routed\":").append(n.routed())
                        .append(",\"requests\":").append(n.requests())
                        .append(",\"newSessions\":").append(n.newSessions())
                        .append(",\"requestRate\":").append(number(n.requestRate()))
                        .append(",\"sessionRate\":").append(number(n.sessionRate()))
                        .append(",\"history\":{\"load\":[");
                series(out, recent, e.getKey(), 0);
                out.append("],\"requestRate\":[");
                series(out, recent, e.getKey(), 1);
                out.append("],\"sessionRate\":[");
                series(out, recent, e.getKey(), 2);
                out.append("]}}");
            }
        }
        out.append("],\"totalRequests\":").append(requests).append(",\"totalNewSessions\":").append(sessions);
        out.append(",\"samples\":").append(recent.size()).append('}');
        return out.toString();
    }

    /** The balancer's status in words for the card's first line. */
    static String balancerLabel(String status) {
        return switch (status) {
            case "NODE_UP" -> "up";
            case "NODE_DOWN" -> "in error";
            case "NODE_HOT_STANDBY" -> "hot standby";
            case ClusterHistory.UNKNOWN -> "not registered";
            default -> status;
        };
    }

    /** What the balancer's view of the node means, for the card (so "not registered" is not a riddle). */
    static String balancerNote(ClusterHistory.NodeSample n) {
        String state = n.state();
        return switch (n.balancer()) {
            case "NODE_UP" -> n.routed() ? "the balancer sends it new requests"
                    : "the balancer knows it, but does not route the demo there (disabled, stopped or undeployed)";
            case "NODE_DOWN" -> "the balancer has it in error (no STATUS yet, or its health check failed):"
                    + " it gets no requests until the next good STATUS";
            case "NODE_HOT_STANDBY" -> "load 0: used only when no other node can serve";
            case ClusterHistory.UNKNOWN -> switch (state) {
                case "STOPPED", "FAILED", "NEW" -> "the balancer does not know it: the node is stopped, and its agent"
                        + " removed it when it stopped";
                case "STARTING" -> "not registered yet: the agent registers it once the node has started";
                default -> "the balancer does not know it (yet): the agent registers the node as soon as it has"
                        + " found the balancer by advertise, within a few seconds";
            };
            default -> "the balancer reports " + n.balancer();
        };
    }

    private static void series(StringBuilder out, List<ClusterHistory.Sample> samples, String node, int which) {
        for (int i = 0; i < samples.size(); i++) {
            ClusterHistory.NodeSample n = samples.get(i).nodes().get(node);
            if (i > 0) {
                out.append(',');
            }
            if (n == null) {
                out.append("null");
            } else {
                out.append(switch (which) {
                    case 0 -> Integer.toString(n.loadFactor());
                    case 1 -> number(n.requestRate());
                    default -> number(n.sessionRate());
                });
            }
        }
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        return quote(out, name).append(':').append(quote(new StringBuilder(), value));
    }

    static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
