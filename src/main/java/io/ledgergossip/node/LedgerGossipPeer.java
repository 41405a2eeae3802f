package io.ledgergossip.node;

import io.ledgergossip.config.GossipSettings;
import io.ledgergossip.dissemination.BlockIntake;
import io.ledgergossip.dissemination.BlockSource;
import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.store.StoreOptions;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import io.ledgergossip.store.rocksdb.RocksMembershipStore;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.topology.DeliveryReceipt;
import io.ledgergossip.topology.RoutedMessageListener;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.transport.grpc.GrpcTransport;
import io.ledgergossip.dissemination.GossipChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The library as a ledger node embeds it: one peer with its TLS endpoint (Netty), its RocksDB
 * store, its own protocol thread, and the gossip protocols, built from a configuration and an
 * identity.
 *
 * <pre>{@code
 * try (LedgerGossipPeer peer = LedgerGossipPeer.builder(identity, trustedOrgs, storeDir)
 *         .listen("0.0.0.0", 7051).endpoint("peer0.org1.example.com:7051")
 *         .bootstrap(List.of("peer0.org1.example.com:7051", "peer0.org2.example.com:7051"))
 *         .superNode(true).blockSource(deliverClient)        // a leader; none for the others
 *         .settings(GossipSettings.from(gossipKeys, System.getenv()))
 *         .ordererMspIds(Set.of("OrdererMSP"))
 *         .validation(myCommitter)
 *         .start()) {
 *     peer.onBlockCommitted(block -> ...);
 *     peer.height();
 *     peer.send(target, bytes).thenAccept(receipt -> ...);   // DELIVERED or FAILED
 * }
 * }</pre>
 */
