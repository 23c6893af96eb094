package org.clusteragent.harness.httpd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throw-away TLS material for httpd's MCMP VirtualHost, made with the {@code openssl} command (the trust
 * stores in this JVM): a CA ({@code CN=clusteragent-test-ca}), a server certificate it signed ({@code CN=localhost},
 * SAN localhost and 127.0.0.1) with its PEM key for mod_ssl, and a client certificate it signed
 * ({@code CN=clusteragent-test-client}) as a PKCS12 key store for the agent; plus a PKCS12 trust store
 * holding the CA, one holding an unrelated CA, and a client key store signed by that unrelated CA (for
 * "wrong CA" tests, either side). Every store's password is
 * {@link #PASSWORD}. Immutable once generated.
 *
 * @param dir the folder holding every file
 */
public record HttpdCertificates(Path dir) {

    public static final String PASSWORD = "changeit";
    public static final String STORE_TYPE = "PKCS12";

    /** Generates everything into {@code dir} (created); takes a second or two. */
    public static HttpdCertificates generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        HttpdCertificates c = new HttpdCertificates(dir.toAbsolutePath());
        c.ca("ca", "/CN=clusteragent-test-ca");
        c.ca("other-ca", "/CN=clusteragent-other-ca");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        Files.writeString(dir.resolve("other-client.ext"), "extendedKeyUsage=clientAuth\n");
        c.signed("server", "/CN=localhost", "ca");
        c.signed("client", "/CN=clusteragent-test-client", "ca");
        c.signed("other-client", "/CN=clusteragent-other-client", "other-ca");
        c.keyStore("client");
        c.keyStore("other-client");
        c.trustStore("ca", "truststore.p12");
        c.trustStore("other-ca", "other-truststore.p12");
        return c;
    }

    private void ca(String name, String subject) throws IOException {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
                name + ".pem", "-days", "2", "-subj", subject);
    }

    private void signed(String name, String subject, String ca) throws IOException {
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void keyStore(String name) throws IOException {
        run("openssl", "pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-name", "client",
                "-out", name + ".p12", "-passout", "pass:" + PASSWORD);
    }

    /** A PKCS12 store trusting {@code ca}, written in this JVM (a keytool run costs a JVM start). */
    private void trustStore(String ca, String file) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(ca + ".pem"));
             java.io.OutputStream out = Files.newOutputStream(dir.resolve(file))) {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(null, null);
            store.setCertificateEntry(ca, java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            store.store(out, PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store " + file + " for " + ca + ": " + e, e);
        }
    }

    private void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", List.of(command)) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** The files mod_ssl reads. */
    public HttpdConfig.TlsFiles files() {
        return new HttpdConfig.TlsFiles(dir.resolve("server.pem"), dir.resolve("server.key"), dir.resolve("ca.pem"));
    }

    /** A PKCS12 trust store holding the CA that signed httpd's certificate. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** A PKCS12 trust store holding an unrelated CA: httpd's certificate does not verify against it. */
    public Path otherTrustStore() {
        return dir.resolve("other-truststore.p12");
    }

    /** The client's key and certificate (signed by the CA), PKCS12, alias {@code client}. */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /**
     * A client key and certificate signed by the unrelated CA (alias {@code client}), which httpd's mutual TLS
     * refuses.
     */
    public Path otherClientKeyStore() {
        return dir.resolve("other-client.p12");
    }

    /** An SSLContext that trusts the CA and, if {@code withClientCertificate}, presents the client certificate. */
    public SSLContext clientContext(boolean withClientCertificate) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore()));
            KeyManagerFactory kmf = null;
            if (withClientCertificate) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(clientKeyStore()), PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS client context from " + dir + ": " + e, e);
        }
    }

    private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
