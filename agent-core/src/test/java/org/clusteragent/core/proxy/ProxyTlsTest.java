package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.clusteragent.core.proxy.ProxyTests.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.clusteragent.core.config.TlsSettings;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.fakeproxy.TestKeystores;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS to the fake proxy, with contexts built by {@link TlsContextFactory} from keytool stores. */
@Timeout(60)
class ProxyTlsTest {

    private static final TestKeystores stores = TestKeystores.shared();

    private static TlsSettings.Builder trustingTheServer() {
        return TlsSettings.builder().enabled(true).trustStore(stores.clientTruststore().toString())
                .trustStoreType(TestKeystores.TYPE).trustStorePassword(stores.password());
    }

    private static TlsSettings withClientCertificate() {
        return trustingTheServer().keyStore(stores.clientKeystore().toString()).keyStoreType(TestKeystores.TYPE)
                .keyStorePassword(stores.password()).keyAlias("client").build();
    }

    private static ProxySettings settings(SSLContext context) {
        return ProxySettings.builder().sslContext(context).socketTimeout(Duration.ofSeconds(5))
                .probeInterval(Duration.ZERO).build();
    }

    /** A TLS fake proxy (client certificates required or not) and a registry with this client context. */
    private static LaneFixture tlsLane(boolean needClientAuth, SSLContext client) throws Exception {
        return LaneFixture.of(FakeProxy.builder().tls(stores.serverContext(), needClientAuth).start(), settings(client));
    }

    @Test
    void tlsWithServerAuthenticationAndHostnameVerification() throws Exception {
        SSLContext context = TlsContextFactory.create(trustingTheServer().build());
        try (LaneFixture f = tlsLane(false, context)) {
            assertTrue(f.proxy.secure());
            f.addAndStart();
            assertInstanceOf(McmpReply.Ok.class, f.awaitAdded().configReply());
            RecordedRequest config = f.fake.takeRequest(WAIT);
            assertEquals("CONFIG", config.method());
            assertNull(config.tlsPeer(), "no client certificate was configured");
        }
    }

    @Test
    void mutualTlsPresentsTheConfiguredKey() throws Exception {
        SSLContext context = TlsContextFactory.create(withClientCertificate());
        try (LaneFixture f = tlsLane(true, context).addStartAndAwaitAdded()) {
            McmpReply status = f.send(new StatusRequest(RecordingListener.ROUTE, 10));
            assertInstanceOf(McmpReply.StatusReply.class, status);
            f.fake.takeRequest(WAIT);
            RecordedRequest r = f.fake.takeRequest(WAIT);
            assertEquals("STATUS", r.method());
            assertEquals(TestKeystores.CLIENT_DN, r.tlsPeer());
            assertEquals(1, f.snapshot().connections(), "TLS connections are kept alive too");
        }
    }

    @Test
    void missingClientCertificateUnderMutualTlsPutsTheProxyInError() throws Exception {
        try (org.clusteragent.spi.testing.CapturedLog log = org.clusteragent.spi.testing.CapturedLog.capture();
             LaneFixture f = tlsLane(true, stores.clientContextWithoutCertificate()).addAndStart()) {
            awaitState(f.registry, f.proxy, ProxyState.ERROR, WAIT);
            assertNull(f.listener.resyncs.poll(), "the resync failed, so it is not recorded");
            String line = log.one("CLAG1101");
            assertTrue(line.contains("requires a client certificate") && line.contains("presented none")
                    && line.contains("sslKeyStore"), "the line says it is TLS and what to check: " + line);
            assertFalse(line.contains("sslTrustStore"), "and not the trust store: " + line);
        }
    }

    @Test
    void missingClientCertificateUnderTls12IsNamedFromTheProxysRequest() throws Exception {
        // TLS 1.2: the proxy breaks the handshake itself; only the key manager saw that it asked
        SSLContext noCertificate = TlsContextFactory.create(trustingTheServer().protocol("TLSv1.2").build());
        try (org.clusteragent.spi.testing.CapturedLog log = org.clusteragent.spi.testing.CapturedLog.capture();
             LaneFixture f = tlsLane(true, noCertificate).addAndStart()) {
            awaitState(f.registry, f.proxy, ProxyState.ERROR, WAIT);
            String line = log.one("CLAG1101");
            assertTrue(line.contains("requires a client certificate") && line.contains("presented none"), line);
            assertFalse(line.contains("sslTrustStore"), line);
        }
    }

    @Test
    void untrustedServerCertificateIsRefused() throws Exception {
        // This store trusts only the client's certificate, not the server's.
        SSLContext wrongTrust = TlsContextFactory.create(TlsSettings.builder().enabled(true)
                .trustStore(stores.serverTruststore().toString()).trustStoreType(TestKeystores.TYPE)
                .trustStorePassword(stores.password()).build());
        try (org.clusteragent.spi.testing.CapturedLog log = org.clusteragent.spi.testing.CapturedLog.capture();
             LaneFixture f = tlsLane(false, wrongTrust).addAndStart()) {
            awaitState(f.registry, f.proxy, ProxyState.ERROR, WAIT);
            String error = f.snapshot().lastError();
            assertTrue(error.contains("SSL") || error.contains("certificat"), error);
            String line = log.one("CLAG1101");
            assertTrue(line.contains("untrusted server certificate") && line.contains("sslTrustStore"),
                    "the line says the proxy's certificate is not trusted, and where to look: " + line);
            assertFalse(line.contains("sslKeyStore"), "and not the key store: " + line);
        }
    }

    @Test
    void badStoreSettingsNameTheAttribute(@TempDir Path dir) {
        InvalidConfigurationException missing = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(TlsSettings.builder().keyStore(dir.resolve("nope.p12").toString()).build()));
        assertTrue(missing.getMessage().contains("sslKeyStore=\"" + dir.resolve("nope.p12") + "\": "), missing.getMessage());

        InvalidConfigurationException alias = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(trustingTheServer().keyStore(stores.clientKeystore().toString())
                        .keyStoreType(TestKeystores.TYPE).keyStorePassword(stores.password()).keyAlias("nobody").build()));
        assertTrue(alias.getMessage().contains("sslKeyAlias=\"nobody\": "), alias.getMessage());

        InvalidConfigurationException password = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(trustingTheServer().keyStore(stores.clientKeystore().toString())
                        .keyStoreType(TestKeystores.TYPE).keyStorePassword("wrong").build()));
        assertTrue(password.getMessage().contains("sslKeyStore="), password.getMessage());

        InvalidConfigurationException protocol = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(trustingTheServer().protocol("TLSv0.9").build()));
        assertTrue(protocol.getMessage().contains("sslProtocol=\"TLSv0.9\": "), protocol.getMessage());
    }
}