public final class LedgerGossipPeer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerGossipPeer.class);

    private final GossipNode node;
    private final ExecutorScheduler scheduler;
    private final RocksLedgerStore store;

    private final BlockSource source;

    private LedgerGossipPeer(GossipNode node, ExecutorScheduler scheduler, RocksLedgerStore store, BlockSource source) {
        this.source = source;
        this.node = node;
        this.scheduler = scheduler;
        this.store = store;
    }

    /**
     * @param identity the peer's signing and TLS identity ({@link LocalIdentity#load})
     * @param trusted the orgs of the network, the ordering org included ({@link TrustedOrgs#load})
     * @param storeDir where its RocksDB store lives (created when absent)
     */
    public static Builder builder(LocalIdentity identity, TrustedOrgs trusted, Path storeDir) {
        return new Builder(identity, trusted, storeDir);
    }

    /** Called after every commit, in block order, on the peer's protocol thread: keep it short. */
    public void onBlockCommitted(BlockIntake.CommitListener listener) {
        node.onBlockCommitted(listener);
    }

    /** Called with every routed message addressed to this peer. */
    public void onRoutedMessage(RoutedMessageListener listener) {
        node.onRoutedMessage(listener);
    }

    public long height() {
        return node.height();
    }

    public CompletableFuture<Long> awaitHeight(long height, Duration timeout) {
        return node.awaitHeight(height, timeout);
    }

    /** Routes bytes to one peer through the super nodes; the receipt says DELIVERED or FAILED within 3 x hopTimeout. */
    public CompletableFuture<DeliveryReceipt> send(PkiId target, byte[] body) {
        return node.send(target, body);
    }

    public CompletableFuture<NodeStatus> status() {
        return node.status();
    }

    public PkiId pkiId() {
        return node.pkiId();
    }

    /** The protocol node underneath, for what this class does not wrap (membership, topology, counters). */
    public GossipNode node() {
        return node;
    }

    public ExecutorScheduler scheduler() {
        return scheduler;
    }

    public RocksLedgerStore store() {
        return store;
    }

    /** Stops the protocols on their own thread, waits for it, then closes the store. */
    @Override
    public void close() {
        if (source instanceof AutoCloseable closeable) {
            try {
                closeable.close(); // a source of this peer's own (its Deliver stream): it stops with the peer
            } catch (Exception e) {
                LOG.warn("{}: closing its block source: {}", node.identity(), e.toString());
            }
        }
        node.stop(); // on the node thread; close() below runs it before the thread ends
        scheduler.close();
        store.close();
    }

    /** How to build a peer; every setting but the three of {@link #builder} has a default. */
    public static final class Builder {
        private final LocalIdentity identity;
        private final TrustedOrgs trusted;
        private final Path storeDir;
        private String listenHost = "127.0.0.1";
        private int listenPort;
        private String endpoint;
        private String sourceAddress;
        private List<String> bootstrap = List.of();
        private boolean superNode;
        private BlockSource blockSource;
        private GossipSettings settings = GossipSettings.defaults();
        private Set<String> ordererMspIds = Set.of("OrdererMSP");
        private byte[] genesisHeaderHash;
        private BlockValidation validation = BlockValidation.allValid(block -> List.of());
        private StoreOptions storeOptions = StoreOptions.defaults();
        private Executor verifyOn = VerificationPool.shared();
        private long seed = new java.security.SecureRandom().nextLong();
        private GossipChannel channel = GossipChannel.DEFAULT;

        private Builder(LocalIdentity identity, TrustedOrgs trusted, Path storeDir) {
            this.identity = Objects.requireNonNull(identity, "identity");
            this.trusted = Objects.requireNonNull(trusted, "trusted");
            this.storeDir = Objects.requireNonNull(storeDir, "storeDir");
        }

        /** Where the TLS endpoint binds (default 127.0.0.1, any free port). */
        public Builder listen(String host, int port) {
            this.listenHost = host;
            this.listenPort = port;
            return this;
        }

        /** What the peer advertises and others dial (Fabric's peer.gossip.endpoint); default the bound address. */
        public Builder endpoint(String hostPort) {
            this.endpoint = hostPort;
            return this;
        }

        /** The local address outgoing connections come from (default: the system's choice). */
        public Builder sourceAddress(String host) {
            this.sourceAddress = host;
            return this;
        }

        /** The super nodes (anchor peers) a new peer reaches first (Fabric's peer.gossip.bootstrap). */
        public Builder bootstrap(List<String> endpoints) {
            this.bootstrap = List.copyOf(endpoints);
            return this;
        }

        public Builder superNode(boolean superNode) {
            this.superNode = superNode;
            return this;
        }

        /** Where a super node (a leader) takes new blocks from; none for the other peers. */
        public Builder blockSource(BlockSource source) {
            this.blockSource = source;
            return this;
        }

        public Builder settings(GossipSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        /** The orgs whose signature makes a block valid (default OrdererMSP). */
        public Builder ordererMspIds(Set<String> mspIds) {
            this.ordererMspIds = Set.copyOf(mspIds);
            return this;
        }

        /** A genesis block the peer trusts without an orderer signature (the channel it joined). */
        public Builder genesis(byte[] headerHash) {
            this.genesisHeaderHash = headerHash.clone();
            return this;
        }

        /** What committing a block does to the world state (default: blocks carry no state writes). */
        public Builder validation(BlockValidation validation) {
            this.validation = Objects.requireNonNull(validation);
            return this;
        }

        public Builder storeOptions(StoreOptions options) {
            this.storeOptions = Objects.requireNonNull(options);
            return this;
        }

        /** The channel whose blocks the peer gossips (default mychannel). */
        public Builder channel(GossipChannel channel) {
            this.channel = Objects.requireNonNull(channel);
            return this;
        }

        /**
         * Where state-transfer batches are verified (default: {@link VerificationPool#shared()}, as
         * many threads as cores, while the protocol thread commits the batch before).
         */
        public Builder verifyOn(Executor executor) {
            this.verifyOn = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Seed of the peer's random choices (default: drawn from a SecureRandom). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        private Transport transport(IdentityValidator validator, ExecutorScheduler scheduler) {
            GrpcTransport grpc = new GrpcTransport(identity, validator, settings.transport(), listenHost, listenPort, scheduler);
            if (endpoint != null) {
                grpc.advertise(endpoint);
            }
            if (sourceAddress != null) {
                grpc.dialFrom(sourceAddress);
            }
            return grpc;
        }

        /** Opens the store, binds the endpoint and starts the protocols. */
        public LedgerGossipPeer start() {
            ExecutorScheduler scheduler = new ExecutorScheduler(identity.commonName());
            IdentityValidator validator = new IdentityValidator(trusted, scheduler);
            RocksLedgerStore store;
            try {
                store = RocksLedgerStore.open(storeDir, storeOptions);
            } catch (RuntimeException e) {
                scheduler.close();
                throw e;
            }
            Transport transport = transport(validator, scheduler);
            NodeSettings node = new NodeSettings(superNode, bootstrap, settings.membership(), settings.topology(),
                    settings.dissemination(), ordererMspIds, genesisHeaderHash, channel);
            GossipNode gossip = new GossipNode(identity, transport, scheduler, new SplittableRandom(seed), validator, node,
                    new RocksMembershipStore(store), store, validation);
            if (blockSource != null) {
                gossip.subscribeTo(blockSource);
            }
            gossip.verifyOn(verifyOn);
            try {
                gossip.start();
            } catch (RuntimeException e) {
                scheduler.close();
                store.close();
                throw e;
            }
            return new LedgerGossipPeer(gossip, scheduler, store, blockSource);
        }
    }
}
