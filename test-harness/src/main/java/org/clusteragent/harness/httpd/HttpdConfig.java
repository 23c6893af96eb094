package org.clusteragent.harness.httpd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The httpd.conf the fixture runs: its own ServerRoot, every listener on the settings' host, Debian's
 * modules from {@code libexecDir} and the built mod_proxy_cluster modules by absolute path, an MCMP
 * VirtualHost with EnableMCMPReceive and the mod_cluster-manager page at {@link #MANAGER_PATH}, and
 * optionally advertise and TLS. Pure text; writes nothing itself.
 */
public final class HttpdConfig {

    /** Where the mod_cluster-manager page is served on the MCMP VirtualHost. */
    public static final String MANAGER_PATH = "/mod_cluster_manager";

    private HttpdConfig() {
    }

    /** The files of a TLS setup: server certificate and key, and the CA that signed the server and clients. */
    public record TlsFiles(Path serverCertificate, Path serverKey, Path ca) {
    }

    /**
     * @param root  the ServerRoot (absolute); logs go to {@code root/logs}, shared memory to {@code root/cache}
     * @param tls   the certificate files when the settings ask for TLS, else null
     */
    public static String text(HttpdSettings settings, HttpdModules modules, Path root, int proxyPort, int mcmpPort,
                              TlsFiles tls) {
        List<String> c = new ArrayList<>();
        String host = settings.host();
        c.add("# written by clusteragent's HttpdBalancer test fixture");
        c.add("ServerRoot " + q(root));
        c.add("PidFile " + q(root.resolve("httpd.pid")));
        c.add("ErrorLog " + q(root.resolve("logs/error.log")));
        c.add("LogLevel " + settings.logLevel());
        c.add("ServerName " + host);
        c.add("Listen " + host + ":" + proxyPort);
        c.add("Listen " + host + ":" + mcmpPort);
        if (isRoot()) {
            // httpd will not serve as root; as root (CI) its children switch to this user
            c.add("User nobody");
            c.add("Group " + (groupExists("nogroup") ? "nogroup" : "nobody"));
        }
        // a small, fixed process footprint: one child, a few threads, quick graceful restarts
        c.add("StartServers 1");
        c.add("ServerLimit 2");
        c.add("ThreadsPerChild 25");
        c.add("MaxRequestWorkers 50");
        c.add("GracefulShutdownTimeout 5");
        for (String m : List.of("mpm_event", "authz_core", "authz_host", "slotmem_shm", "proxy", "proxy_http", "proxy_ajp")) {
            c.add("LoadModule " + m + "_module " + q(modules.httpdModules().resolve("mod_" + m + ".so")));
        }
        if (tls != null) {
            c.add("LoadModule socache_shmcb_module " + q(modules.httpdModules().resolve("mod_socache_shmcb.so")));
            c.add("LoadModule ssl_module " + q(modules.httpdModules().resolve("mod_ssl.so")));
            c.add("SSLSessionCache " + q("shmcb:" + root.resolve("cache/ssl_scache") + "(512000)"));
        }
        c.add("LoadModule manager_module " + q(modules.module("mod_manager.so")));
        c.add("LoadModule proxy_cluster_module " + q(modules.module("mod_proxy_cluster.so")));
        if (settings.advertise().isPresent()) {
            c.add("LoadModule advertise_module " + q(modules.module("mod_advertise.so")));
        }
        c.add("MemManagerFile " + q(root.resolve("cache/mod_cluster")));
        // server-wide only (mod_manager refuses it inside a VirtualHost), after mod_proxy_ajp is loaded
        settings.ajpSecret().ifPresent(secret -> c.add("AJPSecret " + q(secret)));
        c.add("<Location />");
        c.add("  Require all granted");
        c.add("</Location>");
        c.add("<VirtualHost " + host + ":" + mcmpPort + ">");
        c.add("  EnableMCMPReceive");
        c.add("  <Location " + MANAGER_PATH + ">");
        c.add("    SetHandler mod_cluster-manager");
        c.add("    Require ip 127.0.0.1");
        c.add("  </Location>");
        if (tls != null) {
            c.add("  SSLEngine on");
            c.add("  SSLCertificateFile " + q(tls.serverCertificate()));
            c.add("  SSLCertificateKeyFile " + q(tls.serverKey()));
            if (settings.tls().orElseThrow().requireClientCertificate()) {
                c.add("  SSLCACertificateFile " + q(tls.ca()));
                c.add("  SSLVerifyClient require");
                c.add("  SSLVerifyDepth 2");
            }
        }
        settings.advertise().ifPresent(a -> {
            String scheme = tls != null ? "https" : "http";
            c.add("  ServerAdvertise On " + scheme + "://" + host + ":" + mcmpPort);
            c.add("  AdvertiseGroup " + a.group() + ":" + a.port());
            c.add("  AdvertiseBindAddress " + host + ":" + a.port());
            c.add("  AdvertiseFrequency " + a.frequencySeconds());
            if (a.securityKey() != null) {
                c.add("  AdvertiseSecurityKey " + q(a.securityKey()));
            }
        });
        c.add("</VirtualHost>");
        c.addAll(settings.extra());
        return String.join("\n", c) + "\n";
    }

    private static String q(Object value) {
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Whether this JVM runs as root, where httpd's children must switch to another user. */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean groupExists(String group) {
        try {
            return Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith(group + ":"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
