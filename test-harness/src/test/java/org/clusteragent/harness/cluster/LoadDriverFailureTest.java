package org.clusteragent.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** A failed answer is shown with a reason, also when the balancer sent an empty body. */
class LoadDriverFailureTest {

    private static final URI TARGET = URI.create("http://127.0.0.1:8000/demo/hello");

    @Test
    void anEmpty503SaysWhatItMeans() {
        assertEquals("HTTP 503 from http://127.0.0.1:8000/demo/hello (session abc.tomcat-1): empty answer from the"
                + " balancer: no node could take the request (none registered, up and routing the demo, or the one"
                + " holding the session refused it)", LoadDriver.failure(503, "  \n", TARGET, "abc.tomcat-1"));
    }

    @Test
    void aBodyIsShownOnOneLineAndCut() {
        assertEquals("HTTP 500 from http://127.0.0.1:8000/demo/hello: boom at line 2",
                LoadDriver.failure(500, "boom\nat  line 2\n", TARGET, null));
        String long200 = "x".repeat(200);
        assertEquals(120 + 1, LoadDriver.failure(502, long200, TARGET, null)
                .substring("HTTP 502 from http://127.0.0.1:8000/demo/hello: ".length()).length());
    }
}
