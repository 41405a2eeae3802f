package io.ledgergossip.cli;

import io.ledgergossip.fixture.EphemeralSigner;
import io.ledgergossip.fixture.SampleLedger;
import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.StoreOptions;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code store-bench}: append throughput of the RocksDB ledger store, blocks built beforehand so
 * that only validation (hashes, well-formedness) and the atomic commit are timed.
 */
@Command(name = "store-bench", mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar store-bench --blocks 2000 --runs 3%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_CANNOT_RUN},
        description = "Measures how fast the RocksDB store appends blocks (validation + atomic WriteBatch), "
                + "median of several runs, each into a fresh store.")
final class StoreBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--blocks", defaultValue = "10000", description = "Blocks per run (default ${DEFAULT-VALUE}).")
    private int blocks;

    @Option(names = "--block-bytes", defaultValue = "32768", description = "Approximate block size (default ${DEFAULT-VALUE}).")
    private int blockBytes;

    @Option(names = "--txs-per-block", defaultValue = "8", description = "Transactions per block (default ${DEFAULT-VALUE}).")
    private int txsPerBlock;

    @Option(names = "--runs", defaultValue = "3", description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--no-sync", description = "Do not fsync the WAL on every append (the store's default is to fsync).")
    private boolean noSync;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the stores (default: a temporary directory).")
    private Path dir;

    /** Per-block overhead of envelope, headers and signature around each value, measured on samples. */
    private static final int ENVELOPE_OVERHEAD = 420;

    @Override
    public Integer call() throws IOException, BlockRejectedException {
        PrintWriter out = spec.commandLine().getOut();
        if (blocks < 1 || runs < 1 || txsPerBlock < 1 || blockBytes < (long) txsPerBlock * ENVELOPE_OVERHEAD) {
            spec.commandLine().getErr().println("store-bench: need --blocks >= 1, --runs >= 1, and --block-bytes >= "
                    + (long) txsPerBlock * ENVELOPE_OVERHEAD + " for " + txsPerBlock + " transactions");
            return ExitCodes.CANNOT_RUN;
        }
        Options.fitsInHeap(spec, blocks, blockBytes);
        RunDirectory run;
        try {
            run = RunDirectory.claim(dir != null ? dir : Files.createTempDirectory("store-bench"), "store-bench");
        } catch (RunDirectory.RefusedException e) {
            spec.commandLine().getErr().println("store-bench: --dir: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
        Path base = run.path();
        int valueBytes = blockBytes / txsPerBlock - ENVELOPE_OVERHEAD;
        SampleLedger ledger = new SampleLedger("bench", 42, txsPerBlock, valueBytes, 100_000, new EphemeralSigner("BenchOrg"));
        List<BlockWithWrites> chain = new ArrayList<>(blocks);
        long totalBytes = 0;
        for (int i = 0; i < blocks; i++) {
            BlockWithWrites next = ledger.next();
            chain.add(next);
            totalBytes += next.block().getSerializedSize();
        }
        double[] mbPerSecond = new double[runs];
        for (int i = 0; i < runs; i++) {
            Path storeDir = run.entry("run-" + i);
            long start = System.nanoTime();
            try (RocksLedgerStore store = RocksLedgerStore.open(storeDir, StoreOptions.defaults().withSyncWrites(!noSync))) {
                for (BlockWithWrites b : chain) {
                    store.append(b.block(), b.writes());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            mbPerSecond[i] = totalBytes / 1e6 / seconds;
            out.printf("run %d: %d blocks in %.2f s: %.1f MB/s, %.0f blocks/s%n", i + 1, blocks, seconds,
                    mbPerSecond[i], blocks / seconds);
            out.flush();
            Directories.deleteTree(storeDir);
        }
        if (dir == null) {
            Directories.deleteTree(base);
        }
        double[] sorted = mbPerSecond.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        out.printf("store-bench: %d blocks x %d bytes (avg), sync=%s: median %.1f MB/s, %.0f blocks/s over %d runs%n",
                blocks, totalBytes / blocks, !noSync, median, median * 1e6 / (totalBytes / (double) blocks), runs);
        return ExitCodes.OK;
    }
}
