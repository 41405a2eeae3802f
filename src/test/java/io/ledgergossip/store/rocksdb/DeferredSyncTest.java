package io.ledgergossip.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.ledger.BlockBuilder;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ChainVerifier;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.StoreException;
import io.ledgergossip.store.StoreOptions;
import io.ledgergossip.testing.TestChains;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends that return before their sync (real RocksDB): a run counts (height, reads) only once a
 * sync of the log covers it, the next run is checked against it at once, syncs are shared by the
 * runs written meanwhile, close makes everything durable, and a failed sync stops the store.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeferredSyncTest {
    @TempDir
    Path tmp;

    private final List<BlockWithWrites> chain = TestChains.sample(12, 3, 64);

    @Test
    void aRunCountsOnlyOnceItsSyncIsDoneAndTheNextRunExtendsIt() throws Exception {
        HeldWalSync held = new HeldWalSync();
        try (RocksLedgerStore store = held.open(tmp.resolve("s"))) {
            CompletableFuture<Long> first = store.appendAllDeferringSync(blocks(0, 4), writes(0, 4));
            held.awaitWaiting(); // the syncer has taken the first run and is inside its sync
            CompletableFuture<Long> second = store.appendAllDeferringSync(blocks(4, 9), writes(4, 9));

            assertEquals(9, store.writtenHeight());
            assertEquals(0, store.height(), "nothing is durable yet");
            assertTrue(store.block(0).isEmpty() && store.blockBytes(3).isEmpty());
            assertArrayEquals(new byte[0], store.lastHeaderHash());
            StateWrite written = chain.get(6).writes().get(0);
            assertArrayEquals(written.value(), store.state(written.key()).orElseThrow(), "world state reads see written runs");
            BlockRejectedException again = assertThrows(BlockRejectedException.class,
                    () -> store.appendAllDeferringSync(blocks(4, 5), writes(4, 5)));
            assertEquals(4, again.blockNumber(), "checked against the written run, not the durable height");
            assertFalse(first.isDone() || second.isDone());

            held.release(2);
            assertEquals(4L, first.get(10, TimeUnit.SECONDS));
            assertEquals(9L, second.get(10, TimeUnit.SECONDS));
            assertEquals(9, store.height());
            assertEquals(chain.get(8).block(), store.block(8).orElseThrow());
            assertArrayEquals(BlockHashing.headerHash(chain.get(8).block().getHeader()), store.lastHeaderHash());
            assertEquals(2, store.walSyncs(), "the second run waited for one sync, not one each");
        }
    }

    @Test
    void aCheckedBlockIsStillCheckedForItsPlaceInTheChain() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"))) {
            store.appendAllDeferringSync(blocks(0, 3), writes(0, 3)).get(10, TimeUnit.SECONDS);
            Block elsewhere = BlockBuilder.buildFromData(3, new byte[32], chain.get(3).block().getData());
            BlockRejectedException e = assertThrows(BlockRejectedException.class,
                    () -> store.appendAllDeferringSync(List.of(ContentCheckedBlock.check(elsewhere)), writes(3, 4)));
            assertEquals(List.of(ChainVerifier.PREVIOUS_HASH_MISMATCH), e.reasons());
            assertThrows(BlockRejectedException.class, () -> store.appendAllDeferringSync(blocks(4, 5), writes(4, 5)));
            assertEquals(3, store.writtenHeight());
        }
    }

    @Test
    void runsWrittenDuringASyncShareTheNextOne() throws Exception {
        HeldWalSync held = new HeldWalSync();
        try (RocksLedgerStore store = held.open(tmp.resolve("s"))) {
            List<CompletableFuture<Long>> durable = new ArrayList<>();
            durable.add(store.appendAllDeferringSync(blocks(0, 1), writes(0, 1)));
            held.awaitWaiting();
            for (int n = 1; n < 12; n++) {
                durable.add(store.appendAllDeferringSync(blocks(n, n + 1), writes(n, n + 1)));
            }
            held.release(2);
            for (int n = 0; n < 12; n++) {
                assertEquals(n + 1L, durable.get(n).get(10, TimeUnit.SECONDS), "futures complete in order with their height");
            }
            assertEquals(2, store.walSyncs(), "12 runs, 2 syncs: the first, and one for the 11 written while it ran");
            assertEquals(12, store.height());
        }
    }

    @Test
    void closeMakesWhatWasWrittenDurable() throws Exception {
        Path dir = tmp.resolve("s");
        List<CompletableFuture<Long>> durable = new ArrayList<>();
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            for (int n = 0; n < 12; n += 3) {
                durable.add(store.appendAllDeferringSync(blocks(n, n + 3), writes(n, n + 3)));
            }
        }
        for (CompletableFuture<Long> d : durable) {
            assertTrue(d.isDone() && !d.isCompletedExceptionally(), "close completed every run");
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(12, store.height());
            assertArrayEquals(BlockHashing.headerHash(chain.get(11).block().getHeader()), store.lastHeaderHash());
        }
    }

    @Test
    void aFailedSyncFailsItsRunAndEveryLaterAppend() throws Exception {
        Path dir = tmp.resolve("s");
        try (RocksLedgerStore store = RocksLedgerStore.open(dir, StoreOptions.defaults(), sync -> () -> {
            throw new java.io.IOException("EIO from the disk");
        })) {
            store.append(chain.get(0).block(), chain.get(0).writes()); // synced in the write itself
            CompletableFuture<Long> run = store.appendAllDeferringSync(blocks(1, 3), writes(1, 3));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
            assertInstanceOf(StoreException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("EIO from the disk"), failed.getCause().getMessage());
            assertEquals(1, store.height(), "the run that was not synced does not count");
            assertFalse(store.isOpen(), "a store whose log could not be synced is not healthy");
            assertThrows(StoreException.class, () -> store.appendAllDeferringSync(blocks(3, 4), writes(3, 4)));
            assertThrows(StoreException.class, () -> store.append(chain.get(3).block(), chain.get(3).writes()));
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertTrue(store.height() == 1 || store.height() == 3, "a whole run or none: height " + store.height());
        }
    }

    @Test
    void withoutSyncedWritesARunIsDurableAtOnce() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"), StoreOptions.defaults().withSyncWrites(false))) {
            CompletableFuture<Long> run = store.appendAllDeferringSync(blocks(0, 5), writes(0, 5));
            assertTrue(run.isDone());
            assertEquals(5, store.height());
            assertEquals(0, store.walSyncs());
        }
    }

    private List<ContentCheckedBlock> blocks(int from, int to) throws ContentCheckedBlock.BlockContentException {
        return ChainRuns.blocks(chain, from, to);
    }

    private List<List<StateWrite>> writes(int from, int to) {
        return ChainRuns.writes(chain, from, to);
    }
}
