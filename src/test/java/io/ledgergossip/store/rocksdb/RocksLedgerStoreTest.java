package io.ledgergossip.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.ledger.BlockBuilder;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ChainVerifier;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.RunningStateHash;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.StoreException;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.testing.TestChains;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class RocksLedgerStoreTest {
    @TempDir
    Path tmp;

    private final List<BlockWithWrites> chain = TestChains.sample(12, 3, 64);

    @Test
    void appendsBlocksAndTheirStateAtomically() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"))) {
            assertEquals(0, store.height());
            assertArrayEquals(RunningStateHash.INITIAL, store.stateHash());
            byte[] expectedStateHash = RunningStateHash.INITIAL;
            for (BlockWithWrites b : chain) {
                store.append(b.block(), b.writes());
                expectedStateHash = RunningStateHash.next(expectedStateHash, b.block().getHeader().getNumber(), b.writes());
            }
            assertEquals(12, store.height());
            assertEquals(chain.get(5).block(), store.block(5).orElseThrow());
            assertTrue(store.block(12).isEmpty());
            assertTrue(store.block(-1).isEmpty());
            assertArrayEquals(BlockHashing.headerHash(chain.get(11).block().getHeader()), store.lastHeaderHash());
            assertArrayEquals(expectedStateHash, store.stateHash());
            StateWrite last = chain.get(11).writes().get(2);
            assertArrayEquals(last.value(), store.state(last.key()).orElseThrow());
        }
    }

    @Test
    void streamsRangesAndClampsThemToTheHeight() throws Exception {
        try (RocksLedgerStore store = filled(tmp.resolve("s"))) {
            try (Stream<Block> blocks = store.blocks(3, 7)) {
                assertEquals(List.of(3L, 4L, 5L, 6L), blocks.map(b -> b.getHeader().getNumber()).toList());
            }
            try (Stream<Block> blocks = store.blocks(10, 1000)) {
                assertEquals(2, blocks.count());
            }
            try (Stream<Block> blocks = store.blocks(12, 20)) {
                assertEquals(0, blocks.count());
            }
        }
    }

    @Test
    void aRunOfBlocksIsCommittedWholeOrNotAtAll() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"));
                InMemoryLedgerStore memory = new InMemoryLedgerStore()) {
            for (io.ledgergossip.store.LedgerStore s : List.of(store, memory)) {
                s.appendAll(List.of(chain.get(0).block(), chain.get(1).block()), List.of(chain.get(0).writes(), chain.get(1).writes()));
                byte[] head = s.lastHeaderHash();
                byte[] state = s.stateHash();
                Block good = chain.get(3).block();
                Block forged = good.toBuilder().setHeader(good.getHeader().toBuilder().setDataHash(ByteString.copyFrom(new byte[32])))
                        .build();
                List<StateWrite> poison = List.of(StateWrite.put("poison", new byte[] {1}));
                // blocks 2 and 3 are fine, 4 is forged: nothing of the run is taken
                BlockRejectedException rejected = assertThrows(BlockRejectedException.class, () -> s.appendAll(
                        List.of(chain.get(2).block(), forged, chain.get(4).block()), List.of(poison, poison, poison)));
                assertEquals(3, rejected.blockNumber());
                assertEquals(2, s.height());
                assertArrayEquals(head, s.lastHeaderHash());
                assertArrayEquals(state, s.stateHash());
                assertTrue(s.state("poison").isEmpty());

                s.appendAll(List.of(chain.get(2).block(), good), List.of(chain.get(2).writes(), chain.get(3).writes()));
                assertEquals(4, s.height());
            }
            // one write of a run and block by block end in the same place
            assertArrayEquals(memory.stateHash(), store.stateHash());
            assertArrayEquals(memory.lastHeaderHash(), store.lastHeaderHash());
        }
        try (RocksLedgerStore reopened = RocksLedgerStore.open(tmp.resolve("s"))) {
            assertEquals(4, reopened.height());
            assertArrayEquals(chain.get(3).block().toByteArray(), reopened.blockBytes(3).orElseThrow());
        }
    }

    @Test
    void rejectedBlocksChangeNothingAndSayWhy() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"))) {
            for (BlockWithWrites b : chain.subList(0, 4)) {
                store.append(b.block(), b.writes());
            }
            byte[] head = store.lastHeaderHash();
            byte[] state = store.stateHash();
            List<StateWrite> poison = List.of(StateWrite.put("poison", "x".getBytes(StandardCharsets.UTF_8)));

            BlockRejectedException skipped = assertThrows(BlockRejectedException.class,
                    () -> store.append(chain.get(5).block(), poison));
            assertTrue(skipped.reasons().contains("The next block is expected to be 4 but got 5"), skipped.reasons().toString());

            Block forkedParent = BlockBuilder.build(4, new byte[32], List.of());
            BlockRejectedException fork = assertThrows(BlockRejectedException.class, () -> store.append(forkedParent, poison));
            assertTrue(fork.reasons().contains(ChainVerifier.PREVIOUS_HASH_MISMATCH), fork.reasons().toString());

            Block good = chain.get(4).block();
            Block badData = good.toBuilder().setHeader(good.getHeader().toBuilder().setDataHash(ByteString.copyFrom(new byte[32]))).build();
            BlockRejectedException data = assertThrows(BlockRejectedException.class, () -> store.append(badData, poison));
            assertEquals(List.of(ChainVerifier.DATA_HASH_MISMATCH), data.reasons());

            assertEquals(4, store.height());
            assertArrayEquals(head, store.lastHeaderHash());
            assertArrayEquals(state, store.stateHash());
            assertTrue(store.state("poison").isEmpty());
            assertTrue(store.block(4).isEmpty());

            store.append(good, chain.get(4).writes());
            assertEquals(5, store.height());
        }
    }

    @Test
    void deletesRemoveStateKeys() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"))) {
            store.append(chain.get(0).block(), List.of(StateWrite.put("k", new byte[] {1})));
            store.append(chain.get(1).block(), List.of(StateWrite.delete("k")));
            assertTrue(store.state("k").isEmpty());
        }
    }

    @Test
    void reopensAfterACleanCloseAndGoesOn() throws Exception {
        Path dir = tmp.resolve("s");
        byte[] head;
        byte[] state;
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            for (BlockWithWrites b : chain.subList(0, 6)) {
                store.append(b.block(), b.writes());
            }
            head = store.lastHeaderHash();
            state = store.stateHash();
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            assertEquals(6, store.height());
            assertArrayEquals(head, store.lastHeaderHash());
            assertArrayEquals(state, store.stateHash());
            for (BlockWithWrites b : chain.subList(6, 12)) {
                store.append(b.block(), b.writes());
            }
            assertEquals(12, store.height());
        }
    }

    @Test
    void aDirectIoProbeLeftByAnEarlierBuildDoesNotMakeTheDirectoryAForeignOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("s"));
        Files.write(dir.resolve(RocksDatabase.EARLIER_PROBE_PREFIX + "12345"), new byte[0]);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            store.append(chain.get(0).block(), chain.get(0).writes());
            assertEquals(1, store.height());
        }
    }

    @Test
    void refusesADirectoryThatIsNotAStore() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        StoreException e = assertThrows(StoreException.class, () -> RocksLedgerStore.open(dir));
        assertTrue(e.getMessage().contains("is not a ledger-gossip store"), e.getMessage());
        assertEquals("hello", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void refusesAForeignRocksDatabase() throws Exception {
        Path dir = tmp.resolve("foreign");
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }
        StoreException e = assertThrows(StoreException.class, () -> RocksLedgerStore.open(dir));
        assertTrue(e.getMessage().contains("is not a ledger-gossip store"), e.getMessage());
        assertTrue(!RocksLedgerStore.isStore(dir));
    }

    @Test
    void refusesAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        StoreException e = assertThrows(StoreException.class, () -> RocksLedgerStore.open(file));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void aSecondOpenOfTheSameStoreIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Path dir = tmp.resolve("s");
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            StoreException e = assertThrows(StoreException.class, () -> RocksLedgerStore.open(dir));
            assertTrue(e.getMessage().contains("the store is in use"), e.getMessage());
            assertEquals(0, store.height());
        }
    }

    @Test
    void readsAfterCloseFailCleanly() throws Exception {
        RocksLedgerStore store = filled(tmp.resolve("s"));
        store.close();
        assertThrows(StoreException.class, () -> store.block(1));
    }

    @Test
    void readsRacingCloseEitherSucceedOrFailWithTheStoresException() throws Exception {
        for (int round = 0; round < 20; round++) {
            RocksLedgerStore store = filled(tmp.resolve("race" + round));
            long height = store.height();
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(4);
            java.util.List<Throwable> unexpected = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.List<Thread> readers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int kind = t;
                Thread reader = new Thread(() -> {
                    reading.countDown();
                    try {
                        for (int i = 0; i < 100_000; i++) {
                            switch (kind) {
                                case 0 -> store.block(i % height);
                                case 1 -> store.blockBytes(i % height);
                                case 2 -> store.state("key-" + (i % 50));
                                default -> {
                                    try (java.util.stream.Stream<org.hyperledger.fabric.protos.common.Common.Block> all = store.blocks(0, height)) {
                                        all.forEach(b -> { });
                                    }
                                }
                            }
                        }
                    } catch (StoreException expected) {
                        // the store closed under the read: the only acceptable failure
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            reading.await();
            store.close();
            for (Thread reader : readers) {
                reader.join(30_000);
            }
            assertTrue(unexpected.isEmpty(), "reads racing close failed otherwise: " + unexpected);
            assertThrows(StoreException.class, () -> store.block(0));
        }
    }

    private RocksLedgerStore filled(Path dir) throws BlockRejectedException {
        RocksLedgerStore store = RocksLedgerStore.open(dir);
        for (BlockWithWrites b : chain) {
            store.append(b.block(), b.writes());
        }
        return store;
    }
}
