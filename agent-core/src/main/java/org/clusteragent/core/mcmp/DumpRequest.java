package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Map;

/** {@code DUMP} on {@code /*}: the proxy's raw tables, for diagnostics only. No body. Immutable. */
public record DumpRequest() implements McmpRequest {

    @Override
    public McmpCommand command() {
        return McmpCommand.DUMP;
    }

    @Override
    public boolean nodeWide() {
        return true;
    }

    @Override
    public List<Map.Entry<String, String>> parameters() {
        return List.of();
    }
}
