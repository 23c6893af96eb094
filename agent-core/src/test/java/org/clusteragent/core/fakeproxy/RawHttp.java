package org.clusteragent.core.fakeproxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deliberately dumb HTTP client for the fake proxy's own tests: writes the exact bytes it is given and
 * reads one response at a time, keeping every byte. Not thread-safe.
 */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawHttp connect(FakeProxy proxy) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(proxy.host(), proxy.port()), 5_000);
        return new RawHttp(s);
    }

    /** A request with a form body, headers as a real worker sends them. */
    static String request(String method, String path, String body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: raw-test\r\n"
                + "Connection: Keep-Alive\r\n";
        if (body.isEmpty()) {
            return head + "\r\n";
        }
        return head + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    Response exchange(String method, String path, String body) throws IOException {
        send(request(method, path, body));
        return read();
    }

    /** One response; EOFException when the connection closed before a status line. */
    Response read() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        String status = line(raw);
        if (status == null) {
            throw new EOFException("connection closed before a response");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String l = line(raw); l != null && !l.isEmpty(); l = line(raw)) {
            int colon = l.indexOf(':');
            headers.add(Map.entry(l.substring(0, colon), l.substring(colon + 1).trim()));
        }
        Response head = new Response(Integer.parseInt(status.split(" ")[1]), headers, "", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            for (int size = Integer.parseInt(line(raw), 16); size > 0; size = Integer.parseInt(line(raw), 16)) {
                byte[] chunk = in.readNBytes(size);
                raw.write(chunk);
                body.write(chunk);
                line(raw);
            }
            line(raw);
        } else if (head.header("Content-Length") != null) {
            byte[] bytes = in.readNBytes(Integer.parseInt(head.header("Content-Length")));
            raw.write(bytes);
            body.write(bytes);
        }
        return new Response(head.status(), headers, body.toString(StandardCharsets.UTF_8),
                raw.toString(StandardCharsets.ISO_8859_1));
    }

    /** True when the server closed: a read returns EOF or fails with a reset. */
    boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    private String line(ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            raw.write(b);
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Response(int status, List<Map.Entry<String, String>> headers, String body, String raw) {
        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }
}
