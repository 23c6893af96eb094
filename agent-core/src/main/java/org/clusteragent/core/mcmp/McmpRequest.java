package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Map;

/**
 * One MCMP request as data: which command, whether it addresses the whole node ({@code /*}) or
 * the proxy root ({@code /}), and the form parameters in the order they go on the wire (JVMRoute
 * first). Implementations are immutable records whose constructors validate every value against
 * the proxies' limits, so a request that exists can always be sent unchanged; they are safe to
 * share between threads. {@link McmpEncoder} turns one into bytes, {@link McmpReplyParser} reads
 * the proxy's answer to it.
 */
public sealed interface McmpRequest permits ConfigRequest, AppRequest, StatusRequest, InfoRequest, DumpRequest,
        PingRequest {

    /** The command, which is also the HTTP method. */
    McmpCommand command();

    /** True when the request path is {@code <proxyUrl>/*} rather than {@code <proxyUrl>/}. */
    boolean nodeWide();

    /** Name/value pairs of the body, unencoded, in wire order; empty when there is no body. */
    List<Map.Entry<String, String>> parameters();
}
