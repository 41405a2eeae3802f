package io.ledgergossip.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the peer-to-peer transport (see {@link Defaults} for each key and default).
 *
 * @param maxMessageSize {@code peer.gossip.maxMessageSize}
 * @param connTimeout {@code peer.gossip.connTimeout}
 * @param dialTimeout {@code peer.gossip.dialTimeout}
 * @param sendBuffSize {@code peer.gossip.sendBuffSize}
 * @param sendBuffBytes {@code peer.gossip.sendBuffBytes}
 * @param dialBackoffMin {@code peer.gossip.dialBackoffMin}
 * @param dialBackoffMax {@code peer.gossip.dialBackoffMax}
 */
public record TransportConfig(int maxMessageSize, Duration connTimeout, Duration dialTimeout, int sendBuffSize,
        int sendBuffBytes, Duration dialBackoffMin, Duration dialBackoffMax) {

    public TransportConfig {
        Objects.requireNonNull(connTimeout, "connTimeout");
        Objects.requireNonNull(dialTimeout, "dialTimeout");
        Objects.requireNonNull(dialBackoffMin, "dialBackoffMin");
        Objects.requireNonNull(dialBackoffMax, "dialBackoffMax");
        require(maxMessageSize >= 1024, "peer.gossip.maxMessageSize must be at least 1024 bytes");
        require(positive(connTimeout), "peer.gossip.connTimeout must be positive");
        require(positive(dialTimeout), "peer.gossip.dialTimeout must be positive");
        require(sendBuffSize >= 1, "peer.gossip.sendBuffSize must be at least 1");
        require(sendBuffBytes >= maxMessageSize, "peer.gossip.sendBuffBytes must hold at least one maximal message");
        require(positive(dialBackoffMin), "peer.gossip.dialBackoffMin must be positive");
        require(dialBackoffMax.compareTo(dialBackoffMin) >= 0, "peer.gossip.dialBackoffMax must not be below dialBackoffMin");
    }

    public static TransportConfig defaults() {
        return new TransportConfig(Defaults.MAX_MESSAGE_SIZE, Defaults.CONN_TIMEOUT, Defaults.DIAL_TIMEOUT,
                Defaults.SEND_BUFF_SIZE, Defaults.SEND_BUFF_BYTES, Defaults.DIAL_BACKOFF_MIN, Defaults.DIAL_BACKOFF_MAX);
    }

    public TransportConfig withMaxMessageSize(int bytes) {
        return new TransportConfig(bytes, connTimeout, dialTimeout, sendBuffSize, Math.max(sendBuffBytes, bytes),
                dialBackoffMin, dialBackoffMax);
    }

    public TransportConfig withConnTimeout(Duration timeout) {
        return new TransportConfig(maxMessageSize, timeout, dialTimeout, sendBuffSize, sendBuffBytes, dialBackoffMin,
                dialBackoffMax);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
