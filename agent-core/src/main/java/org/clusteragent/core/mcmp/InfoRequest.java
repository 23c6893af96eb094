package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Map;

/** {@code INFO}: asks the proxy for its node, alias and context tables. No body. Immutable. */
public record InfoRequest() implements McmpRequest {

    @Override
    public McmpCommand command() {
        return McmpCommand.INFO;
    }

    @Override
    public boolean nodeWide() {
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> parameters() {
        return List.of();
    }
}
