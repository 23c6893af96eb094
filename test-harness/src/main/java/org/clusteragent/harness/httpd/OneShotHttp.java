package org.clusteragent.harness.httpd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 exchange on a new connection with {@code Connection: close}, for the fixture's own
 * look at httpd (INFO, DUMP, the manager page). A new connection each time matters: after a graceful
 * restart an old httpd child may still hold a kept-alive connection and answer from the old
 * generation's tables. Any method name is allowed (MCMP's INFO, DUMP). 5 s connect and read timeouts.
 * Stateless; thread-safe.
 */
public final class OneShotHttp {

    /** A reply: status, headers (names lower-case), body decoded as UTF-8. */
    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private OneShotHttp() {
    }

    /** Sends {@code method path} with {@code body} (may be empty) to host:port, over TLS when {@code tls} is set. */
    public static Reply exchange(String host, int port, SSLContext tls, String method, String path, String body)
            throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), 5000);
        try (Socket s = tls == null ? plain : tls.getSocketFactory().createSocket(plain, host, port, true)) {
            s.setSoTimeout(5000);
            if (s instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + content.length + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP reply: '" + statusLine + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                b.write(in.readNBytes(size));
                line(in);
            }
            body = b.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static int chunkSize(String line) throws IOException {
        String hex = line.split(";", 2)[0].trim();
        try {
            return hex.isEmpty() ? 0 : Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size '" + line + "'");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (b.size() == 0) {
                    throw new IOException("connection closed before the reply ended");
                }
                break;
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
