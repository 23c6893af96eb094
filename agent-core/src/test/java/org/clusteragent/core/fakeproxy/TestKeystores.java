package org.clusteragent.core.fakeproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throw-away PKCS12 key and trust stores for TLS tests, made with the JDK's {@code keytool}: a self-signed
 * server certificate ({@code CN=localhost}, SAN localhost and 127.0.0.1) and a self-signed client
 * certificate ({@code CN=clusteragent-test-client}), each trusted by the other side's trust store (which
 * holds just that certificate). No CA is involved. Every store uses {@link #password()} (also the key
 * password). Immutable; the files live in the directory given to {@link #generate}, or in a temporary one
 * for the JVM-wide {@link #shared()} set.
 *
 * @param serverKeystore   the server's key and certificate (alias {@code server})
 * @param serverTruststore trusts the client certificate (for needClientAuth)
 * @param clientKeystore   the client's key and certificate (alias {@code client})
 * @param clientTruststore trusts the server certificate
 * @param password         store and key password of all four
 */
public record TestKeystores(Path serverKeystore, Path serverTruststore, Path clientKeystore,
                            Path clientTruststore, String password) {

    public static final String TYPE = "PKCS12";
    public static final String SERVER_DN = "CN=localhost,O=clusteragent-test";
    public static final String CLIENT_DN = "CN=clusteragent-test-client,O=clusteragent-test";

    private static TestKeystores shared;

    /**
     * Runs keytool twice, in parallel, for the two key pairs (a few seconds), then writes the trust stores
     * from their certificates; fails with keytool's output if a run fails.
     */
    public static TestKeystores generate(Path dir) throws IOException, InterruptedException {
        TestKeystores k = in(dir);
        k.write();
        return k;
    }

    /**
     * One set of stores for the whole test JVM, generated on first use in a temporary directory that is
     * deleted when the JVM exits. keytool takes seconds and the stores are only read once written, so every
     * TLS test class can share them. Thread-safe. Throws unchecked exceptions so that it can initialise a
     * {@code static final} field.
     */
    public static synchronized TestKeystores shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("clusteragent-keystores");
                TestKeystores k = in(dir);
                // deleteOnExit runs in reverse order of registration: the files go first, then their directory.
                dir.toFile().deleteOnExit();
                for (Path store : List.of(k.serverKeystore, k.serverTruststore, k.clientKeystore, k.clientTruststore)) {
                    store.toFile().deleteOnExit();
                }
                k.write();
                shared = k;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while keytool made the test stores", e);
            }
        }
        return shared;
    }

    private static TestKeystores in(Path dir) {
        return new TestKeystores(dir.resolve("server-keystore.p12"), dir.resolve("server-truststore.p12"),
                dir.resolve("client-keystore.p12"), dir.resolve("client-truststore.p12"), "test-secret");
    }

    private void write() throws IOException, InterruptedException {
        Process server = keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "3650", "-dname", SERVER_DN, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", serverKeystore.toString(), "-storetype", TYPE, "-storepass", password,
                "-keypass", password);
        Process client = keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "3650", "-dname", CLIENT_DN, "-keystore", clientKeystore.toString(),
                "-storetype", TYPE, "-storepass", password, "-keypass", password);
        await(server, "server");
        await(client, "client");
        try {
            trustStore(serverKeystore, "server", clientTruststore, password);
            trustStore(clientKeystore, "client", serverTruststore, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not write the trust stores in " + serverKeystore.getParent() + ": " + e, e);
        }
    }

    /** Server side: presents the server certificate, trusts the client certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        return context(serverKeystore, serverTruststore, password);
    }

    /** Client side: presents the client certificate, trusts the server certificate. */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        return context(clientKeystore, clientTruststore, password);
    }

    /** Client side without a certificate of its own: trusts the server, is refused under needClientAuth. */
    public SSLContext clientContextWithoutCertificate() throws IOException, GeneralSecurityException {
        return context(null, clientTruststore, password);
    }

    /** An SSLContext from PKCS12 stores; {@code keystore} may be null for a trust-only context. */
    public static SSLContext context(Path keystore, Path truststore, String password)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (keystore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keystore, password), password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(truststore, password));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(TYPE);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void trustStore(Path keystore, String alias, Path truststore, String password)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(TYPE);
        trust.load(null, null);
        trust.setCertificateEntry(alias, load(keystore, password).getCertificate(alias));
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, password.toCharArray());
        }
    }

    private static Process keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        return p;
    }

    private static void await(Process p, String what) throws IOException, InterruptedException {
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool -genkeypair for the " + what + " key did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool -genkeypair for the " + what + " key failed with exit code "
                    + p.exitValue() + ": " + output);
        }
    }
}
