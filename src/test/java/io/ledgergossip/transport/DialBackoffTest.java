package io.ledgergossip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DialBackoffTest {
    private final DialBackoff backoff = new DialBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));

    @Test
    void waitDoublesPerFailureUpToTheCapAndSuccessForgets() {
        assertEquals(0, backoff.retryAt("a:1", 1_000));
        backoff.failed("a:1", 1_000);
        assertEquals(1_200, backoff.retryAt("a:1", 1_000));
        assertEquals(0, backoff.retryAt("a:1", 1_200));
        backoff.failed("a:1", 1_200);
        assertEquals(1_600, backoff.retryAt("a:1", 1_200));
        for (int i = 0; i < 10; i++) {
            backoff.failed("a:1", 5_000);
        }
        assertEquals(7_000, backoff.retryAt("a:1", 5_000), "capped at the maximum");
        assertEquals(0, backoff.retryAt("b:1", 5_000), "other endpoints are not affected");
        backoff.succeeded("a:1");
        assertEquals(0, backoff.retryAt("a:1", 5_000));
        assertEquals(2_000, backoff.delayMillis(40), "no overflow for long failure runs");
    }
}
