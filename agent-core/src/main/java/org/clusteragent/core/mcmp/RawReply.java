package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP reply from a proxy as it arrived, before any MCMP meaning is given to it: status code,
 * headers (names as received, in order, repeated names kept) and the complete body, de-chunked.
 * Produced by the proxy connection, consumed by {@link McmpReplyParser}. Immutable.
 */
public record RawReply(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {

    public RawReply {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** The first header with this name, compared case-insensitively. */
    public Optional<String> header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(h.getValue());
            }
        }
        return Optional.empty();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
