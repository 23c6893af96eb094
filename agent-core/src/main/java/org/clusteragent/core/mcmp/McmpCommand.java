package org.clusteragent.core.mcmp;

/** The MCMP commands a worker sends, with their names on the wire. */
public enum McmpCommand {
    CONFIG("CONFIG"),
    ENABLE_APP("ENABLE-APP"),
    DISABLE_APP("DISABLE-APP"),
    STOP_APP("STOP-APP"),
    REMOVE_APP("REMOVE-APP"),
    STATUS("STATUS"),
    INFO("INFO"),
    DUMP("DUMP"),
    PING("PING");

    private final String wireName;

    McmpCommand(String wireName) {
        this.wireName = wireName;
    }

    /** The HTTP method name used on the wire, e.g. {@code ENABLE-APP}. */
    public String wireName() {
        return wireName;
    }
}
