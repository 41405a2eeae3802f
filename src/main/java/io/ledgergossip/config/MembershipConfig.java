package io.ledgergossip.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Membership and failure detection (see {@link Defaults} for each key and default).
 *
 * @param aliveTimeInterval {@code peer.gossip.aliveTimeInterval}
 * @param aliveExpirationTimeout {@code peer.gossip.aliveExpirationTimeout}
 * @param propagatePeerNum {@code peer.gossip.propagatePeerNum}
 * @param pullInterval {@code peer.gossip.pullInterval}
 * @param pullPeerNum {@code peer.gossip.pullPeerNum}
 * @param propagateIterations {@code peer.gossip.propagateIterations}
 * @param reconnectInterval {@code peer.gossip.reconnectInterval}
 */
public record MembershipConfig(Duration aliveTimeInterval, Duration aliveExpirationTimeout, int propagatePeerNum,
        Duration pullInterval, int pullPeerNum, int propagateIterations, Duration reconnectInterval) {

    /** With Fabric's propagateIterations and reconnectInterval. */
    public MembershipConfig(Duration aliveTimeInterval, Duration aliveExpirationTimeout, int propagatePeerNum,
            Duration pullInterval, int pullPeerNum) {
        this(aliveTimeInterval, aliveExpirationTimeout, propagatePeerNum, pullInterval, pullPeerNum, Defaults.PROPAGATE_ITERATIONS,
                Defaults.RECONNECT_INTERVAL);
    }

    public MembershipConfig {
        Objects.requireNonNull(aliveTimeInterval, "aliveTimeInterval");
        Objects.requireNonNull(aliveExpirationTimeout, "aliveExpirationTimeout");
        Objects.requireNonNull(pullInterval, "pullInterval");
        if (aliveTimeInterval.isNegative() || aliveTimeInterval.isZero()) {
            throw new IllegalArgumentException("peer.gossip.aliveTimeInterval must be positive");
        }
        if (aliveExpirationTimeout.compareTo(aliveTimeInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("peer.gossip.aliveExpirationTimeout must be at least twice aliveTimeInterval");
        }
        if (pullInterval.isNegative() || pullInterval.isZero()) {
            throw new IllegalArgumentException("peer.gossip.pullInterval must be positive");
        }
        if (propagatePeerNum < 1 || pullPeerNum < 1) {
            throw new IllegalArgumentException("peer.gossip.propagatePeerNum and pullPeerNum must be at least 1");
        }
        if (propagateIterations < 1) {
            throw new IllegalArgumentException("peer.gossip.propagateIterations must be at least 1");
        }
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
        if (reconnectInterval.isNegative() || reconnectInterval.isZero()) {
            throw new IllegalArgumentException("peer.gossip.reconnectInterval must be positive");
        }
    }

    public static MembershipConfig defaults() {
        return new MembershipConfig(Defaults.ALIVE_TIME_INTERVAL, Defaults.ALIVE_EXPIRATION_TIMEOUT,
                Defaults.PROPAGATE_PEER_NUM, Defaults.PULL_INTERVAL, Defaults.PULL_PEER_NUM, Defaults.PROPAGATE_ITERATIONS,
                Defaults.RECONNECT_INTERVAL);
    }
}
