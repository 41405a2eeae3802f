package io.ledgergossip.bench;

import io.ledgergossip.fixture.fabric.OrdererKit;
import io.ledgergossip.fixture.network.ExternalOrdererNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.Pem;
import io.ledgergossip.orderer.OrdererDeliverSource;
import io.ledgergossip.time.Clock;
import io.ledgergossip.time.ExecutorScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Fabric 2.x's default against ledger-gossip's super nodes, on a real Fabric orderer
 * ({@code ../shared/fabric-orderer/}, its cryptogen material with N/2 peers per org): first every
 * peer delivers from the orderer itself (N Deliver streams, as peers with
 * {@code peer.deliveryclient} on and leader election giving every peer its own stream), then N
 * ledger-gossip peers whose super nodes alone deliver. For each, per block, the time from its
 * first arrival at any peer until every peer holds it, and the bytes the orderer sent per block
 * (the blocks of every Deliver stream, counted as they arrive).
 */
final class OrdererFanoutRun {
    /** What both ways measured. */
    record Result(int peers, int superNodes, int blocks, double blockBytes, double blocksPerSecond, Stats.Summary everyPeerMs,
            double everyPeerOrdererBytesPerBlock, Stats.Summary superNodesMs, double superNodesOrdererBytesPerBlock,
            long superNodesNeverDelivered, double everyPeerCopiesPerBlock, double superNodesCopiesPerBlock) {
        /**
         * The orderer's bytes with the super nodes delivering over its bytes with every peer
         * delivering, per byte of block (the two ways measure different blocks of the same stream).
         */
        double bytesRatio() {
            return superNodesCopiesPerBlock / everyPeerCopiesPerBlock;
        }
    }

    private static final int BASE_PORT = 17450;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private OrdererFanoutRun() {}

    /**
     * @param config the comparison network (N peers in Org1 and Org2, first of each org its super node)
     * @param blocks blocks measured in each way
     * @param blocksPerSecond the rate the kit's feeder aims at (10 transactions per block)
     */
    static Result run(NetworkConfig config, Path kitHome, Path work, int blocks, int blockBytes, double blocksPerSecond,
            Progress progress) throws Exception {
        progress.phase("orderer fan-out: starting the Fabric orderer");
        int perOrg = config.peers().size() / CompareNetwork.ORGS + 1;
        try (OrdererKit kit = new OrdererKit(kitHome, work.resolve("kit"), BASE_PORT, perOrg).start()) {
            NetworkConfig onKit = CompareNetwork.onOrderer(config, kit.ordererAddress(), kit.ordererTlsCa());
            // 10 transactions per block (the kit's MaxMessageCount), sized for the asked block size
            kit.feed((int) Math.round(blocksPerSecond * 10), Math.max(3_200, blockBytes / 10));
            Clock clock = ExecutorScheduler.systemClock();
            ExternalOrdererNetwork external = ExternalOrdererNetwork.create(onKit, work.resolve("peers"), kit.crypto(), clock);
            progress.phase("orderer fan-out: every peer delivers");
            Arrivals everyPeer = everyPeerDelivers(onKit, kit, external.ordererHeight(), blocks, clock);
            progress.phase("orderer fan-out: super nodes deliver, ledger-gossip spreads");
            Arrivals supers = superNodesDeliver(onKit, external, blocks);
            Delivery supersDelivery = supers.delivery();
            return new Result(onKit.peers().size(), onKit.superNodes().size(), blocks, everyPeer.blockBytes(), everyPeer.blocksPerSecond(),
                    Stats.Summary.of(everyPeer.delivery().timeToAllMs()), everyPeer.ordererBytesPerBlock(),
                    Stats.Summary.of(supersDelivery.timeToAllMs()), supers.ordererBytesPerBlock(), supersDelivery.neverDelivered(),
                    everyPeer.copiesPerBlock(), supers.copiesPerBlock());
        }
    }

