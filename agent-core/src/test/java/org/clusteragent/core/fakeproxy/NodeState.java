package org.clusteragent.core.fakeproxy;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the {@link FakeProxy} knows about one node: its CONFIG and the load of its last STATUS. A snapshot,
 * immutable; ask the proxy again for fresh values.
 *
 * @param id       the proxy's slot number for the node (as in INFO's {@code Node: [id]})
 * @param jvmRoute the node's route
 * @param host     CONFIG {@code Host}, {@code localhost} when not sent
 * @param port     CONFIG {@code Port}, {@code 8009} when not sent
 * @param type     CONFIG {@code Type}, {@code ajp} when not sent (httpd's default)
 * @param balancer CONFIG {@code Balancer}, {@code mycluster} when not sent (httpd's default)
 * @param domain   CONFIG {@code Domain} (httpd's LBGroup), empty when not sent
 * @param config   every parameter of the accepted CONFIG, in order, names as sent
 * @param load     {@code Load} of the last STATUS, empty before the first
 * @param statusCount number of STATUS commands accepted for this node since its CONFIG
 */
public record NodeState(int id, String jvmRoute, String host, String port, String type, String balancer,
                        String domain, List<Map.Entry<String, String>> config, OptionalInt load, int statusCount) {

    public NodeState {
        config = List.copyOf(config);
    }

    /** A CONFIG parameter by name, ignoring case; {@code null} when it was not sent. */
    public String param(String name) {
        return config.stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
