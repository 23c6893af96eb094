package org.clusteragent.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;

/** The operator's lines read as English: counts agree with their nouns, a duration is what it says. */
class AgentLogTest {

    @Test
    void startedCountsStaticProxiesInWords() {
        try (CapturedLog log = CapturedLog.capture()) {
            AgentLog.started("[node1]", 0, true);
            AgentLog.started("[node1]", 1, false);
            AgentLog.started("[node1]", 2, false);
            assertEquals(java.util.List.of(
                    "CLAG2001: clusteragent started for [node1] with no static proxy and proxy discovery",
                    "CLAG2001: clusteragent started for [node1] with 1 static proxy",
                    "CLAG2001: clusteragent started for [node1] with 2 static proxies"), log.withId("CLAG2001"));
        }
    }

    @Test
    void aTimedOutDrainSaysHowLongItRanNotThatTheTimeoutWasThatLong() {
        try (CapturedLog log = CapturedLog.capture()) {
            AgentLog.drainTimedOut("node1:localhost/shop", 10002, 3, 1);
            assertEquals("CLAG2006: drain of node1:localhost/shop stopped waiting after 10002 ms (stopContextTimeout;"
                    + " sessions get 80% of it) with 3 sessions and 1 requests still active", log.one("CLAG2006"));
        }
    }
}
