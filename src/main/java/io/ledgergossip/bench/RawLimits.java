package io.ledgergossip.bench;

import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.store.rocksdb.RawWriteThroughput;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.transport.netty.RawTlsThroughput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.ledger.ContentCheckedBlock;
import java.util.concurrent.CompletableFuture;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import org.hyperledger.fabric.protos.common.Common.Block;
import javax.net.ssl.SSLException;

/**
 * This machine's raw limits, measured in the same run as a scenario with the same blocks: RocksDB
 * batch writes and one loopback TLS connection.
 *
 * @param storeMbS plain RocksDB, batches of {@code batchSize} blocks, one synced write per batch
 *     (median of {@link #RAW_STORE_RUNS} runs)
 * @param tcpMbS the blocks as frames over one mutually authenticated TLS connection
 * @param ledgerStoreMbS the peer's own store, no gossip: the same blocks appended with their state
 *     writes, content and chain checks and state hash, in runs of {@code batchSize}, each synced as
 *     a peer syncs them (deferred, one sync for the runs written meanwhile): what a peer must do
 *     besides receiving and verifying signatures
 */
public record RawLimits(double storeMbS, double tcpMbS, double ledgerStoreMbS, int blocks, int blockBytes, int batchSize) {
    public double min() {
        return Math.min(storeMbS, tcpMbS);
    }

    /** @param crypto crypto material of {@code config} (two of its peers' identities are used for TLS) */
    static RawLimits measure(NetworkConfig config, Path crypto, List<byte[]> blocks, int batchSize, Path work)
            throws IOException, IdentityException, SSLException, InterruptedException {
        double store = rawStore(work, blocks, batchSize);
        LocalIdentity a = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(0));
        LocalIdentity b = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(1));
        List<java.security.cert.X509Certificate> roots = NetworkCrypto.validator(config, crypto, ExecutorScheduler.systemClock())
                .orgs().allTlsRoots();
        double tcp = RawTlsThroughput.measure(a, b, roots, blocks, System::nanoTime);
        long total = blocks.stream().mapToLong(x -> x.length).sum();
        double ledger = ledgerStore(work.resolve("ledger-store"), blocks, batchSize, total);
        return new RawLimits(store, tcp, ledger, blocks.size(), (int) (total / Math.max(1, blocks.size())), batchSize);
    }

    /** Times the raw RocksDB writes are measured, each into a new database; the median is taken (the disk alone varies by 10-20%). */
    static final int RAW_STORE_RUNS = 3;

    private static double rawStore(Path work, List<byte[]> blocks, int batchSize) {
        double[] runs = new double[RAW_STORE_RUNS];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = RawWriteThroughput.measure(work.resolve("raw-rocksdb-" + i), blocks, batchSize, System::nanoTime);
        }
        java.util.Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    private static double ledgerStore(Path dir, List<byte[]> encoded, int batchSize, long totalBytes) throws IOException {
        List<Block> blocks = new ArrayList<>(encoded.size());
        for (byte[] b : encoded) {
            blocks.add(Block.parseFrom(b));
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            long started = System.nanoTime();
            CompletableFuture<Long> durable = CompletableFuture.completedFuture(0L);
            for (int from = 0; from < blocks.size(); from += batchSize) {
                List<ContentCheckedBlock> run = new ArrayList<>();
                List<List<StateWrite>> writes = new ArrayList<>();
                for (Block block : blocks.subList(from, Math.min(blocks.size(), from + batchSize))) {
                    run.add(ContentCheckedBlock.check(block)); // a peer checks content on its verification pool
                    writes.add(KvWrites.of(block));
                }
                durable = store.appendAllDeferringSync(run, writes); // as a peer commits: syncs deferred and shared
            }
            durable.join();
            return totalBytes / 1e6 / ((System.nanoTime() - started) / 1e9);
        } catch (BlockRejectedException | ContentCheckedBlock.BlockContentException e) {
            throw new IllegalStateException("the orderer's own chain was refused: " + e.getMessage(), e);
        }
    }
}
