package io.ledgergossip.bench;

import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The real peers of a network config in this JVM for a benchmark (Netty + TLS on the configured
 * loopback addresses, a RocksDB store each under the work directory), fed by a fixture orderer.
 */
final class BenchNetwork implements AutoCloseable {
    private final NetworkConfig config;
    private final LocalNetwork network;
    private final PreparedOrderer orderer;
    private final Path crypto;

    private BenchNetwork(NetworkConfig config, LocalNetwork network, PreparedOrderer orderer, Path crypto) {
        this.crypto = crypto;
        this.config = config;
        this.network = network;
        this.orderer = orderer;
    }

    /**
     * Writes the crypto material under {@code work} and prepares (does not start) the peers.
     *
     * @param blockBytes the size the orderer's blocks should have, about
     */
    static BenchNetwork create(NetworkConfig config, Path work, int blockBytes, long seed) throws IOException, IdentityException {
        Path crypto = work.resolve("crypto");
        NetworkCrypto.generate(config, crypto, Instant.now(), Duration.ofDays(2));
        PreparedOrderer orderer = new PreparedOrderer(NetworkCrypto.ordererIdentity(config, crypto), config.channel(), seed, blockBytes);
        LocalNetwork network = new LocalNetwork(config, work, crypto, orderer, BlockValidation.allValid(KvWrites::of), null,
                Set.of(config.orderer().mspId()));
        return new BenchNetwork(config, network, orderer, crypto);
    }

    /** Transactions in a block; their values are sized so that the block has about the asked size. */
    static final int TX_PER_BLOCK = 4;

    static int valueBytesFor(int blockBytes) {
        return Math.max(16, blockBytes / TX_PER_BLOCK - 800);
    }

    /** Whether peers started from now on fsync every commit. */
    void syncWrites(boolean sync) {
        network.storeOptions(StoreOptions.defaults().withSyncWrites(sync));
    }

    void startAll() throws IOException, IdentityException {
        for (NetworkConfig.Peer p : config.peers()) {
            network.start(p.name());
        }
    }

    RunningPeer start(String name) throws IOException, IdentityException {
        return network.start(name);
    }

    void stop(String name) {
        network.stop(name);
    }

    List<RunningPeer> peers() {
        return network.running();
    }

    PreparedOrderer orderer() {
        return orderer;
    }

    Path crypto() {
        return crypto;
    }

    NetworkConfig config() {
        return config;
    }

    /** Runs {@code read} on the peer's own thread (protocol state is touched by that thread only). */
    static <T> T onNode(RunningPeer peer, Supplier<T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        peer.scheduler().execute(() -> {
            try {
                result.complete(read.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(peer.spec().name() + " did not answer: " + e, e);
        }
    }

    /** Waits until every ordinary peer is attached to a super node. */
    void awaitTopology(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> detached = new ArrayList<>();
            for (RunningPeer p : peers()) {
                if (!p.spec().superNode() && onNode(p, () -> p.node().topology().parent()).isEmpty()) {
                    detached.add(p.spec().name());
                }
            }
            if (detached.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not attached to a super node after " + timeout + ": " + detached);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Waits until every running peer holds {@code height} blocks. */
    void awaitHeight(long height, Duration timeout) throws TimeoutException, InterruptedException {
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (RunningPeer p : peers()) {
            all.add(p.node().awaitHeight(height, timeout));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TimeoutException("not every peer reached height " + height + ": " + e.getCause().getMessage());
        }
    }

    static PkiId pkiId(RunningPeer p) {
        return p.node().pkiId();
    }

    @Override
    public void close() {
        network.close();
    }
}
