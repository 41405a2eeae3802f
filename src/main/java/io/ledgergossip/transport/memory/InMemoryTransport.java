package io.ledgergossip.transport.memory;

import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.Handshake;
import io.ledgergossip.transport.HandshakeException;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.transport.TransportCounters;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import io.ledgergossip.wire.WireMessage;

/**
 * {@link Transport} inside one process. Connections are made with the very ConnEstablish checks of
 * the real transport (each side verifies the other's signed ConnEstablish against the TLS
 * certificate the other would present); messages then cross the {@link InMemoryNetwork}, which
 * applies the link's faults. Connection set-up is reliable but respects partitions, like TCP.
 */
public final class InMemoryTransport implements Transport {
    private final InMemoryNetwork network;
    private final LocalIdentity self;
    private final String endpoint;
    private final IdentityValidator validator;
    private final TransportConfig config;
    private final TransportCounters counters = new TransportCounters();
    private final Map<PkiId, Link> links = new LinkedHashMap<>();
    private InboundHandler handler;
    private boolean running;

    private record Link(InMemoryTransport remote, PeerIdentity identity) {}

    InMemoryTransport(InMemoryNetwork network, LocalIdentity self, String endpoint, IdentityValidator validator,
            TransportConfig config) {
        this.network = network;
        this.self = self;
        this.endpoint = endpoint;
        this.validator = validator;
        this.config = config;
    }

    @Override
    public void start(InboundHandler inbound) {
        this.handler = inbound;
        this.running = true;
    }

    boolean isRunning() {
        return running;
    }

    @Override
    public CompletableFuture<PeerIdentity> connect(String target) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("transport is not running"));
        }
        for (Link link : links.values()) {
            if (link.remote().endpoint.equals(target)) {
                return CompletableFuture.completedFuture(link.identity());
            }
        }
        CompletableFuture<PeerIdentity> result = new CompletableFuture<>();
        if (network.running(target).isEmpty() || !network.reachable(endpoint, target)) {
            network.scheduler().schedule(config.dialTimeout(),
                    () -> result.completeExceptionally(new IOException("cannot reach " + target)));
            return result;
        }
        network.scheduler().schedule(network.handshakeDelay(endpoint, target), () -> handshake(target, result));
        return result;
    }

    private void handshake(String target, CompletableFuture<PeerIdentity> result) {
        InMemoryTransport remote = network.running(target).orElse(null);
        if (!running || remote == null || !network.reachable(endpoint, target)) {
            result.completeExceptionally(new IOException("connection to " + target + " lost during the handshake"));
            return;
        }
        PeerIdentity remoteIdentity;
        PeerIdentity localAsSeen;
        try {
            remoteIdentity = Handshake.verify(remote.hello(), remote.self.tlsCertHash(), null, validator);
        } catch (HandshakeException e) {
            counters.reject(e.reason());
            result.completeExceptionally(e);
            return;
        }
        try {
            localAsSeen = Handshake.verify(hello(), self.tlsCertHash(), null, remote.validator);
        } catch (HandshakeException e) {
            remote.counters.reject(e.reason());
            result.completeExceptionally(e);
            return;
        }
        Link existing = links.get(remoteIdentity.pkiId());
        if (existing == null) {
            links.put(remoteIdentity.pkiId(), new Link(remote, remoteIdentity));
            remote.links.put(localAsSeen.pkiId(), new Link(this, localAsSeen));
            counters.opened();
            remote.counters.opened();
            handler.onConnected(remoteIdentity);
            remote.handler.onConnected(localAsSeen);
        }
        result.complete(remoteIdentity);
    }

    private Envelope hello() {
        return Handshake.connEstablish(self, self.tlsCertHash());
    }

    /** No sockets to stop reading: the receiving node's inbox bounds and drops what it cannot queue. */
    @Override
    public void pauseReading(PkiId peer, boolean paused) {
    }

    @Override
    public int maxMessageSize() {
        return config.maxMessageSize();
    }

    @Override
    public boolean send(PkiId to, Envelope message) {
        Link link = links.get(to);
        if (!running || link == null) {
            return false;
        }
        int size = message.getSerializedSize();
        if (size > config.maxMessageSize()) {
            counters.oversizedNotSent();
            return false;
        }
        counters.sent(size);
        InMemoryTransport remote = link.remote();
        network.transmit(endpoint, remote.endpoint, message, () -> remote.receive(self.pkiId(), message));
        return true;
    }

    private void receive(PkiId from, Envelope envelope) {
        Link link = links.get(from);
        if (!running || link == null) {
            return; // the connection closed while the message was in flight
        }
        WireMessage message;
        try {
            message = SignedGossip.read(envelope);
        } catch (WireException e) {
            counters.reject(RejectReason.MALFORMED_MESSAGE);
            disconnect(from);
            return;
        }
        counters.received(envelope.getSerializedSize());
        handler.onMessage(new ReceivedMessage(link.identity(), envelope, message));
    }

    @Override
    public Set<PkiId> connectedPeers() {
        // insertion order, not Set.copyOf: its iteration order changes from one JVM to the next
        return Collections.unmodifiableSet(new LinkedHashSet<>(links.keySet()));
    }

    @Override
    public void disconnect(PkiId peer) {
        Link link = links.remove(peer);
        if (link == null) {
            return;
        }
        link.remote().links.remove(self.pkiId());
        counters.closed();
        link.remote().counters.closed();
        handler.onDisconnected(peer);
        if (link.remote().handler != null) {
            link.remote().handler.onDisconnected(self.pkiId());
        }
    }

    @Override
    public PkiId localId() {
        return self.pkiId();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public TransportCounters counters() {
        return counters;
    }

    /** Stops the peer as a crash would: its connections drop, messages in flight to it are lost. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        for (PkiId peer : new ArrayList<>(links.keySet())) {
            disconnect(peer);
        }
        running = false;
    }
}
