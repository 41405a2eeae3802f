package io.ledgergossip.node;

import io.ledgergossip.dissemination.BlockIntake;
import io.ledgergossip.dissemination.BlockSource;
import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.dissemination.BlockVerifier;
import io.ledgergossip.dissemination.DisseminationService;
import io.ledgergossip.dissemination.PeerKinds;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.membership.MembershipService;
import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.MembershipStore;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.time.Cancellable;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.topology.DeliveryReceipt;
import io.ledgergossip.topology.RoutedDelivery;
import io.ledgergossip.topology.RoutedMessageListener;
import io.ledgergossip.topology.TopologyService;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
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
    private final DisseminationService dissemination;
    private final LedgerStore ledger;
    private final Inbox inbox;
    private final List<HeightWaiter> waiters = new ArrayList<>();
    private final AtomicLong unhandled = new AtomicLong();
    private final AtomicLong routedDelivered = new AtomicLong();
    private final AtomicLong routedFailed = new AtomicLong();
    private final boolean superNode;
    private volatile boolean running;
    private boolean stoppedOnce;
    /** False for a peer without a ledger: dissemination is not started and block messages are not handled. */
    private final boolean carriesLedger;
    /** The node's own timers (following the orderer, height waits), called off on stop. */
    private final io.ledgergossip.time.TaskGroup own;

    private record HeightWaiter(long height, CompletableFuture<Long> future, Cancellable timeout) {}

    /**
     * A peer without a ledger: membership, topology and routed delivery only. It takes no part in
     * block dissemination (no pull, no state transfer, block messages ignored), so it never pulls
     * the chain into memory.
     */
    public GossipNode(LocalIdentity identity, Transport transport, Scheduler scheduler, RandomGenerator random,
            IdentityValidator validator, NodeSettings settings, MembershipStore membershipStore) {
        this(identity, transport, scheduler, random, validator, settings, membershipStore, new InMemoryLedgerStore(),
                BlockValidation.allValid(block -> List.of()), false);
    }

    /**
     * @param ledger where committed blocks go (RocksDB in a peer, in memory in the simulator)
     * @param validation what a committed block does to the world state (the chaincode's part)
     */
    public GossipNode(LocalIdentity identity, Transport transport, Scheduler scheduler, RandomGenerator random,
            IdentityValidator validator, NodeSettings settings, MembershipStore membershipStore, LedgerStore ledger,
            BlockValidation validation) {
        this(identity, transport, scheduler, random, validator, settings, membershipStore, ledger, validation, true);
    }

    private GossipNode(LocalIdentity identity, Transport transport, Scheduler scheduler, RandomGenerator random,
            IdentityValidator validator, NodeSettings settings, MembershipStore membershipStore, LedgerStore ledger,
            BlockValidation validation, boolean carriesLedger) {
        this.carriesLedger = carriesLedger;
        this.identity = identity;
        this.transport = transport;
        this.scheduler = scheduler;
        this.own = new io.ledgergossip.time.TaskGroup(scheduler);
        // one score per peer, whatever layer caught it: alive-message offences go to the dissemination service's scores
        this.membership = new MembershipService(identity, transport, scheduler, random, validator,
                settings.membership(), membershipStore, this::offence);
        this.superNode = settings.superNode();
        this.topology = new TopologyService(identity, settings.superNode(), settings.bootstrap(), transport, membership,
                scheduler, random, settings.topology(), settings.membership());
        this.routing = new RoutedDelivery(identity, transport, membership, topology, scheduler, random, settings.topology());
        this.ledger = ledger;
        // commits timed on the node's clock; the next run is verified and written while this one is synced
        BlockIntake intake = new BlockIntake(ledger, new BlockVerifier(validator, settings.ordererMspIds(), settings.genesisHeaderHash()),
                validation, settings.dissemination().stateBlockBufferSize(), scheduler.clock(), scheduler::execute);
        intake.addListener(block -> releaseWaiters());
        this.dissemination = new DisseminationService(identity, settings.channel(), transport, scheduler, random, settings.dissemination(), intake,
                topology::children, peerKinds());
        this.inbox = new Inbox(scheduler, Inbox.Limits.forNode(transport.maxMessageSize(), settings.dissemination().maxRequestsPerSecond()),
                this::dispatch, dissemination::banned, dissemination::misbehaved, transport::pauseReading);
    }

    /** Fabric peers known from their alive messages (no ledger-gossip metadata); orgs from the connection's identity. */
    private PeerKinds peerKinds() {
        return new PeerKinds() {
            @Override
            public boolean isFabric(PkiId peer) {
                return membership.member(peer).map(m -> !m.isLedgerGossip()).orElse(false);
            }

            @Override
            public boolean isSameOrg(PkiId peer) {
                return membership.member(peer).map(m -> m.mspId().equals(identity.mspId())).orElse(false);
            }
        };
    }

    /** A neighbour's offence caught by the membership layer (on the node's thread, after construction). */
    private void offence(PkiId peer, String reason) {
        dissemination.misbehaved(peer, reason);
    }

    /** Starts the transport and the protocols (on the scheduler's thread). */
    public void start() {
        running = true;
        transport.start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) {
                inbox.offer(message); // admitted, bounded, prioritised; the node thread drains it
            }

            @Override
            public void onConnected(PeerIdentity peer) {
                scheduler.execute(() -> {
                    if (dissemination.banned(peer.pkiId())) {
                        transport.disconnect(peer.pkiId()); // banned for bad blocks: not even a connection
                        return;
                    }
                    membership.connected(peer);
                    membership.requestMembership(peer.pkiId());
                    if (carriesLedger) {
                        dissemination.onConnected(peer.pkiId());
                    }
                });
            }

            @Override
            public void onDisconnected(PkiId peer) {
                scheduler.execute(() -> topology.onDisconnected(peer));
            }
        });
        scheduler.execute(() -> {
            membership.start();
            topology.start();
            if (carriesLedger) {
                dissemination.start();
            }
        });
    }

    private void dispatch(ReceivedMessage message) {
        if (!running) {
            return;
        }
        if (!(membership.handle(message) || (carriesLedger && dissemination.handle(message)) || topology.handle(message)
                || routing.handle(message))) {
            unhandled.incrementAndGet();
            LOG.debug("{}: no handler for a message from {}", identity, message.sender());
        }
    }

    /**
     * Stops the protocols and closes the transport, as a shutdown or a crash would: on the node's
     * thread (so nothing races the protocols' state), calling off every timer of every service.
     * The future completes once stopped; on the node's thread (or a virtual-time scheduler, or
     * one already closed) that is before this returns.
     */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runnable stop = () -> {
            stopNow();
            stopped.complete(null);
        };
        if (scheduler.isOwnThread() || !scheduler.isRunning()) {
            stop.run();
        } else {
            scheduler.execute(stop);
            if (!scheduler.isRunning() && !stopped.isDone()) {
                stop.run(); // closed meanwhile: the task will never run, and nothing else will touch the node
            }
        }
        return stopped;
    }

    private synchronized void stopNow() {
        if (stoppedOnce) {
            return;
        }
        stoppedOnce = true;
        running = false;
        own.cancelAll();
        dissemination.stop();
        routing.stop();
        topology.stop();
        membership.stop();
        transport.close();
        waiters.forEach(w -> w.future().completeExceptionally(new IllegalStateException("the node stopped")));
        waiters.clear();
    }

    /** Sends bytes to one given peer; the receipt says DELIVERED or FAILED, within 3 x hopTimeout. */
    public CompletableFuture<DeliveryReceipt> send(PkiId target, byte[] body) {
        CompletableFuture<DeliveryReceipt> result = new CompletableFuture<>();
        scheduler.execute(() -> routing.send(target, body).whenComplete((r, e) -> {
            if (e != null) {
                routedFailed.incrementAndGet();
                result.completeExceptionally(e);
            } else {
                (r.status() == DeliveryReceipt.Status.DELIVERED ? routedDelivered : routedFailed).incrementAndGet();
                result.complete(r);
            }
        }));
        return result;
    }

    /** A snapshot of this node taken on its own thread; completes exceptionally if the node is stopped. */
    public CompletableFuture<NodeStatus> status() {
        CompletableFuture<NodeStatus> result = new CompletableFuture<>();
        try {
            scheduler.execute(() -> {
                try {
                    result.complete(snapshot());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e); // the scheduler is closed: the node stopped
        }
        return result;
    }

    private NodeStatus snapshot() {
        if (!running) {
            throw new IllegalStateException("node stopped");
        }
        Map<String, Integer> aliveByOrg = new TreeMap<>();
        for (var m : membership.aliveMembers()) {
            aliveByOrg.merge(m.mspId(), 1, Integer::sum);
        }
        Set<PkiId> connected = transport.connectedPeers();
        int ownOrg = (int) connected.stream().filter(id -> membership.member(id)
                .map(m -> m.mspId().equals(identity.mspId())).orElse(false)).count();
        var known = membership.knownMembers();
        int knownOwnOrg = (int) known.stream().filter(m -> m.mspId().equals(identity.mspId())).count();
        var c = dissemination.counters();
        return new NodeStatus(identity.pkiId().shortHex(), identity.mspId(), superNode, ledger.height(),
                dissemination.bestKnownHeight(), topology.parent().map(PkiId::shortHex).orElse(""), topology.children().size(),
                known.size(), aliveByOrg, knownOwnOrg, connected.size(), ownOrg, c.blocksByPush(), c.blocksByPull(),
                c.blocksByStateTransfer(), c.duplicateBodies(), c.invalidBlocks(), dissemination.scores().bans(),
                inbox.counters().droppedOverRate(), membership.invalidAlives(), routedDelivered.get(), routedFailed.get(),
                dissemination.intake().commits(), dissemination.intake().commitNanos() / 1e9, dissemination.intake().buffered(),
                sourceReachedAt < 0 ? -1 : scheduler.clock().millis() - sourceReachedAt);
    }

    // ---- the ledger

    /** When the followed orderer was last reached, on the node's clock; -1 while the node follows none (node thread only). */
    private long sourceReachedAt = -1;

    /** Takes blocks from the orderer side (this peer should be a super node). */
    public void subscribeTo(BlockSource source) {
        source.subscribe(block -> scheduler.execute(() -> {
            if (running) {
                dissemination.fromSource(block);
            }
        }), ledger::height);
    }

    /**
     * Takes blocks from an orderer that listens at {@code endpoint} and sends each new block as a
     * DataMessage to the peers connected to it (this peer should be a super node). The connection is
     * re-dialed whenever it is down.
     */
    public void followOrderer(String endpoint, Duration checkEvery) {
        own.scheduleEvery(checkEvery, () -> {
            if (running) {
                reachSource(endpoint);
            }
        });
        scheduler.execute(() -> {
            sourceReachedAt = scheduler.clock().millis(); // the silence counts from when following began
            reachSource(endpoint);
        });
    }

    /** Dials (or finds connected) the orderer; each success is when the source was last reached (health's blockSource). */
    private void reachSource(String endpoint) {
        transport.connect(endpoint).thenAccept(orderer -> scheduler.execute(() -> sourceReachedAt = scheduler.clock().millis()));
    }

    /**
     * Verifies state-transfer batches on {@code executor} (a pool shared by the peers of a JVM, or a
     * peer's own) while the node's thread commits; by default they are verified on the node's thread.
     * Call before {@link #start()}.
     */
    public void verifyOn(java.util.concurrent.Executor executor) {
        dissemination.verifyOn(executor);
    }

    /** Called after every commit, in block order, on the node's scheduler thread. */
    public void onBlockCommitted(BlockIntake.CommitListener listener) {
        dissemination.intake().addListener(listener);
    }

    public long height() {
        return ledger.height();
    }

    /** Each commit's time in Fabric's gossip_state_commit_duration buckets (thread-safe to read). */
    public io.ledgergossip.util.SecondsHistogram commitTimes() {
        return dissemination.intake().commitTimes();
    }

    /** What the inbox admitted, dropped and paused (thread-safe counters). */
    public Inbox.Counters inboxCounters() {
        return inbox.counters();
    }

    public LedgerStore ledger() {
        return ledger;
    }

    /** Completes when the ledger reaches {@code target} blocks; fails with a TimeoutException after {@code timeout}. */
    public CompletableFuture<Long> awaitHeight(long target, Duration timeout) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        scheduler.execute(() -> {
            if (ledger.height() >= target) {
                future.complete(ledger.height());
                return;
            }
            Cancellable timer = own.schedule(timeout, () -> future.completeExceptionally(
                    new TimeoutException("height " + ledger.height() + " < " + target + " after " + timeout)));
            waiters.add(new HeightWaiter(target, future, timer));
        });
        return future;
    }

    private void releaseWaiters() {
        long height = ledger.height();
        waiters.removeIf(w -> {
            if (w.future().isDone()) {
                return true;
            }
            if (height >= w.height()) {
                w.timeout().cancel();
                w.future().complete(height);
                return true;
            }
            return false;
        });
    }

    public DisseminationService dissemination() {
        return dissemination;
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
