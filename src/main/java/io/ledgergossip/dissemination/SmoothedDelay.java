package io.ledgergossip.dissemination;

/**
 * A delay smoothed as TCP smooths its round trips (RFC 6298): SRTT and RTTVAR, the first sample
 * taken whole with half of it as variation. Not thread-safe: each owner runs on one thread.
 */
final class SmoothedDelay {
    private double smoothed = -1;
    private double variation;

    void sample(double millis) {
        double sample = Math.max(0, millis);
        if (smoothed < 0) {
            smoothed = sample;
            variation = sample / 2;
        } else {
            variation = 0.75 * variation + 0.25 * Math.abs(smoothed - sample);
            smoothed = 0.875 * smoothed + 0.125 * sample;
        }
    }

    boolean measured() {
        return smoothed >= 0;
    }

    /** The smoothed delay in milliseconds, or -1 before the first sample. */
    double smoothed() {
        return smoothed;
    }

    /** A wait that few samples exceed: SRTT + 4 RTTVAR, at least one and a half SRTT (0 before any sample). */
    double generous() {
        return smoothed < 0 ? 0 : Math.max(1.5 * smoothed, smoothed + 4 * variation);
    }
}
