package io.ledgergossip.transport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When an endpoint may be dialed again: after n consecutive failures, not before
 * {@code min x 2^(n-1)} (capped at max) has passed; a success forgets the failures. Pure
 * bookkeeping, the caller supplies the time. Thread-safe.
 */
public final class DialBackoff {
    private final long minMillis;
    private final long maxMillis;
    private final Map<String, Failures> failures = new HashMap<>();

    private record Failures(int count, long retryAt) {}

    public DialBackoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The wait after {@code count} consecutive failures. */
    public long delayMillis(int count) {
        if (count <= 0) {
            return 0;
        }
        int doublings = Math.min(count - 1, 30);
        return Math.min(maxMillis, minMillis << doublings);
    }

    /** 0 when the endpoint may be dialed now, otherwise the time (ms) from which it may. */
    public synchronized long retryAt(String endpoint, long now) {
        Failures f = failures.get(endpoint);
        return f == null || f.retryAt <= now ? 0 : f.retryAt;
    }

    public synchronized void failed(String endpoint, long now) {
        Failures previous = failures.get(endpoint);
        int count = previous == null ? 1 : previous.count + 1;
        failures.put(endpoint, new Failures(count, now + delayMillis(count)));
    }

    public synchronized void succeeded(String endpoint) {
        failures.remove(endpoint);
    }
}
