package io.ledgergossip.util;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Observations in seconds counted into fixed buckets, as a Prometheus histogram has them
 * (cumulative counts per upper bound, a sum and a count). Written by one thread, read by any.
 */
public final class SecondsHistogram {
    /** The Prometheus Go client's default buckets, which Fabric's gossip histograms use. */
    public static final double[] PROMETHEUS_DEFAULT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final double[] bounds;
    private final AtomicLongArray counts;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong sumNanos = new AtomicLong();

    public SecondsHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length);
    }

    public void observeNanos(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts.incrementAndGet(i); // non-cumulative here; cumulative when read
                break;
            }
        }
        sumNanos.addAndGet(nanos);
        count.incrementAndGet();
    }

    public double[] bounds() {
        return bounds.clone();
    }

    /** Observations at or below each bound (cumulative, as Prometheus' {@code le} buckets). */
    public long[] cumulativeCounts() {
        long[] out = new long[bounds.length];
        long running = 0;
        for (int i = 0; i < bounds.length; i++) {
            running += counts.get(i);
            out[i] = running;
        }
        return out;
    }

    public long count() {
        return count.get();
    }

    public double sumSeconds() {
        return sumNanos.get() / 1e9;
    }
}
