package io.ledgergossip.transport;

import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/**
 * Authenticated peer-to-peer messaging.
 *
 * <p>Promises: a message handed to {@link InboundHandler#onMessage} came over a connection whose
 * far end proved the identity it carries; there is at most one connection per pair of peers,
 * used both ways; {@link #send} never blocks and never queues without bound: a message that does
 * not fit the peer's send buffer is dropped and counted. Delivery is best effort: a connection
 * can fail with messages in flight.
 */
public interface Transport extends AutoCloseable {
    PkiId localId();

    /** The address others dial to reach this peer. */
    String endpoint();

    /** Starts accepting connections and delivering messages to {@code handler}. */
    void start(InboundHandler handler);

    /**
     * Connects to the peer at {@code endpoint} (host:port), or reuses the connection to it.
     * Completes with the remote identity once the handshake has passed; fails on refusal,
     * timeout, or while dialing that endpoint is backing off after failures.
     */
    CompletableFuture<PeerIdentity> connect(String endpoint);

    /**
     * Queues a message to a connected peer; false when it was dropped (not connected, buffer full,
     * or larger than {@link #maxMessageSize()}: such a message is never sent, and is counted, since
     * the receiver would cut the connection).
     */
    boolean send(PkiId to, Envelope message);

    /** The largest message this transport sends or accepts, in bytes ({@code peer.gossip.maxMessageSize}). */
    int maxMessageSize();

    /**
     * Stops (true) or resumes (false) reading from a peer's connection, so that a peer whose
     * messages pile up waits in its own socket buffers rather than in this peer's memory. A
     * transport without sockets may ignore it (its receiver bounds what it queues).
     */
    void pauseReading(PkiId peer, boolean paused);

    Set<PkiId> connectedPeers();

    void disconnect(PkiId peer);

    TransportCounters counters();

    @Override
    void close();
}
