package org.clusteragent.undertow;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import io.undertow.servlet.api.DeploymentInfo;
import org.clusteragent.spi.Connector;

/**
 * The configuration of one deployment in servlet-extension mode, gathered from, in increasing
 * precedence: the file named by the system property {@value #FILE_PROPERTY}, the class-path resource
 * {@value #RESOURCE} seen by the deployment's class loader, and the deployment's init parameters
 * (web.xml context-params) named {@code clusteragent.<attribute>}. Attribute names are those of
 * docs/attributes.md plus the extension's own: {@code enabled}, {@code connectorType} (http, https, ajp),
 * {@code host}, {@code hostAliases} and {@code distributable}. The agent attributes (everything but
 * the extension's own per-deployment names) decide which shared agent a deployment joins. Every
 * problem found is collected, each naming the attribute, the value and where it came from.
 * Immutable.
 */
record ExtensionSettings(Map<String, String> agentProperties, boolean enabled, Connector.Type connectorType,
                         Optional<InetAddress> connectorAddress, int connectorPort,
                         DeploymentInstaller.Placement placement, String sources, List<String> problems) {

    static final String FILE_PROPERTY = "org.clusteragent.undertow.config";
    static final String RESOURCE = "clusteragent.properties";
    static final String PREFIX = "clusteragent.";

    /** Read by the extension itself; never passed to the agent. */
    static final List<String> OWN = List.of("enabled", "connectorType", "host", "hostAliases", "distributable");

    static ExtensionSettings of(DeploymentInfo info) {
        List<String> problems = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null && !file.isBlank()) {
            readFile(Path.of(file.trim()), all, origin, problems);
            sources.add(file.trim());
        }
        ClassLoader loader = info.getClassLoader() != null ? info.getClassLoader()
                : Thread.currentThread().getContextClassLoader();
        URL resource = loader == null ? null : loader.getResource(RESOURCE);
        if (resource != null) {
            readResource(resource, all, origin, problems);
            sources.add(resource.toString());
        }
        boolean fromParams = false;
        for (Map.Entry<String, String> p : info.getInitParameters().entrySet()) {
            if (p.getKey().startsWith(PREFIX) && p.getKey().length() > PREFIX.length()) {
                String name = p.getKey().substring(PREFIX.length());
                all.put(name, p.getValue() == null ? "" : p.getValue().trim());
                origin.put(name, "init parameter " + p.getKey());
                fromParams = true;
            }
        }
        if (fromParams) {
            sources.add("init parameters of " + info.getDeploymentName());
        }
        return parse(all, origin, info, sources.isEmpty() ? "defaults" : String.join(", ", sources), problems);
    }

    private static ExtensionSettings parse(Map<String, String> all, Map<String, String> origin, DeploymentInfo info,
                                           String sources, List<String> problems) {
        Map<String, String> agent = new TreeMap<>(all);
        OWN.forEach(agent::remove);
        boolean enabled = bool(all, origin, "enabled", problems).orElse(true);
        if (all.containsKey(UndertowClusterAgentBuilder.NO_TICK)) {
            problems.add(where(origin, UndertowClusterAgentBuilder.NO_TICK)
                    + UndertowClusterAgentBuilder.noTick(all.get(UndertowClusterAgentBuilder.NO_TICK)));
        }
        Optional<Boolean> distributable = bool(all, origin, "distributable", problems);
        Connector.Type type = Connector.Type.HTTP;
        String typeText = all.get("connectorType");
        if (typeText != null && !typeText.isEmpty()) {
            try {
                type = Connector.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(where(origin, "connectorType") + "connectorType=\"" + typeText
                        + "\": not a connector type; use http, https or ajp");
            }
        }
        int port = 0;
        String portText = all.get("connectorPort");
        if (portText == null || portText.isEmpty()) {
            problems.add("connectorPort is required when clusteragent runs as a servlet extension: the extension"
                    + " cannot see Undertow's listeners, so set clusteragent.connectorPort to the port of the"
                    + " listener proxies should send requests to");
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = 0; // the agent's parser reports it, with the same words as on Tomcat
            }
        }
        Optional<InetAddress> address = Optional.empty();
        String addressText = all.get("connectorAddress");
        if (addressText != null && !addressText.isEmpty()) {
            try {
                address = Optional.of(InetAddress.getByName(addressText)).filter(a -> !a.isAnyLocalAddress());
            } catch (UnknownHostException e) {
                problems.add(where(origin, "connectorAddress") + "connectorAddress=\"" + addressText
                        + "\": cannot be resolved to an IP address; use the address the listener is bound to");
            }
        }
        String host = Optional.ofNullable(all.get("host")).filter(h -> !h.isEmpty())
                .orElse(info.getHostName() == null ? "localhost" : info.getHostName());
        List<String> aliases = Optional.ofNullable(all.get("hostAliases")).map(ExtensionSettings::list).orElse(List.of());
        DeploymentInstaller.Placement placement = new DeploymentInstaller.Placement(host, aliases, distributable);
        return new ExtensionSettings(Map.copyOf(agent), enabled, type, address, port, placement, sources,
                List.copyOf(problems));
    }

    /** The key that decides which deployments share one agent (and so one node). */
    Map<String, String> agentKey() {
        Map<String, String> key = new TreeMap<>(agentProperties);
        key.put(" connectorType", connectorType.mcmpName());
        return key;
    }

    private static Optional<Boolean> bool(Map<String, String> all, Map<String, String> origin, String name,
                                          List<String> problems) {
        String value = all.get(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Optional.of(Boolean.parseBoolean(value));
        }
        problems.add(where(origin, name) + name + "=\"" + value + "\": not a boolean; use true or false");
        return Optional.empty();
    }

    private static String where(Map<String, String> origin, String name) {
        String o = origin.get(name);
        return o == null ? "" : "(" + o + ") ";
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static void readFile(Path path, Map<String, String> into, Map<String, String> origin, List<String> problems) {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            copy(p, path.toString(), into, origin);
        } catch (IOException e) {
            problems.add("system property " + FILE_PROPERTY + "=" + path + " names a file that cannot be read ("
                    + e.getMessage() + "); fix the path or remove the property");
        }
    }

    private static void readResource(URL url, Map<String, String> into, Map<String, String> origin,
                                     List<String> problems) {
        try (InputStream in = url.openStream()) {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            copy(p, url.toString(), into, origin);
        } catch (IOException e) {
            problems.add(RESOURCE + " at " + url + " cannot be read: " + e.getMessage());
        }
    }

    private static void copy(Properties p, String source, Map<String, String> into, Map<String, String> origin) {
        for (String name : new TreeMap<>(toMap(p)).keySet()) {
            into.put(name, p.getProperty(name).trim());
            origin.put(name, source);
        }
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(n -> m.put(n, p.getProperty(n)));
        return m;
    }
}
