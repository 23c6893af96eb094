package org.clusteragent.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.core.fakeproxy.TestKeystores;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.Test;

/**
 * Every TLS setting is tried when the agent is built, not at the first connection: a cipher suite
 * the JVM lacks used to pass, then fail every attempt of the lane (5,451 stack traces in 31 s).
 * Each error names the attribute and its value once, in the settings' one format.
 */
class TlsSettingsCheckTest {

    private static final TestKeystores stores = TestKeystores.shared();

    private static List<String> problems(String... nameValues) {
        Map<String, String> p = new java.util.HashMap<>();
        p.put("ssl", "true");
        p.put("proxyList", "127.0.0.1:6666");
        p.put("sslTrustStore", stores.clientTruststore().toString());
        p.put("sslTrustStoreType", TestKeystores.TYPE);
        p.put("sslTrustStorePassword", stores.password());
        for (int i = 0; i < nameValues.length; i += 2) {
            p.put(nameValues[i], nameValues[i + 1]);
        }
        return assertThrows(InvalidConfigurationException.class,
                () -> ClusterAgent.builder().properties(p).loadProvider(new FixedLoad(50)).build()).problems();
    }

    @Test
    void anUnknownCipherSuiteIsRefusedWhenTheAgentIsBuilt() {
        List<String> problems = problems("sslCiphers", "TLS_AES_128_GCM_SHA256, NOT_A_SUITE");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("sslCiphers=\"TLS_AES_128_GCM_SHA256,NOT_A_SUITE\": NOT_A_SUITE is"
                + " not a cipher suite this JVM supports for TLS; use standard names"), problems.get(0));
    }

    @Test
    void eachStoreSettingIsNamedOnceWithItsValue() {
        assertProblem("sslTrustStorePassword", problems("sslTrustStorePassword", "wrong"), "sslTrustStore=\"");
        assertProblem("sslKeyStore", problems("sslKeyStore", "/no/such/store.p12"),
                "sslKeyStore=\"/no/such/store.p12\": cannot read it");
        assertProblem("sslKeyStorePassword", problems("sslKeyStore", stores.clientKeystore().toString(),
                "sslKeyStoreType", TestKeystores.TYPE, "sslKeyStorePassword", "wrong"), "sslKeyStore=\"");
        assertProblem("sslKeyAlias", problems("sslKeyStore", stores.clientKeystore().toString(),
                "sslKeyStoreType", TestKeystores.TYPE, "sslKeyStorePassword", stores.password(),
                "sslKeyAlias", "nobody"), "sslKeyAlias=\"nobody\": names no key in sslKeyStore=\"");
        assertProblem("sslKeyStoreType", problems("sslKeyStore", stores.clientKeystore().toString(),
                "sslKeyStoreType", "NOPE"), "sslKeyStore=\"");
        assertProblem("sslProtocol", problems("sslProtocol", "TLSv0.9"), "sslProtocol=\"TLSv0.9\": ");
        assertProblem("sslTrustAlgorithm", problems("sslTrustAlgorithm", "NOPE"), "sslTrustAlgorithm=\"NOPE\": ");
        assertProblem("sslCrlFile", problems("sslCrlFile", "/no/such.crl"), "sslCrlFile=\"/no/such.crl\": ");
    }

    private static void assertProblem(String what, List<String> problems, String start) {
        assertEquals(1, problems.size(), what + ": " + problems);
        String p = problems.get(0);
        assertTrue(p.startsWith(start), what + ": " + p);
        assertTrue(!p.contains("Invalid clusteragent configuration"), "no doubled prefix: " + p);
    }
}
