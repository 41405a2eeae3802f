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
 * @param tcpMbS the blocks as frames over one mutually authenticated TLS connection
 * @param ledgerStoreMbS the peer's own store, no gossip: the same blocks appended with their state
 *     writes, chain checks and state hash, in runs of {@code batchSize}, synced (what a peer must do
 *     besides receiving and verifying)
 */
public record RawLimits(double storeMbS, double tcpMbS, double ledgerStoreMbS, int blocks, int blockBytes, int batchSize) {
    public double min() {
        return Math.min(storeMbS, tcpMbS);
    }

    /** @param crypto crypto material of {@code config} (two of its peers' identities are used for TLS) */
    static RawLimits measure(NetworkConfig config, Path crypto, List<byte[]> blocks, int batchSize, Path work)
            throws IOException, IdentityException, SSLException, InterruptedException {
        double store = RawWriteThroughput.measure(work.resolve("raw-rocksdb"), blocks, batchSize, System::nanoTime);
        LocalIdentity a = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(0));
        LocalIdentity b = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(1));
        List<java.security.cert.X509Certificate> roots = NetworkCrypto.validator(config, crypto, ExecutorScheduler.systemClock())
                .orgs().allRoots();
        double tcp = RawTlsThroughput.measure(a, b, roots, blocks, System::nanoTime);
        long total = blocks.stream().mapToLong(x -> x.length).sum();
        double ledger = ledgerStore(work.resolve("ledger-store"), blocks, batchSize, total);
        return new RawLimits(store, tcp, ledger, blocks.size(), (int) (total / Math.max(1, blocks.size())), batchSize);
    }

    private static double ledgerStore(Path dir, List<byte[]> encoded, int batchSize, long totalBytes) throws IOException {
        List<Block> blocks = new ArrayList<>(encoded.size());
        for (byte[] b : encoded) {
            blocks.add(Block.parseFrom(b));
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            long started = System.nanoTime();
            for (int from = 0; from < blocks.size(); from += batchSize) {
                List<Block> run = blocks.subList(from, Math.min(blocks.size(), from + batchSize));
                List<List<StateWrite>> writes = new ArrayList<>();
                run.forEach(block -> writes.add(KvWrites.of(block)));
                store.appendAll(run, writes);
            }
            return totalBytes / 1e6 / ((System.nanoTime() - started) / 1e9);
        } catch (BlockRejectedException e) {
            throw new IllegalStateException("the orderer's own chain was refused: " + e.getMessage(), e);
        }
    }
}
