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
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong connectionsClosed = new AtomicLong();
    private final AtomicLong duplicateConnections = new AtomicLong();
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);

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
