package io.ledgergossip.node;

import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.membership.MembershipService;
import io.ledgergossip.store.MembershipStore;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.topology.DeliveryReceipt;
import io.ledgergossip.topology.RoutedDelivery;
import io.ledgergossip.topology.RoutedMessageListener;
import io.ledgergossip.topology.TopologyService;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer of the network. Every protocol service runs on the node's scheduler; the transport's
 * callbacks are handed over to it, so protocol state is touched by one thread only.
 */
public final class GossipNode {
    private static final Logger LOG = LoggerFactory.getLogger(GossipNode.class);

    private final LocalIdentity identity;
    private final Transport transport;
    private final Scheduler scheduler;
    private final MembershipService membership;
    private final TopologyService topology;
    private final RoutedDelivery routing;
    private final AtomicLong unhandled = new AtomicLong();

    public GossipNode(LocalIdentity identity, Transport transport, Scheduler scheduler, RandomGenerator random,
            IdentityValidator validator, NodeSettings settings, MembershipStore membershipStore) {
        this.identity = identity;
        this.transport = transport;
        this.scheduler = scheduler;
        this.membership = new MembershipService(identity, transport, scheduler, random, validator,
                settings.membership(), membershipStore);
        this.topology = new TopologyService(identity, settings.superNode(), settings.bootstrap(), transport, membership,
                scheduler, random, settings.topology(), settings.membership());
        this.routing = new RoutedDelivery(identity, transport, membership, topology, scheduler, random, settings.topology());
    }

    /** Starts the transport and the protocols (on the scheduler's thread). */
    public void start() {
        transport.start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) {
                scheduler.execute(() -> dispatch(message));
            }

            @Override
            public void onConnected(PeerIdentity peer) {
                scheduler.execute(() -> membership.requestMembership(peer.pkiId()));
            }

            @Override
            public void onDisconnected(PkiId peer) {
                scheduler.execute(() -> topology.onDisconnected(peer));
            }
        });
        scheduler.execute(() -> {
            membership.start();
            topology.start();
        });
    }

    private void dispatch(ReceivedMessage message) {
        if (!(membership.handle(message) || topology.handle(message) || routing.handle(message))) {
            unhandled.incrementAndGet();
            LOG.debug("{}: no handler for a message from {}", identity, message.sender());
        }
    }

    /** Stops the protocols and closes the transport, as a shutdown or a crash would. */
    public void stop() {
        routing.stop();
        topology.stop();
        membership.stop();
        transport.close();
    }

    /** Sends bytes to one given peer; the receipt says DELIVERED or FAILED, within 3 x hopTimeout. */
    public CompletableFuture<DeliveryReceipt> send(PkiId target, byte[] body) {
        CompletableFuture<DeliveryReceipt> result = new CompletableFuture<>();
        scheduler.execute(() -> routing.send(target, body).whenComplete((r, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(r);
            }
        }));
        return result;
    }

    public void onRoutedMessage(RoutedMessageListener listener) {
        routing.addListener(listener);
    }

    public PkiId pkiId() {
        return identity.pkiId();
    }

    public LocalIdentity identity() {
        return identity;
    }

    public MembershipService membership() {
        return membership;
    }

    public TopologyService topology() {
        return topology;
    }

    public Transport transport() {
        return transport;
    }

    /** Messages of a kind no service handles (counted, dropped). */
    public long unhandledMessages() {
        return unhandled.get();
    }
}
