package io.ledgergossip.time;

import java.time.Instant;

/** The current time, as protocol code may read it: from the node's scheduler, never from the system. */
public interface Clock {
    /** Milliseconds since the epoch (virtual in tests). */
    long millis();

    default Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
