package org.clusteragent.advertise;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.clusteragent.spi.ProxyDiscovery;
import org.jboss.logging.Logger;

/**
 * Finds proxies by listening to their multicast advertise datagrams. {@link #start} joins the
 * group on the configured interface and starts one daemon thread named
 * {@code clusteragent-advertise-<group>:<port>}, which reads datagrams, calls the listener, and
 * (at least once a second) reports proxies that went silent; {@link #stop} closes the socket and
 * returns once that thread has ended. The socket allows address reuse, so any number of
 * discoveries, in one JVM or several, can listen to the same group and port. No datagram, however
 * malformed or hostile, ends the thread; each is counted in {@link #statistics}. Thread-safe.
 */
public final class AdvertiseDiscovery implements ProxyDiscovery {

    private static final Logger LOG = Logger.getLogger(AdvertiseDiscovery.class);
    /** How often a quiet socket wakes the thread to check for silent proxies. */
    static final int RECEIVE_TIMEOUT_MILLIS = 1000;
    /** Larger than any UDP payload, so the JDK never truncates silently. */
    private static final int BUFFER_SIZE = 65536;

    private final AdvertiseSettings settings;
    private final Clock wallClock;
    private final LongSupplier nanoTime;
    private final AdvertiseStatistics stats = new AdvertiseStatistics();

    private MulticastSocket socket;
    private Thread thread;
    private volatile boolean running;
    private CountDownLatch stopped;

    public AdvertiseDiscovery(AdvertiseSettings settings) {
        this(settings, Clock.systemUTC(), System::nanoTime);
    }

    /** With the clocks to use: wall time for Date skew, nanoTime for silence. */
    public AdvertiseDiscovery(AdvertiseSettings settings, Clock wallClock, LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    public AdvertiseSettings settings() {
        return settings;
    }

    /** What became of the datagrams received so far. */
    public AdvertiseStatistics statistics() {
        return stats;
    }

    /**
     * Joins the group and starts the receive thread.
     *
     * @throws IOException when the port cannot be bound or the group cannot be joined; the message
     *                     names the group, port and interface
     * @throws IllegalStateException when already started
     */
    @Override
    public synchronized void start(Listener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (running) {
            throw new IllegalStateException("advertise discovery already started");
        }
        InetSocketAddress group = settings.group();
        NetworkInterface nif = resolveInterface();
        MulticastSocket s = open(group);
        try {
            s.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
            s.joinGroup(new InetSocketAddress(group.getAddress(), 0), nif);
        } catch (IOException e) {
            s.close();
            throw new IOException("Cannot join advertise group " + describe(nif) + ": " + e.getMessage()
                    + " (check " + AdvertiseSettings.INTERFACE + "/" + AdvertiseSettings.INTERFACE_NAME
                    + ", and that the interface supports multicast)", e);
        }
        AdvertiseTracker tracker = new AdvertiseTracker(AdvertiseDigest.forKey(settings.securityKey()),
                settings.maxClockSkew(), settings.timeout(), wallClock, nanoTime, listener, stats);
        socket = s;
        stopped = new CountDownLatch(1);
        running = true;
        String name = "clusteragent-advertise-" + group.getAddress().getHostAddress() + ":" + group.getPort();
        thread = new Thread(() -> receiveLoop(s, tracker), name);
        thread.setDaemon(true);
        thread.start();
        LOG.infof("CLAG5000: Listening for proxy advertisements on %s%s", describe(nif),
                settings.securityKey() == null ? " (no advertiseSecurityKey: anyone on the network"
                        + " can advertise a proxy)" : "");
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            stopped.countDown();
            socket.close(); // wakes the blocked receive
            t = thread;
            thread = null;
        }
        if (t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.infof("CLAG5001: Stopped listening for proxy advertisements on %s", settings.group());
    }

    private void receiveLoop(MulticastSocket s, AdvertiseTracker tracker) {
        byte[] buffer = new byte[BUFFER_SIZE];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        boolean failing = false;
        while (running) {
            try {
                packet.setLength(buffer.length);
                s.receive(packet);
                failing = false;
                tracker.onDatagram(buffer, packet.getOffset(), packet.getLength(), packet.getAddress());
            } catch (SocketTimeoutException e) {
                // quiet network: fall through to the expiry check
            } catch (IOException e) {
                if (!running) {
                    break;
                }
                stats.countReceiveError();
                if (!failing) {
                    LOG.warnf("CLAG5020: Receiving advertise datagrams on %s failed: %s; retrying",
                            settings.group(), e.toString());
                    failing = true;
                }
                pause();
            } catch (RuntimeException e) {
                // The tracker catches its own; this is a last line so the thread never dies.
                stats.record(AdvertiseOutcome.INTERNAL_ERROR);
                LOG.errorf(e, "CLAG5021: Unexpected failure in the advertise listener; it goes on");
            }
            try {
                tracker.expire();
            } catch (RuntimeException e) {
                LOG.errorf(e, "CLAG5024: Unexpected failure checking for silent proxies; it goes on");
            }
        }
    }

    private void pause() {
        try {
            stopped.await(RECEIVE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private MulticastSocket open(InetSocketAddress group) throws IOException {
        // Binding the group address (not the wildcard) keeps datagrams of other groups on the same
        // port out, where the OS allows it (Linux, macOS); Windows refuses, so fall back.
        try {
            return bound(group);
        } catch (SocketException e) {
            LOG.debugf("CLAG5023: Cannot bind %s (%s); binding port %d on all addresses instead", group,
                    e.getMessage(), group.getPort());
        }
        try {
            return bound(new InetSocketAddress(group.getPort()));
        } catch (IOException e) {
            throw new IOException("Cannot bind advertise port " + AdvertiseSettings.PORT + "="
                    + group.getPort() + ": " + e.getMessage(), e);
        }
    }

    private static MulticastSocket bound(InetSocketAddress address) throws IOException {
        MulticastSocket s = new MulticastSocket(null);
        try {
            s.setReuseAddress(true);
            s.bind(address);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private NetworkInterface resolveInterface() throws IOException {
        if (settings.interfaceAddress() != null) {
            NetworkInterface nif = NetworkInterface.getByInetAddress(settings.interfaceAddress());
            if (nif == null) {
                throw new IOException(AdvertiseSettings.INTERFACE + "="
                        + settings.interfaceAddress().getHostAddress() + " is not the address of any"
                        + " interface of this machine");
            }
            return nif;
        }
        if (settings.interfaceName() != null) {
            NetworkInterface nif = NetworkInterface.getByName(settings.interfaceName());
            if (nif == null) {
                throw new IOException(AdvertiseSettings.INTERFACE_NAME + "=" + settings.interfaceName()
                        + " is not an interface of this machine");
            }
            return nif;
        }
        return null; // the OS picks, by its routing table
    }

    private String describe(NetworkInterface nif) {
        return settings.group() + " via " + (nif == null ? "the default interface" : "interface " + nif.getName());
    }
}
