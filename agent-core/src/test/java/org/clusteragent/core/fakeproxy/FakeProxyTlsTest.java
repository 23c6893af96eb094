package org.clusteragent.core.fakeproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTPS and mutual TLS of the fake proxy, with the JVM-wide stores of {@link TestKeystores#shared()}. */
@Timeout(60)
class FakeProxyTlsTest {
    private static final TestKeystores stores = TestKeystores.shared();

    private static RawHttp connect(FakeProxy proxy, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(proxy.host(), proxy.port());
        return new RawHttp(socket);
    }

    @Test
    void mutualTlsRecordsTheClientCertificate() throws Exception {
        try (FakeProxy proxy = FakeProxy.builder().tls(stores.serverContext(), true).start();
             RawHttp client = connect(proxy, stores.clientContext())) {
            assertTrue(proxy.tls());
            assertEquals(200, client.exchange("CONFIG", "/", "JVMRoute=node1&Host=127.0.0.1&Port=8443&Type=https")
                    .status());
            RawHttp.Response status = client.exchange("STATUS", "/", "JVMRoute=node1&Load=50");
            assertEquals("Type=STATUS-RSP&JVMRoute=node1&State=OK&id=" + proxy.id(), status.body());
            RecordedRequest r = proxy.takeRequest(Duration.ofSeconds(10));
            assertEquals(TestKeystores.CLIENT_DN, r.tlsPeer());
            assertEquals(1, r.connectionOrdinal());
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedUnderNeedClientAuth() throws Exception {
        try (FakeProxy proxy = FakeProxy.builder().tls(stores.serverContext(), true).start()) {
            assertThrows(IOException.class, () -> {
                try (RawHttp client = connect(proxy, stores.clientContextWithoutCertificate())) {
                    client.exchange("PING", "/", "");
                }
            });
            assertTrue(proxy.await(() -> proxy.tlsFailures() == 1, Duration.ofSeconds(10)));
            assertTrue(proxy.requests().isEmpty());
        }
    }

    @Test
    void serverOnlyTlsAcceptsAnonymousClients() throws Exception {
        try (FakeProxy proxy = FakeProxy.builder().tls(stores.serverContext(), false).start();
             RawHttp client = connect(proxy, stores.clientContextWithoutCertificate())) {
            assertEquals(200, client.exchange("PING", "/", "").status());
            assertNull(proxy.takeRequest(Duration.ofSeconds(10)).tlsPeer());
        }
    }

    @Test
    void clientThatDoesNotTrustTheServerFails() throws Exception {
        SSLContext trustsOnlyTheClient = TestKeystores.context(null, stores.serverTruststore(), stores.password());
        try (FakeProxy proxy = FakeProxy.builder().tls(stores.serverContext(), false).start()) {
            assertThrows(IOException.class, () -> {
                try (RawHttp client = connect(proxy, trustsOnlyTheClient)) {
                    client.exchange("PING", "/", "");
                }
            });
        }
    }
}
