package io.ledgergossip.bench;

import io.ledgergossip.dissemination.BlockVerifier;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.rocksdb.RawWriteThroughput;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.transport.netty.RawTlsThroughput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import org.hyperledger.fabric.protos.common.Common.Block;

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
 * @param cpu what the raw stages and a peer's checks of the same blocks cost in CPU per MB
 */
public record RawLimits(double storeMbS, double tcpMbS, double ledgerStoreMbS, int blocks, int blockBytes, int batchSize,
        StageCpu cpu) {
    public double min() {
        return Math.min(storeMbS, tcpMbS);
    }

    /** @param crypto crypto material of {@code config} (two of its peers' identities are used for TLS) */
    static RawLimits measure(NetworkConfig config, Path crypto, List<byte[]> blocks, int batchSize, Path work)
            throws IOException, IdentityException, SSLException, InterruptedException {
        long total = blocks.stream().mapToLong(x -> x.length).sum();
        StageCpu.TimedClock[] storeClocks = new StageCpu.TimedClock[RAW_STORE_RUNS];
        double store = rawStore(work, blocks, batchSize, storeClocks);
        double storeMsPerMb = StageCpu.msPerMb(Arrays.stream(storeClocks).mapToLong(StageCpu.TimedClock::cpuNanos).sum(),
                RAW_STORE_RUNS * total);
        LocalIdentity a = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(0));
        LocalIdentity b = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(1));
        IdentityValidator validator = NetworkCrypto.validator(config, crypto, ExecutorScheduler.systemClock());
        StageCpu.TimedClock tcpClock = new StageCpu.TimedClock();
        double tcp = RawTlsThroughput.measure(a, b, validator.orgs().allTlsRoots(), blocks, tcpClock);
        double tcpMsPerMb = StageCpu.msPerMb(tcpClock.cpuNanos(), total);
        List<Block> decoded = new ArrayList<>(blocks.size());
        for (byte[] bytes : blocks) {
            decoded.add(Block.parseFrom(bytes));
        }
        double checksMsPerMb = StageCpu.checksMsPerMb(decoded, new BlockVerifier(validator, Set.of(config.orderer().mspId())));
        double ledger = ledgerStore(work.resolve("ledger-store"), decoded, batchSize, total);
        return new RawLimits(store, tcp, ledger, blocks.size(), (int) (total / Math.max(1, blocks.size())), batchSize,
                new StageCpu(storeMsPerMb, tcpMsPerMb, checksMsPerMb));
    }

    /** Times the raw RocksDB writes are measured, each into a new database; the median is taken (the disk alone varies by 10-20%). */
    static final int RAW_STORE_RUNS = 3;

    /** The median of the runs' MB/s; {@code clocks[i]} is left holding run i's CPU time. */
    private static double rawStore(Path work, List<byte[]> blocks, int batchSize, StageCpu.TimedClock[] clocks) {
        double[] runs = new double[RAW_STORE_RUNS];
        for (int i = 0; i < runs.length; i++) {
            clocks[i] = new StageCpu.TimedClock();
            runs[i] = RawWriteThroughput.measure(work.resolve("raw-rocksdb-" + i), blocks, batchSize, clocks[i]);
        }
        Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    private static double ledgerStore(Path dir, List<Block> blocks, int batchSize, long totalBytes) {
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
