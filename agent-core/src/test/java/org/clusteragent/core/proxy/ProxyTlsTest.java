package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.clusteragent.core.proxy.ProxyTests.address;
import static org.clusteragent.core.proxy.ProxyTests.awaitState;
import static org.clusteragent.core.proxy.ProxyTests.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.clusteragent.core.config.TlsSettings;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.fakeproxy.TestKeystores;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS to the fake proxy, with contexts built by {@link TlsContextFactory} from keytool stores. */
@Timeout(60)
class ProxyTlsTest {

    @TempDir
    static Path dir;
    private static TestKeystores stores;

    @BeforeAll
    static void makeStores() throws Exception {
        stores = TestKeystores.generate(dir);
    }

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

    @Test
    void tlsWithServerAuthenticationAndHostnameVerification() throws Exception {
        RecordingListener listener = new RecordingListener();
        SSLContext context = TlsContextFactory.create(trustingTheServer().build());
        try (FakeProxy fake = FakeProxy.builder().tls(stores.serverContext(), false).start();
             ProxyRegistry registry = new ProxyRegistry(settings(context), listener)) {
            ProxyAddress proxy = address(fake);
            assertTrue(proxy.secure());
            registry.add(proxy);
            registry.start();
            assertInstanceOf(McmpReply.Ok.class, listener.next(WAIT).configReply());
            RecordedRequest config = fake.takeRequest(WAIT);
            assertEquals("CONFIG", config.method());
            assertNull(config.tlsPeer(), "no client certificate was configured");
        }
    }

    @Test
    void mutualTlsPresentsTheConfiguredKey() throws Exception {
        RecordingListener listener = new RecordingListener();
        SSLContext context = TlsContextFactory.create(withClientCertificate());
        try (FakeProxy fake = FakeProxy.builder().tls(stores.serverContext(), true).start();
             ProxyRegistry registry = new ProxyRegistry(settings(context), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            McmpReply status = registry.send(proxy, new StatusRequest(RecordingListener.ROUTE, 10))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertInstanceOf(McmpReply.StatusReply.class, status);
            fake.takeRequest(WAIT);
            RecordedRequest r = fake.takeRequest(WAIT);
            assertEquals("STATUS", r.method());
            assertEquals(TestKeystores.CLIENT_DN, r.tlsPeer());
            assertEquals(1, snapshot(registry, proxy).connections(), "TLS connections are kept alive too");
        }
    }

    @Test
    void missingClientCertificateUnderMutualTlsPutsTheProxyInError() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.builder().tls(stores.serverContext(), true).start();
             ProxyRegistry registry = new ProxyRegistry(settings(stores.clientContextWithoutCertificate()), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            awaitState(registry, proxy, ProxyState.ERROR, WAIT);
            assertNull(listener.resyncs.poll(), "the resync failed, so it is not recorded");
        }
    }

    @Test
    void untrustedServerCertificateIsRefused() throws Exception {
        RecordingListener listener = new RecordingListener();
        // This store trusts only the client's certificate, not the server's.
        SSLContext wrongTrust = TlsContextFactory.create(TlsSettings.builder().enabled(true)
                .trustStore(stores.serverTruststore().toString()).trustStoreType(TestKeystores.TYPE)
                .trustStorePassword(stores.password()).build());
        try (FakeProxy fake = FakeProxy.builder().tls(stores.serverContext(), false).start();
             ProxyRegistry registry = new ProxyRegistry(settings(wrongTrust), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            awaitState(registry, proxy, ProxyState.ERROR, WAIT);
            String error = snapshot(registry, proxy).lastError();
            assertTrue(error.contains("SSL") || error.contains("certificat"), error);
        }
    }

    @Test
    void badStoreSettingsNameTheAttribute() {
        InvalidConfigurationException missing = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(TlsSettings.builder().keyStore(dir.resolve("nope.p12").toString()).build()));
        assertTrue(missing.getMessage().contains("sslKeyStore=" + dir.resolve("nope.p12")), missing.getMessage());

        InvalidConfigurationException alias = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(trustingTheServer().keyStore(stores.clientKeystore().toString())
                        .keyStoreType(TestKeystores.TYPE).keyStorePassword(stores.password()).keyAlias("nobody").build()));
        assertTrue(alias.getMessage().contains("sslKeyAlias=nobody"), alias.getMessage());

        InvalidConfigurationException password = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(trustingTheServer().keyStore(stores.clientKeystore().toString())
                        .keyStoreType(TestKeystores.TYPE).keyStorePassword("wrong").build()));
        assertTrue(password.getMessage().contains("sslKeyStore="), password.getMessage());

        InvalidConfigurationException protocol = assertThrows(InvalidConfigurationException.class,
                () -> TlsContextFactory.create(trustingTheServer().protocol("TLSv0.9").build()));
        assertTrue(protocol.getMessage().contains("sslProtocol=TLSv0.9"), protocol.getMessage());
    }
}
