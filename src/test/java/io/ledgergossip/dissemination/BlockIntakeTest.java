package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.ledger.BlockBuilder;
import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import io.ledgergossip.testing.TestChains;
import io.ledgergossip.testing.TestPki;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of blocks held, then committed in one store write; a run broken by a forged block keeps what came before it. */
class BlockIntakeTest {
    @TempDir
    Path tmp;

    @Test
    void aRunIsCommittedInOrderAndABlockOnAnotherChainStopsItThere() throws Exception {
        TestPki pki = new TestPki(tmp);
        LocalIdentity orderer = pki.orderer();
        PkiId honest = pki.peer(1, 0).pkiId();
        PkiId forger = pki.peer(1, 1).pkiId();
        List<Block> chain = new ArrayList<>();
        byte nonce = 0;
        for (var b : TestChains.sample(8, 2, 32)) {
            chain.add(BlockSignatures.sign(b.block(), orderer, new byte[] {nonce++}));
        }
        // block 3 signed by the orderer, but on another chain (its previous hash is not block 2's)
        Block otherChain = BlockSignatures.sign(BlockBuilder.buildFromData(3, new byte[32], chain.get(3).getData()), orderer,
                new byte[] {42});

        InMemoryLedgerStore store = new InMemoryLedgerStore();
        BlockIntake intake = new BlockIntake(store, new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP)),
                BlockValidation.allValid(KvWrites::of), 100);
        List<Long> committed = new ArrayList<>();
        intake.addListener(b -> committed.add(b.getHeader().getNumber()));

        for (int n : new int[] {2, 0, 1}) { // out of order: nothing is written until the run is asked to commit
            assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.hold(chain.get(n), honest).outcome());
        }
        assertEquals(0, store.height());
        assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.hold(otherChain, forger).outcome());
        assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.hold(chain.get(4), forger).outcome());

        BlockIntake.Result result = intake.commitReady();
        assertEquals(BlockIntake.Outcome.INVALID, result.outcome());
        assertEquals(forger, result.blame());
        assertEquals(List.of(0L, 1L, 2L), committed, "the honest blocks before the forged one are kept, in order");
        assertEquals(3, store.height());
        assertFalse(intake.has(4), "whatever else the forger sent is dropped with its bad block");

        for (int n = 3; n < 8; n++) {
            intake.hold(chain.get(n), honest);
        }
        assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.commitReady().outcome());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), committed);
        assertArrayEquals(chain.get(7).getHeader().toByteArray(), store.block(7).orElseThrow().getHeader().toByteArray());
        assertEquals(BlockIntake.Outcome.DUPLICATE, intake.hold(chain.get(5), honest).outcome());
        assertTrue(intake.blockBytes(6).isPresent());
    }

    /** The re-ordering window is state.blockBufferSize blocks, or BUFFER_BYTES of blocks when blocks are small; never less. */
    @Test
    void theWindowHoldsBufferBytesOfSmallBlocksAndBlockBufferSizeOfLargeOnes() throws Exception {
        TestPki pki = new TestPki(tmp);
        PkiId sender = pki.peer(1, 0).pkiId();
        for (int valueBytes : new int[] {256, 1_000_000}) { // blocks of about 2 KB, and of about 4 MB
            Block first = BlockSignatures.sign(TestChains.sample(1, 4, valueBytes).get(0).block(), pki.orderer(), new byte[] {1});
            BlockIntake intake = new BlockIntake(new InMemoryLedgerStore(), new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP)),
                    BlockValidation.allValid(KvWrites::of), 20);
            assertEquals(20, intake.window(), "before any block is held");
            assertFalse(intake.wants(20));
            assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.hold(first, sender).outcome());
            long bySize = BlockIntake.BUFFER_BYTES / first.getSerializedSize();
            long window = valueBytes < 1000 ? bySize : 20;
            assertTrue(valueBytes < 1000 ? bySize > 1000 : bySize < 20, "block of " + first.getSerializedSize() + " bytes");
            assertEquals(window, intake.window(), valueBytes + "-byte values");
            assertTrue(intake.wants(window - 1));
            assertFalse(intake.wants(window));
        }
    }

    /** Held blocks go to the store in runs of at most MAX_BYTES_PER_WRITE (32 MiB), a larger block alone. */
    @Test
    void runsOfLargeBlocksAreCutAtTheBytesOfOneWrite() throws Exception {
        TestPki pki = new TestPki(tmp);
        LocalIdentity orderer = pki.orderer(); // before the validator: it trusts the orgs made so far
        PkiId sender = pki.peer(1, 0).pkiId();
        List<Integer> runs = new ArrayList<>();
        InMemoryLedgerStore memory = new InMemoryLedgerStore();
        LedgerStore store = (LedgerStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LedgerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("appendAllDeferringSync")) {
                        runs.add(((List<?>) args[0]).size());
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        BlockIntake intake = new BlockIntake(store, new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP)),
                BlockValidation.allValid(KvWrites::of), 100);
        byte nonce = 0;
        for (var b : TestChains.sample(5, 3, 4_000_000)) { // blocks of about 12 MB: two fit in 32 MiB, three do not
            BlockIntake.Result held = intake.hold(BlockSignatures.sign(b.block(), orderer, new byte[] {nonce++}), sender);
            assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, held.outcome(), held.reason());
        }
        assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.commitReady().outcome());
        assertEquals(5, memory.height());
        assertEquals(List.of(2, 2, 1), runs);
    }

    /**
     * The window counts from the written height, so the next blocks are taken while a sync runs; and
     * no run is written while MAX_SYNCING_BYTES (64 MiB) are not yet durable: blocks of about 12 MB, in
     * runs of two, stop after the third run until a sync completes.
     */
    @Test
    void whileRunsSyncTheWindowMovesWithTheWrittenHeightAndWritingWaitsPastTheSyncingBytes() throws Exception {
        TestPki pki = new TestPki(tmp);
        LocalIdentity orderer = pki.orderer();
        PkiId sender = pki.peer(1, 0).pkiId();
        List<Block> chain = new ArrayList<>();
        byte nonce = 0;
        for (var b : TestChains.sample(8, 3, 4_000_000)) {
            chain.add(BlockSignatures.sign(b.block(), orderer, new byte[] {nonce++}));
        }
        LinkedBlockingQueue<Runnable> nodeThread = new LinkedBlockingQueue<>();
        io.ledgergossip.store.rocksdb.HeldWalSync held = new io.ledgergossip.store.rocksdb.HeldWalSync();
        try (RocksLedgerStore store = held.open(tmp.resolve("store"))) {
            BlockIntake intake = new BlockIntake(store, new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP)),
                    BlockValidation.allValid(KvWrites::of), 4, () -> 0, nodeThread::add);
            intake.onHeightAdvanced(intake::commitReady); // as the dissemination service does
            List<Long> committed = new ArrayList<>();
            intake.addListener(b -> committed.add(b.getHeader().getNumber()));

            for (int n = 0; n < 4; n++) {
                assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.hold(chain.get(n), sender).outcome());
            }
            intake.commitReady();
            held.awaitWaiting();
            assertEquals(4, intake.writtenHeight());
            assertEquals(0, intake.height(), "nothing durable yet");
            assertTrue(intake.wants(7) && !intake.wants(8), "four blocks past the written height, not past the durable one");
            for (int n = 4; n < 8; n++) {
                assertEquals(BlockIntake.Outcome.COMMITTED_OR_BUFFERED, intake.hold(chain.get(n), sender).outcome());
            }
            intake.commitReady();
            assertEquals(6, intake.writtenHeight(), "blocks 4-5 take the syncing bytes past 64 MiB: 6-7 wait");
            assertEquals(2, intake.buffered());

            held.release(1_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (committed.size() < 8 && System.nanoTime() < deadline) {
                Runnable task = nodeThread.poll(1, TimeUnit.SECONDS);
                if (task != null) {
                    task.run();
                }
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), committed, "written once a sync made room, in order");
            assertEquals(0, intake.buffered());
        }
        try (RocksLedgerStore reopened = RocksLedgerStore.open(tmp.resolve("store"))) {
            assertEquals(8, reopened.height());
        }
    }

    @Test
    void withDeferredSyncsARunIsHeldWhileItSyncsAndCommittedOnTheNodeThreadAfterwards() throws Exception {
        TestPki pki = new TestPki(tmp);
        PkiId sender = pki.peer(1, 0).pkiId();
        List<Block> chain = new ArrayList<>();
        byte nonce = 0;
        for (var b : TestChains.sample(10, 2, 32)) {
            chain.add(BlockSignatures.sign(b.block(), pki.orderer(), new byte[] {nonce++}));
        }
        LinkedBlockingQueue<Runnable> nodeThread = new LinkedBlockingQueue<>();
        // the store's log syncs wait for the test: a run is "syncing" for as long as the test needs, not for as long as luck allows
        io.ledgergossip.store.rocksdb.HeldWalSync held = new io.ledgergossip.store.rocksdb.HeldWalSync();
        try (RocksLedgerStore store = held.open(tmp.resolve("store"))) {
            BlockIntake intake = new BlockIntake(store, new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP)),
                    BlockValidation.allValid(KvWrites::of), 100, () -> 0, nodeThread::add);
            List<Long> committed = new ArrayList<>();
            intake.addListener(b -> committed.add(b.getHeader().getNumber()));
            int[] advanced = {0};
            intake.onHeightAdvanced(() -> advanced[0]++);

            for (int n = 0; n < 5; n++) {
                intake.hold(chain.get(n), sender);
            }
            intake.commitReady();
            assertEquals(5, intake.writtenHeight());
            assertTrue(committed.isEmpty(), "nobody hears of a run before the node thread learns it is durable");
            assertEquals(BlockIntake.Outcome.DUPLICATE, intake.hold(chain.get(3), sender).outcome(), "a syncing block is held");
            assertTrue(intake.block(4).isPresent() && intake.blockBytes(4).isPresent(), "and served");
            for (int n = 5; n < 10; n++) {
                intake.hold(chain.get(n), sender);
            }
            intake.commitReady(); // extends the written run at once, durable or not
            assertEquals(10, intake.writtenHeight());
            assertTrue(committed.isEmpty(), "still nobody hears of either run while their syncs are held");
            held.release(1_000);

            while (committed.size() < 10) {
                Runnable task = nodeThread.poll(10, TimeUnit.SECONDS);
                assertTrue(task != null, "the store never reported the runs durable; committed " + committed);
                task.run();
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), committed, "in order, each once");
            for (Runnable task = nodeThread.poll(1, TimeUnit.SECONDS); task != null; task = nodeThread.poll(1, TimeUnit.SECONDS)) {
                task.run(); // a run's own notice, if its blocks went out with the run before it (one sync for both)
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), committed, "each once");
            assertEquals(10, intake.height());
            assertEquals(2, intake.commits());
            // once per store write whose sync completed after it was written: the second may have shared the first's
            assertTrue(advanced[0] >= 1 && advanced[0] <= 2, "height advanced " + advanced[0] + " times");
        }
        try (RocksLedgerStore reopened = RocksLedgerStore.open(tmp.resolve("store"))) {
            assertEquals(10, reopened.height());
        }
    }

    @Test
    void aGoodPrefixCommittedAfterARejectedRunIsAnnouncedOnlyAfterTheRunStillSyncingBeforeIt() throws Exception {
        TestPki pki = new TestPki(tmp);
        LocalIdentity orderer = pki.orderer();
        PkiId honest = pki.peer(1, 0).pkiId();
        PkiId forger = pki.peer(1, 1).pkiId();
        List<Block> chain = new ArrayList<>();
        byte nonce = 0;
        for (var b : TestChains.sample(10, 2, 32)) {
            chain.add(BlockSignatures.sign(b.block(), orderer, new byte[] {nonce++}));
        }
        Block forged = BlockSignatures.sign(BlockBuilder.buildFromData(8, new byte[32], chain.get(8).getData()), orderer, new byte[] {42});
        LinkedBlockingQueue<Runnable> nodeThread = new LinkedBlockingQueue<>();
        io.ledgergossip.store.rocksdb.HeldWalSync held = new io.ledgergossip.store.rocksdb.HeldWalSync();
        try (RocksLedgerStore store = held.open(tmp.resolve("store"))) {
            BlockIntake intake = new BlockIntake(store, new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP)),
                    BlockValidation.allValid(KvWrites::of), 100, () -> 0, nodeThread::add);
            List<Long> committed = new ArrayList<>();
            intake.addListener(b -> committed.add(b.getHeader().getNumber()));
            for (int n = 0; n < 5; n++) {
                intake.hold(chain.get(n), honest);
            }
            intake.commitReady(); // run 0-4 written, its sync held
            held.awaitWaiting();
            for (int n = 5; n < 8; n++) {
                intake.hold(chain.get(n), honest);
            }
            intake.hold(forged, forger);
            BlockIntake.Result result = intake.commitReady(); // 5-8 rejected as a run: 5, 6, 7 appended one by one
            assertEquals(BlockIntake.Outcome.INVALID, result.outcome());
            assertTrue(committed.isEmpty(), "blocks 5-7 announced before 0-4 was durable: " + committed);
            held.release(10);
            while (committed.size() < 8) {
                Runnable task = nodeThread.poll(10, TimeUnit.SECONDS);
                assertTrue(task != null, "never announced; committed " + committed);
                task.run();
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), committed, "in block order, each once");
            assertEquals(4, intake.commits(), "the run and the three blocks after it");
            assertEquals(8, intake.height());
        }
    }
}
