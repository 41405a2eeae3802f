package io.ledgergossip.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a transport counts: traffic, drops and refusals. Thread-safe. */
public final class TransportCounters {
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong overflowDropped = new AtomicLong();
    private final AtomicLong oversizedNotSent = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong connectionsClosed = new AtomicLong();
    private final AtomicLong duplicateConnections = new AtomicLong();
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
    /** Endpoint -> why the last dial to it failed in TLS; an endpoint leaves when a dial to it succeeds. Bounded. */
    private final Map<String, String> tlsDialFailures = new java.util.concurrent.ConcurrentHashMap<>();
    /** Endpoints whose TLS failure is remembered at most: an operator needs the first few, not all. */
    public static final int MAX_TLS_FAILURES_KEPT = 16;

    public TransportCounters() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new AtomicLong());
        }
    }

    public void sent(int bytes) {
        messagesSent.incrementAndGet();
        bytesSent.addAndGet(bytes);
    }

    public void received(int bytes) {
        messagesReceived.incrementAndGet();
        bytesReceived.addAndGet(bytes);
    }

    public void overflow() {
        overflowDropped.incrementAndGet();
    }

    /** A message larger than the frame limit was not sent (the sender must split its replies). */
    public void oversizedNotSent() {
        oversizedNotSent.incrementAndGet();
    }

    public long oversizedNotSentCount() {
        return oversizedNotSent.get();
    }

    public void opened() {
        connectionsOpened.incrementAndGet();
    }

    public void closed() {
        connectionsClosed.incrementAndGet();
    }

    /** A second connection to a peer already connected (both dialed at once): one is closed, nobody is at fault. */
    public void duplicate() {
        duplicateConnections.incrementAndGet();
    }

    /** A dial to {@code endpoint} failed in the TLS handshake (a certificate not trusted, a name not in it, ...). */
    public void tlsDialFailed(String endpoint, String reason) {
        if (tlsDialFailures.size() < MAX_TLS_FAILURES_KEPT || tlsDialFailures.containsKey(endpoint)) {
            tlsDialFailures.put(endpoint, reason);
        }
    }

    /** A dial to {@code endpoint} succeeded: its earlier TLS failure is over. */
    public void dialSucceeded(String endpoint) {
        tlsDialFailures.remove(endpoint);
    }

    /** The endpoints this peer cannot reach because of TLS now, with the reason of the last failure. */
    public Map<String, String> tlsDialFailures() {
        return new java.util.TreeMap<>(tlsDialFailures);
    }

    public void reject(RejectReason reason) {
        rejected.get(reason).incrementAndGet();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long messagesReceived() {
        return messagesReceived.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Fabric's gossip_comm_overflow_count: messages dropped because a peer's send buffer was full. */
    public long overflowDropped() {
        return overflowDropped.get();
    }

    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    public long connectionsClosed() {
        return connectionsClosed.get();
    }

    public long duplicateConnections() {
        return duplicateConnections.get();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).get();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
