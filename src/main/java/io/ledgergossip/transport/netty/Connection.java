package io.ledgergossip.transport.netty;

import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.TransportCounters;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/**
 * One authenticated connection to one peer, with a bounded send buffer: at most
 * {@code maxMessages} messages and {@code maxBytes} bytes in flight; anything past that is dropped
 * and counted, so a slow peer costs bounded memory.
 */
final class Connection implements io.ledgergossip.transport.PeerLink {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Channel channel;
    private final PeerIdentity peer;
    private final PkiId dialer;
    private final long sequence = SEQUENCE.incrementAndGet();
    private final String endpoint;
    private final int maxMessages;
    private final long maxBytes;
    private final TransportCounters counters;
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();

    Connection(Channel channel, PeerIdentity peer, PkiId dialer, String endpoint, int maxMessages, long maxBytes,
            TransportCounters counters) {
        this.channel = channel;
        this.peer = peer;
        this.dialer = dialer;
        this.endpoint = endpoint;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.counters = counters;
    }

    @Override
    public PeerIdentity peer() {
        return peer;
    }

    /** Who opened the TCP connection: decides which of two simultaneous connections survives. */
    @Override
    public PkiId dialer() {
        return dialer;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    /** The endpoint we dialed, or null for an accepted connection. */
    @Override
    public String endpoint() {
        return endpoint;
    }

    /** Stops or resumes reading this connection (Netty's autoRead): unread bytes wait in the kernel, and TCP slows the sender. */
    void pauseReading(boolean paused) {
        channel.config().setAutoRead(!paused);
    }

    Channel channel() {
        return channel;
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    boolean send(Envelope envelope) {
        int size = envelope.getSerializedSize();
        if (!channel.isActive()) {
            return false;
        }
        if (queuedMessages.incrementAndGet() > maxMessages || queuedBytes.addAndGet(size) > maxBytes) {
            queuedMessages.decrementAndGet();
            queuedBytes.addAndGet(-size);
            counters.overflow();
            return false;
        }
        channel.writeAndFlush(envelope).addListener(f -> {
            queuedMessages.decrementAndGet();
            queuedBytes.addAndGet(-size);
            if (f.isSuccess()) {
                counters.sent(size);
            }
        });
        return true;
    }

    @Override
    public void close() {
        channel.close();
    }
}
