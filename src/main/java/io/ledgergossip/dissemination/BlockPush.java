package io.ledgergossip.dissemination;

import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.time.Cancellable;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.transport.Transport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/**
 * The push of new blocks: gathered into bursts, bodies to this peer's children, numbers to its
 * neighbours (and bodies to Fabric peers of the random fanout), and the second announcement to
 * neighbours not known to hold them. Runs on the node's thread.
 */
final class BlockPush {
    private final Transport transport;
    private final Scheduler scheduler;
    private final DisseminationConfig config;
    private final PullMessages messages;
    private final PeerKinds kinds;
    private final RoundTrips roundTrips;
    private final DisseminationCounters counters;
    private final Supplier<Set<PkiId>> children;
    private final Predicate<PkiId> banned;
    private final BiFunction<Integer, Set<PkiId>, List<PkiId>> randomPeers;
    private final KnownHolders holders = new KnownHolders(Defaults.HOLDERS_BLOCKS, Defaults.HOLDERS_PER_BLOCK);
    private final List<Block> burst = new ArrayList<>();
    private Cancellable burstFlush;
    private long lastFlushAt = Long.MIN_VALUE / 2;

    /**
     * @param children the peers this one is the parent of (a super node's children): a new block goes to all of them
     * @param randomPeers up to n connected, unbanned peers outside a set, in random order
     */
    BlockPush(Transport transport, Scheduler scheduler, DisseminationConfig config, PullMessages messages, PeerKinds kinds,
            RoundTrips roundTrips, DisseminationCounters counters, Supplier<Set<PkiId>> children, Predicate<PkiId> banned,
            BiFunction<Integer, Set<PkiId>, List<PkiId>> randomPeers) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.config = config;
        this.messages = messages;
        this.kinds = kinds;
        this.roundTrips = roundTrips;
        this.counters = counters;
        this.children = children;
        this.banned = banned;
        this.randomPeers = randomPeers;
    }

    /** Which neighbours are known to hold each recent block. */
    KnownHolders holders() {
        return holders;
    }

    /** A new block to pass on: gathered with those that follow within maxPropagationBurstLatency, or sent at once when alone. */
    void enqueue(Block block) {
        burst.add(block);
        long now = scheduler.clock().millis();
        boolean idle = burstFlush == null && now - lastFlushAt >= config.maxPropagationBurstLatency().toMillis();
        if (idle || burst.size() >= config.maxPropagationBurstSize()) {
            flush(); // nothing pushed lately: no reason to wait for company
        } else if (burstFlush == null) {
            burstFlush = scheduler.schedule(config.maxPropagationBurstLatency(), this::flush);
        }
    }

    /**
     * Pushes the gathered blocks: bodies to this peer's children (they take their blocks from it),
     * and to propagatePeerNum random peers either the bodies (Fabric) or only the block numbers,
     * which they ask for if they lack them (pushDigestFirst); announcing to neighbours, the numbers
     * go to every ledger-gossip neighbour, and again a few round trips later to those not known to
     * hold them.
     */
    private void flush() {
        if (burstFlush != null) {
            burstFlush.cancel();
            burstFlush = null;
        }
        lastFlushAt = scheduler.clock().millis();
        if (burst.isEmpty()) {
            return;
        }
        Set<PkiId> connected = transport.connectedPeers();
        Set<PkiId> mine = new HashSet<>();
        if (config.pushToChildren()) {
            for (PkiId child : children.get()) {
                if (connected.contains(child) && !banned.test(child)) {
                    mine.add(child);
                }
            }
        }
        List<PkiId> random = randomPeers.apply(config.propagatePeerNum(), mine);
        List<Long> numbers = burst.stream().map(b -> b.getHeader().getNumber()).toList();
        for (Block block : burst) {
            Envelope body = messages.data(block);
            mine.forEach(child -> transport.send(child, body));
            // a Fabric peer takes bodies only: it drops a digest it did not ask for
            random.stream().filter(peer -> !config.pushDigestFirst() || kinds.isFabric(peer)).forEach(peer -> transport.send(peer, body));
        }
        numbers.forEach(n -> holders.hold(mine, n));
        if (config.pushDigestFirst()) {
            Envelope numbersOnly = messages.digest(0, numbers);
            tellers(random, mine).forEach(peer -> transport.send(peer, numbersOnly));
            if (config.announceToNeighbours()) {
                scheduler.schedule(roundTrips.patience(), () -> announceAgain(numbers));
            }
        }
        burst.clear();
    }

    /**
     * Who is told the numbers of a burst: every connected ledger-gossip neighbour that did not get
     * the bodies (announcing to neighbours), or the random fanout's ledger-gossip peers.
     */
    private List<PkiId> tellers(List<PkiId> random, Set<PkiId> gotBodies) {
        if (!config.announceToNeighbours()) {
            return random.stream().filter(peer -> !kinds.isFabric(peer)).toList();
        }
        return transport.connectedPeers().stream()
                .filter(peer -> !gotBodies.contains(peer) && !kinds.isFabric(peer) && !banned.test(peer)).toList();
    }

    /** The second announcement: to each neighbour, the numbers it has not shown it holds since the first. */
    private void announceAgain(List<Long> numbers) {
        for (PkiId peer : tellers(List.of(), Set.of())) {
            List<Long> unknown = holders.unknownTo(peer, numbers);
            if (!unknown.isEmpty()) {
                counters.secondAnnouncements++;
                transport.send(peer, messages.digest(0, unknown));
            }
        }
    }
}
