package io.ledgergossip.transport.memory;

import java.time.Duration;

/**
 * What happens to messages on a link.
 *
 * @param dropRate probability that a message is lost
 * @param delay fixed part of the delivery delay
 * @param jitter a uniformly random extra delay in [0, jitter]: messages overtake each other
 * @param duplicateRate probability that a message arrives twice (each copy with its own delay)
 */
public record LinkFaults(double dropRate, Duration delay, Duration jitter, double duplicateRate) {
    public static final LinkFaults NONE = new LinkFaults(0, Duration.ofMillis(1), Duration.ZERO, 0);

    public LinkFaults {
        if (dropRate < 0 || dropRate > 1 || duplicateRate < 0 || duplicateRate > 1) {
            throw new IllegalArgumentException("rates must be within [0, 1]");
        }
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay and jitter must not be negative");
        }
    }

    public LinkFaults withDropRate(double rate) {
        return new LinkFaults(rate, delay, jitter, duplicateRate);
    }

    public LinkFaults withDelay(Duration fixed, Duration extra) {
        return new LinkFaults(dropRate, fixed, extra, duplicateRate);
    }

    public LinkFaults withDuplicateRate(double rate) {
        return new LinkFaults(dropRate, delay, jitter, rate);
    }
}
