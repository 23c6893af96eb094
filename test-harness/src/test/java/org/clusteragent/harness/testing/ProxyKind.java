package org.clusteragent.harness.testing;

import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.RealProxy;
import org.clusteragent.harness.UndertowBalancer;

/**
 * The real proxies a scenario runs against, as a parameter: {@code @EnumSource(ProxyKind.class)}
 * runs a test once through httpd with mod_proxy_cluster and once through Undertow's balancer, each
 * with its defaults on free loopback ports. Starting the httpd one applies {@link HttpdCondition#require()}.
 */
public enum ProxyKind {
    HTTPD {
        @Override
        public RealProxy start() {
            HttpdCondition.require();
            return HttpdBalancer.startDefault();
        }
    },
    UNDERTOW {
        @Override
        public RealProxy start() {
            return UndertowBalancer.builder().start();
        }
    };

    /** A started proxy of this kind; the test closes it. */
    public abstract RealProxy start();
}
