package org.clusteragent.demo;

/**
 * A request the demo refuses, with the HTTP status to answer and a message that names the
 * parameter, the value given and what is allowed. Thrown by validation, turned into a JSON
 * {@code {"error": "..."}} reply by {@link DemoServlet}.
 */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: the value itself is wrong or out of range. */
    static BadRequest invalid(String message) {
        return new BadRequest(400, message);
    }

    /** 429: the value is fine but together with work already running it would pass a node-wide limit. */
    static BadRequest tooMuch(String message) {
        return new BadRequest(429, message);
    }

    int status() {
        return status;
    }
}
