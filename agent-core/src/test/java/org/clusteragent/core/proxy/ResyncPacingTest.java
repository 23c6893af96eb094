package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.clusteragent.core.proxy.ProxyTests.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.ScriptedReply;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Storms stay small: a proxy whose id changes on every reply, a flood of "restarted" reports from
 * discovery and a run of unreadable replies cost a few paced resyncs and one log line per run, with
 * a count when it ends. Lane time is a manual clock, so the pacing is checked without waiting.
 */
@Timeout(60)
class ResyncPacingTest {

    private static final StatusRequest STATUS = new StatusRequest(RecordingListener.ROUTE, 80);

    private static LaneFixture lane(ManualLaneClock clock) throws InterruptedException {
        return LaneFixture.of(FakeProxy.start(), settings(Duration.ZERO), clock).addStartAndAwaitAdded();
    }

    @Test
    void anIdChangingOnEveryReplyGetsPacedResyncsAndOneLogLine() throws Exception {
        ManualLaneClock clock = new ManualLaneClock();
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = lane(clock)) {
            f.fake.changeIdOnEveryReply(true);
            for (int i = 0; i < 50; i++) {
                f.send(STATUS);
            }
            assertNull(f.listener.resyncs.poll(200, TimeUnit.MILLISECONDS),
                    "within a second of the last resync, none runs however often the id changes");
            clock.advance(ResyncPacer.FIRST_GAP);
            assertEquals(ResyncReason.RESTARTED, f.listener.next(WAIT).reason(), "the held-back resync, once");
            for (int i = 0; i < 50; i++) {
                f.send(STATUS);
            }
            clock.advance(ResyncPacer.FIRST_GAP);
            assertNull(f.listener.resyncs.poll(200, TimeUnit.MILLISECONDS), "the gap doubled to 2 s");
            clock.advance(ResyncPacer.FIRST_GAP);
            assertEquals(ResyncReason.RESTARTED, f.listener.next(WAIT).reason());
            assertNull(f.listener.resyncs.poll(200, TimeUnit.MILLISECONDS), "100 id changes, 2 resyncs");

            f.fake.changeIdOnEveryReply(false);
            f.send(STATUS);
            f.send(STATUS);
            assertEquals(1, log.withId("CLAG1105").size(), log.messages().toString());
            assertEquals(1, log.withId("CLAG1201").size(), log.messages().toString());
            assertEquals(101, f.snapshot().idChanges(),
                    "every change is counted: 100 STATUS and the probe after each of the 2 resyncs (the first reply only sets the id)");
        }
    }

    @Test
    void restartsThatEachSettleAreNotAStormAndAreResyncedAtOnce() throws Exception {
        // an operator restarting the proxy several times within a minute (httpd: graceful, then a
        // SIGHUP, then stop and start) must not wait out a growing gap: each restart was over (the
        // proxy kept its new id) before the next began
        ManualLaneClock clock = new ManualLaneClock();
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = lane(clock)) {
            for (int restart = 1; restart <= 4; restart++) {
                clock.advance(ResyncPacer.FIRST_GAP);
                f.fake.restart();
                f.send(STATUS); // the proxy forgot the node (and took a new id): that asks for a resync
                assertEquals(ResyncReason.NODE_UNKNOWN, f.listener.next(WAIT).reason(), "restart " + restart + " resynced at once");
                f.send(STATUS); // the first id after the resync: the reference
                f.send(STATUS); // the same id again: this restart is over
            }
            assertEquals(4, log.withId("CLAG1106").size(), log.messages().toString());
        }
    }

    @Test
    void gracefulRestartsASecondApartWithNothingSentBetweenAreEachResyncedAtOnce() throws Exception {
        // httpd's graceful restart keeps its id and forgets the node; restarted again a second after
        // the agent repaired it, before any other request, the lane's probe right after each resync
        // has already shown the restart was over, so the gaps do not grow
        ManualLaneClock clock = new ManualLaneClock();
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = lane(clock)) {
            f.listener.statusInResync = true;
            for (int restart = 1; restart <= 5; restart++) {
                clock.advance(ResyncPacer.FIRST_GAP);
                f.fake.gracefulRestart();
                f.send(STATUS);
                assertEquals(ResyncReason.NODE_UNKNOWN, f.listener.next(WAIT).reason(), "restart " + restart + " resynced at once");
            }
            assertEquals(5, log.withId("CLAG1106").size(), log.messages().toString());
        }
    }

    @Test
    void aProxyThatForgetsTheNodeRightAfterEachResyncCostsAtMostOneResyncASecond() throws Exception {
        ManualLaneClock clock = new ManualLaneClock();
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = lane(clock)) {
            f.listener.statusInResync = true;
            clock.advance(ResyncPacer.FIRST_GAP);
            f.fake.gracefulRestart();
            f.send(STATUS);
            assertEquals(ResyncReason.NODE_UNKNOWN, f.listener.next(WAIT).reason());
            for (int i = 0; i < 20; i++) { // forgotten again and again within the same second
                f.fake.gracefulRestart();
                f.send(STATUS);
            }
            assertNull(f.listener.resyncs.poll(200, TimeUnit.MILLISECONDS), "none until a second has passed");
            clock.advance(ResyncPacer.FIRST_GAP);
            assertEquals(ResyncReason.NODE_UNKNOWN, f.listener.next(WAIT).reason(), "the 20 held back are one");
            assertNull(f.listener.resyncs.poll(200, TimeUnit.MILLISECONDS));
            assertEquals(2, log.withId("CLAG1106").size(), "one line per run of replies that do not know the node: "
                    + log.messages());
        }
    }

    @Test
    void aResyncAfterAnOutageStartsTheGapsAgain() {
        // paced resyncs in a row double the gap; one after an outage (not paced) is a real event
        long second = ResyncPacer.FIRST_GAP.toNanos();
        ResyncPacer pacer = new ResyncPacer(new java.util.SplittableRandom(1));
        long now = 0;
        for (int i = 0; i < 4; i++) {
            pacer.ran(now, true);
            now = pacer.allowedAt();
        }
        pacer.ran(now, true);
        assertTrue(pacer.allowedAt() - now > 2 * second, "the gap grew while paced resyncs kept coming");
        pacer.ran(now, false);
        assertTrue(pacer.allowedAt() - now <= second, "after the outage's resync the next may run within 1 s");
    }

    @Test
    void aThousandRestartReportsFromDiscoveryCostOneResync() throws Exception {
        ManualLaneClock clock = new ManualLaneClock();
        try (LaneFixture f = lane(clock)) {
            for (int i = 0; i < 1_000; i++) {
                f.registry.restarted(f.proxy);
            }
            assertInstanceOf(McmpReply.StatusReply.class, f.send(STATUS)); // everything before it was handled
            clock.advance(ResyncPacer.FIRST_GAP);
            assertEquals(ResyncReason.RESTARTED, f.listener.next(WAIT).reason());
            clock.advance(ResyncPacer.MAX_GAP);
            assertNull(f.listener.resyncs.poll(300, TimeUnit.MILLISECONDS), "one resync for 1,000 reports");
        }
    }

    @Test
    void unreadableRepliesAreWarnedAboutOncePerRunWithACountWhenItEnds() throws Exception {
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.reply("STATUS", r -> ScriptedReply.ok("this is not MCMP"));
            for (int i = 0; i < 20; i++) {
                assertInstanceOf(McmpReply.Malformed.class, f.send(STATUS));
            }
            f.fake.reply("STATUS", null);
            assertInstanceOf(McmpReply.StatusReply.class, f.send(STATUS));
            assertEquals(1, log.withId("CLAG1111").size(), log.messages().toString());
            String ended = log.one("CLAG1202");
            assertEquals(true, ended.contains("20 unreadable"), ended);
        }
    }
}
