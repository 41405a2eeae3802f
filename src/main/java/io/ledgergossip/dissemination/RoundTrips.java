package io.ledgergossip.dissemination;

import io.ledgergossip.config.Defaults;
import io.ledgergossip.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long an answer from a neighbour takes here, measured on this peer's own requests (a Hello
 * answered by a digest, a DataRequest answered by bodies) and smoothed as TCP smooths its round
 * trips (RFC 6298: SRTT and RTTVAR). It tells how long to wait before asking another peer: a few
 * hops, not a fixed number of seconds. Runs on the node's thread.
 */
final class RoundTrips {
    private final Clock clock;
    private final long fallbackMillis;
    private final Map<Long, Long> sentAt = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > Defaults.MAX_TIMED_REQUESTS; // answers that never came
        }
    };
    private final SmoothedDelay delay = new SmoothedDelay();

    /** @param fallback the wait before any round trip has been measured */
    RoundTrips(Clock clock, Duration fallback) {
        this.clock = clock;
        this.fallbackMillis = Math.max(1, fallback.toMillis());
    }

    /** A request carrying {@code nonce} left now. */
    void sent(long nonce) {
        if (nonce != 0) {
            sentAt.putIfAbsent(nonce, clock.millis());
        }
    }

    /** An answer carrying {@code nonce} arrived: a sample if it answers a request of ours, the first answer only. */
    void answered(long nonce) {
        Long at = sentAt.remove(nonce);
        if (at == null) {
            return;
        }
        delay.sample(clock.millis() - at);
    }

    /**
     * How long to wait for an answer before asking elsewhere: SRTT + 4 RTTVAR, at least one and a
     * half round trips and 1 ms, at most the fallback (the wait before any measurement).
     */
    Duration patience() {
        return delay.measured() ? capped(delay.generous()) : Duration.ofMillis(fallbackMillis);
    }

    /** Half the smoothed round trip (one hop), or zero before the first answer. */
    Duration oneHop() {
        return delay.measured() ? Duration.ofMillis((long) Math.ceil(delay.smoothed() / 2)) : Duration.ZERO;
    }

    /** A wait of {@code millis}, at least 1 ms and at most the fallback. */
    Duration capped(double millis) {
        return Duration.ofMillis(Math.min(fallbackMillis, Math.max(1, (long) Math.ceil(millis))));
    }

    /** The smoothed round trip in milliseconds, or -1 before the first answer. */
    double smoothedMillis() {
        return delay.smoothed();
    }
}
