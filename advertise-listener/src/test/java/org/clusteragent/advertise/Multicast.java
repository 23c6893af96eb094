package org.clusteragent.advertise;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;

/** Loopback multicast for tests: a sender bound to 127.0.0.1 sending out of the loopback interface. */
final class Multicast implements AutoCloseable {

    static final String GROUP = "224.0.1.105";

    private final DatagramChannel channel;
    private final InetSocketAddress target;

    Multicast(int port) throws IOException {
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, loopback());
        channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0);
        target = new InetSocketAddress(InetAddress.getByName(GROUP), port);
    }

    void send(byte[] datagram) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), target);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static NetworkInterface loopback() throws IOException {
        return NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
    }

    /** A UDP port free right now, so that each test has its own group port. */
    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    /** Settings joining on 127.0.0.1 at {@code port}, plus {@code extra}. */
    static AdvertiseSettings settings(int port, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put("advertisePort", Integer.toString(port));
        props.putIfAbsent("advertiseInterface", "127.0.0.1");
        return AdvertiseSettings.parse(props).orElseThrow();
    }

    static boolean advertiseThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("clusteragent-advertise-") && t.isAlive());
    }
}
