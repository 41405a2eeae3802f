package io.ledgergossip.time;

import java.time.Instant;

/** The current time, as protocol code may read it: from the node's scheduler, never from the system. */
public interface Clock {
    /** Milliseconds since the epoch (virtual in tests). */
    long millis();

    /**
     * A monotonic reading in nanoseconds, for measuring how long something took (commit duration):
     * the system's on a real clock, millis() x 10^6 on a virtual one.
     */
    default long nanoTime() {
        return millis() * 1_000_000L;
    }

    default Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