    /** N Deliver streams, one per peer identity, each from {@code start} on. */
    private static Arrivals everyPeerDelivers(NetworkConfig config, OrdererKit kit, long start, int blocks, Clock clock) throws Exception {
        Arrivals arrivals = new Arrivals(start, blocks, config.peers().size());
        List<OrdererDeliverSource> streams = new ArrayList<>();
        try {
            for (int p = 0; p < config.peers().size(); p++) {
                int peer = p;
                OrdererDeliverSource stream = new OrdererDeliverSource(List.of(kit.ordererAddress()), config.channel(),
                        NetworkCrypto.peerIdentity(config, kit.crypto(), config.peers().get(p)), List.of(Pem.readCertificate(kit.ordererTlsCa())),
                        clock);
                stream.stopAt(start + blocks);
                stream.subscribe(block -> arrivals.arrived(peer, block, true), () -> start);
                streams.add(stream);
            }
            arrivals.await(WAIT.plusSeconds(blocks));
        } finally {
            streams.forEach(OrdererDeliverSource::close);
        }
        return arrivals;
    }

    /** The ledger-gossip peers on the orderer's crypto: caught up first, then {@code blocks} new blocks measured. */
    private static Arrivals superNodesDeliver(NetworkConfig config, ExternalOrdererNetwork external, int blocks) throws Exception {
        try (var net = external.network()) {
            for (NetworkConfig.Peer p : config.peers()) {
                net.start(p.name());
            }
            long caughtUpTo = external.ordererHeight();
            List<RunningPeer> running = net.running();
            for (RunningPeer peer : running) {
                peer.node().awaitHeight(caughtUpTo, WAIT).get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
            }
            long start = external.ordererHeight() + 1; // the next block but one: no peer has it yet
            Arrivals arrivals = new Arrivals(start, blocks, running.size());
            for (int p = 0; p < running.size(); p++) {
                int peer = p;
                boolean superNode = running.get(p).spec().superNode();
                running.get(p).node().onBlockCommitted(block -> arrivals.arrived(peer, block, superNode));
            }
            arrivals.await(WAIT.plusSeconds(blocks));
            return arrivals;
        }
    }

    /** When each peer first held each measured block, and the bytes the orderer sent for them. */
    private static final class Arrivals {
        private final long start;
        private final int blocks;
        private final long[][] at;
        private final AtomicLong fromOrderer = new AtomicLong();
        private final AtomicLong bodies = new AtomicLong();
        private final ConcurrentHashMap<Long, Long> firstAt = new ConcurrentHashMap<>();

        Arrivals(long start, int blocks, int peers) {
            this.start = start;
            this.blocks = blocks;
            this.at = new long[blocks][peers];
        }

        /** @param fromTheOrderer whether the block came over a Deliver stream (its bytes were the orderer's) */
        void arrived(int peer, Block block, boolean fromTheOrderer) {
            long n = block.getHeader().getNumber() - start;
            if (n < 0 || n >= blocks) {
                return;
            }
            long now = System.nanoTime();
            synchronized (this) {
                if (at[(int) n][peer] == 0) {
                    at[(int) n][peer] = now;
                }
            }
            firstAt.merge(n, now, Math::min);
            if (fromTheOrderer) {
                fromOrderer.addAndGet(block.getSerializedSize());
                bodies.incrementAndGet();
            }
        }

        void await(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline && !complete()) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }

        private synchronized boolean complete() {
            for (long[] block : at) {
                for (long t : block) {
                    if (t == 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        synchronized Delivery delivery() {
            long[] cut = new long[blocks];
            for (int b = 0; b < blocks; b++) {
                cut[b] = firstAt.getOrDefault((long) b, 0L);
            }
            long[][] copy = new long[blocks][];
            for (int b = 0; b < blocks; b++) {
                copy[b] = at[b].clone();
            }
            return Delivery.of(copy, cut);
        }

        double ordererBytesPerBlock() {
            return (double) fromOrderer.get() / blocks;
        }

        double copiesPerBlock() {
            return (double) bodies.get() / blocks;
        }

        double blockBytes() {
            return bodies.get() == 0 ? 0 : (double) fromOrderer.get() / bodies.get();
        }

        /** Blocks per second the orderer cut while measured: from the first block's first arrival to the last's. */
        double blocksPerSecond() {
            long first = firstAt.getOrDefault(0L, 0L);
            long last = firstAt.getOrDefault((long) blocks - 1, 0L);
            return first == 0 || last <= first ? Double.NaN : (blocks - 1) / ((last - first) / 1e9);
        }
    }
}
