package io.ledgergossip.node;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.dissemination.BlockSource;
import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import io.ledgergossip.store.rocksdb.RocksMembershipStore;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.transport.grpc.GrpcTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Test fixture: real peers (Fabric's gRPC wire with mutual TLS on loopback, a RocksDB store and a thread each), started and stopped. */
final class RealPeers implements AutoCloseable {
    /** One running peer: its scheduler, node and store. */
    record Running(LocalIdentity identity, ExecutorScheduler scheduler, GossipNode node, RocksLedgerStore store) {
        void stop() {
            node.stop(); // on the node's thread; the scheduler's close runs it before the thread ends
            scheduler.close();
            store.close();
        }
    }

    /** Membership fast enough for tests: alive every 300 ms, dead after 1.5 s, pull every 300 ms. */
    static final MembershipConfig FAST_MEMBERSHIP = new MembershipConfig(java.time.Duration.ofMillis(300),
            java.time.Duration.ofMillis(1500), 3, java.time.Duration.ofMillis(300), 3);

    private final Path storesDir;
    private final IdentityValidator validator;
    private final BlockSource orderer;
    private final MembershipConfig membership;
    private final TopologyConfig topology;
    private final DisseminationConfig dissemination;
    final List<Running> running = new ArrayList<>();

    RealPeers(Path storesDir, IdentityValidator validator, BlockSource orderer, MembershipConfig membership, TopologyConfig topology,
            DisseminationConfig dissemination) {
        this.storesDir = storesDir;
        this.validator = validator;
        this.orderer = orderer;
        this.membership = membership;
        this.topology = topology;
        this.dissemination = dissemination;
    }

    /** Starts a peer from its store under the stores directory (a restart reopens it); super nodes take blocks from the orderer. */
    Running start(LocalIdentity identity, boolean superNode, List<String> bootstrap) {
        ExecutorScheduler scheduler = new ExecutorScheduler(identity.commonName());
        RocksLedgerStore store = RocksLedgerStore.open(storesDir.resolve(identity.commonName()));
        GrpcTransport transport = new GrpcTransport(identity, validator, TransportConfig.defaults(), "127.0.0.1", 0, scheduler);
        GossipNode node = new GossipNode(identity, transport, scheduler, new SplittableRandom(running.size()), validator,
                new NodeSettings(superNode, bootstrap, membership, topology, dissemination, Set.of(TestPki.ORDERER_MSP)),
                new RocksMembershipStore(store), store, BlockValidation.allValid(KvWrites::of));
        if (superNode) {
            node.subscribeTo(orderer);
        }
        node.start();
        Running r = new Running(identity, scheduler, node, store);
        running.add(r);
        return r;
    }

    void stop(Running peer) {
        peer.stop();
        running.remove(peer);
    }

    @Override
    public void close() {
        running.forEach(Running::stop);
        running.clear();
    }
}
