package io.ledgergossip.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.StoreOptions;
import io.ledgergossip.testing.TestChains;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large deferred runs bypass RocksDB's write-ahead log and are made durable by an atomic flush
 * (real RocksDB; the log's size on disk shows which way a run went). A run counts only after its
 * flush; while an unlogged run is unflushed, a small run goes unlogged too; a synced append then
 * flushes at once; close flushes; and the store reads back whole.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnloggedRunsTest {
    /** Blocks of 4 transactions with 4 KB values: about 17 KB each. */
    private static final long FROM_BYTES = 32 * 1024;

    @TempDir
    Path tmp;

    private final List<BlockWithWrites> chain = TestChains.sample(12, 4, 4096);

    @Test
    void aLargeRunSkipsTheLogAndCountsOnceFlushed() throws Exception {
        Path dir = tmp.resolve("s");
        HeldWalSync held = new HeldWalSync();
        try (RocksLedgerStore store = held.open(dir, FROM_BYTES)) {
            long logBefore = logBytes(dir);
            CompletableFuture<Long> large = store.appendAllDeferringSync(blocks(0, 4), writes(0, 4));
            assertTrue(runBytes(0, 4) >= FROM_BYTES);
            assertTrue(logBytes(dir) - logBefore < 1024, "the run went into the log: " + (logBytes(dir) - logBefore) + " bytes");
            assertEquals(0, store.height(), "not durable before its flush");
            StateWrite written = chain.get(2).writes().get(0);
            assertArrayEquals(written.value(), store.state(written.key()).orElseThrow(), "the state reads the written run");

            CompletableFuture<Long> small = store.appendAllDeferringSync(blocks(4, 5), writes(4, 5));
            assertTrue(runBytes(4, 5) < FROM_BYTES);
            assertTrue(logBytes(dir) - logBefore < 1024, "a small run after an unflushed unlogged one was logged");

            held.release(2);
            assertEquals(4L, large.get(10, TimeUnit.SECONDS));
            assertEquals(5L, small.get(10, TimeUnit.SECONDS));
            assertEquals(5, store.height());
            assertTrue(tableFiles(dir) > 0, "the flush wrote table files");

            held.release(1);
            store.appendAllDeferringSync(blocks(5, 6), writes(5, 6)).get(10, TimeUnit.SECONDS);
            assertTrue(logBytes(dir) - logBefore >= runBytes(5, 6), "once flushed, a small run is logged again");
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(6, store.height());
            assertEquals(chain.get(3).block(), store.block(3).orElseThrow());
            assertArrayEquals(BlockHashing.headerHash(chain.get(5).block().getHeader()), store.lastHeaderHash());
        }
    }

    @Test
    void aSyncedAppendAfterAnUnflushedUnloggedRunFlushesBoth() throws Exception {
        Path dir = tmp.resolve("s");
        HeldWalSync held = new HeldWalSync();
        try (RocksLedgerStore store = held.open(dir, FROM_BYTES)) {
            CompletableFuture<Long> large = store.appendAllDeferringSync(blocks(0, 4), writes(0, 4));
            long logBefore = logBytes(dir);
            store.append(chain.get(4).block(), chain.get(4).writes());
            assertEquals(5, store.height(), "a synced append is durable when it returns, and so is the run before it");
            assertTrue(logBytes(dir) - logBefore < 1024, "the synced append went into the log ahead of an unflushed run");
            assertFalse(large.isDone(), "its own syncer has not run yet");
            held.release(1);
            assertEquals(4L, large.get(10, TimeUnit.SECONDS));
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(5, store.height());
        }
    }

    @Test
    void closeFlushesUnloggedRuns() throws Exception {
        Path dir = tmp.resolve("s");
        List<CompletableFuture<Long>> durable = new ArrayList<>();
        try (RocksLedgerStore store = RocksLedgerStore.open(dir, StoreOptions.defaults(), UnaryOperator.identity(), FROM_BYTES)) {
            for (int n = 0; n < 12; n += 3) {
                durable.add(store.appendAllDeferringSync(blocks(n, n + 3), writes(n, n + 3)));
            }
        }
        for (CompletableFuture<Long> d : durable) {
            assertTrue(d.isDone() && !d.isCompletedExceptionally());
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(12, store.height());
            assertArrayEquals(BlockHashing.headerHash(chain.get(11).block().getHeader()), store.lastHeaderHash());
            Map<String, byte[]> last = new HashMap<>();
            chain.forEach(b -> b.writes().forEach(w -> last.put(w.key(), w.value())));
            for (Map.Entry<String, byte[]> e : last.entrySet()) {
                assertArrayEquals(e.getValue(), store.state(e.getKey()).orElseThrow(), e.getKey());
            }
        }
    }

    private long runBytes(int from, int to) {
        return chain.subList(from, to).stream().mapToLong(b -> b.block().getSerializedSize()).sum();
    }

    private static long logBytes(Path dir) throws IOException {
        return filesEnding(dir, ".log").mapToLong(UnloggedRunsTest::size).sum();
    }

    private static long tableFiles(Path dir) throws IOException {
        return filesEnding(dir, ".sst").count();
    }

    private static Stream<Path> filesEnding(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList().stream();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // a log removed meanwhile
        }
    }

    private List<ContentCheckedBlock> blocks(int from, int to) throws ContentCheckedBlock.BlockContentException {
        return ChainRuns.blocks(chain, from, to);
    }

    private List<List<StateWrite>> writes(int from, int to) {
        return ChainRuns.writes(chain, from, to);
    }
}
