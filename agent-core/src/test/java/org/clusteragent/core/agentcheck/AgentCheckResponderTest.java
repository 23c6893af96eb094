package org.clusteragent.core.agentcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The responder over real loopback sockets, as HAProxy's agent check uses it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AgentCheckResponderTest {

    private final AtomicReference<AgentCheckState> state = new AtomicReference<>(AgentCheckState.serving(75));
    private AgentCheckResponder responder;

    @BeforeEach
    void open() throws IOException {
        responder = AgentCheckResponder.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                state::get, System::nanoTime);
    }

    @AfterEach
    void close() {
        responder.close();
    }

    @Test
    void answersOneLineAndClosesItsSide() throws IOException {
        assertEquals("75% ready up\n", check());
        state.set(new AgentCheckState(AgentCheckState.Word.DRAIN, 75));
        assertEquals("75% drain up\n", check());
        state.set(new AgentCheckState(AgentCheckState.Word.MAINT, 75));
        assertEquals("0% maint\n", check());
        state.set(AgentCheckState.serving(-1));
        assertEquals("0% ready down #load factor -1\n", check());
    }

    @Test
    void answersAClientThatSendsALineFirst() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("backend/node1\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("75% ready up\n", readAll(s.getInputStream()));
        }
    }

    @Test
    void closesAClientThatSendsTooMuch() throws IOException {
        try (Socket s = connect()) {
            assertEquals("75% ready up\n", readLine(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            byte[] junk = new byte[AgentCheckResponder.MAX_INPUT * 2];
            // well before the idle time, sending is refused: the responder closed us for the junk
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AgentCheckResponder.IDLE_MILLIS / 2);
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                refused = closedBy(() -> {
                    out.write(junk);
                    out.flush();
                });
            }
            assertTrue(refused, "the responder should close a client that keeps sending");
        }
    }

    @Test
    void closesAClientThatStaysConnected() throws Exception {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            assertEquals("75% ready up\n", readAll(in), "answer, then end of stream");
            // our side stays open: once its idle time is up the responder closes the connection, and
            // the next bytes we send are refused
            OutputStream out = s.getOutputStream();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AgentCheckResponder.IDLE_MILLIS * 5);
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                refused = closedBy(() -> {
                    out.write('x');
                    out.flush();
                });
                Thread.sleep(50);
            }
            assertTrue(refused, "an idle client must be closed");
        }
    }

    @Test
    void capsOpenClientsAndServesAgainOnceTheyLeave() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < AgentCheckResponder.MAX_CLIENTS; i++) {
                Socket s = connect();
                held.add(s);
                assertEquals("75% ready up\n", readLine(s.getInputStream()));
            }
            try (Socket over = connect()) {
                assertEquals("", readAll(over.getInputStream()), "a client over the cap is closed without an answer");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        // the closed clients are noticed within a select round; then checks are answered again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String answer = "";
        while (!answer.equals("75% ready up\n") && System.nanoTime() < deadline) {
            answer = check();
        }
        assertEquals("75% ready up\n", answer);
    }

    @Test
    void awaitAnsweredWaitsForEveryRecentBalancerAndNoLonger() throws Exception {
        Duration recent = Duration.ofSeconds(10);
        long before = System.nanoTime();
        assertTrue(responder.awaitAnswered(AgentCheckState.Word.DRAIN, before, recent, Duration.ofSeconds(5)),
                "nobody polled: nothing to wait for");
        check();
        state.set(new AgentCheckState(AgentCheckState.Word.DRAIN, 75));
        long since = System.nanoTime();
        assertFalse(responder.awaitAnswered(AgentCheckState.Word.DRAIN, since, recent, Duration.ofMillis(200)),
                "the balancer that polled has not read drain yet");
        Thread poller = new Thread(() -> {
            try {
                check();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        poller.start();
        assertTrue(responder.awaitAnswered(AgentCheckState.Word.DRAIN, since, recent, Duration.ofSeconds(10)));
        poller.join();
    }

    private interface Io {
        void run() throws IOException;
    }

    private static boolean closedBy(Io writes) {
        try {
            writes.run();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(responder.address(), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private String check() throws IOException {
        try (Socket s = connect()) {
            return readAll(s.getInputStream());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (c == '\n') {
                break;
            }
        }
        return b.toString();
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
