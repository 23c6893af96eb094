package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Map;

/**
 * {@code STATUS}: this node's current load, sent every status interval. {@code load} is
 * {@code 1..100} for relative capacity left (100 = idle), {@code 0} for hot standby and
 * {@code -1} for a broken node. Immutable.
 */
public record StatusRequest(String jvmRoute, int load) implements McmpRequest {

    public StatusRequest {
        McmpFields.required("JVMRoute", jvmRoute, McmpFields.JVM_ROUTE_MAX);
        if (load < -1 || load > 100) {
            throw new McmpValidationException("Load", Integer.toString(load), "Load " + load
                    + " is out of range; use -1 (broken), 0 (standby) or 1..100 (capacity left)");
        }
    }

    @Override
    public McmpCommand command() {
        return McmpCommand.STATUS;
    }

    @Override
    public boolean nodeWide() {
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> parameters() {
        return List.of(Map.entry("JVMRoute", jvmRoute), Map.entry("Load", Integer.toString(load)));
    }
}
