package io.ledgergossip.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.store.RunningStateHash;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.StoreException;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.testing.TestChains;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** Large world-state values are kept as references into the block that wrote them. */
class StateValueReferenceTest {
    @TempDir
    Path tmp;

    /** 6 blocks of 3 transactions, each writing a 4 KiB value: every value is in its block's bytes. */
    private final List<BlockWithWrites> chain = TestChains.sample(6, 3, 4096);

    @Test
    void largeValuesFoundInTheirBlockAreStoredAsSmallReferencesAndReadBackWhole() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s")); InMemoryLedgerStore memory = new InMemoryLedgerStore()) {
            for (BlockWithWrites b : chain) {
                store.append(b.block(), b.writes());
                memory.append(b.block(), b.writes());
            }
            for (BlockWithWrites b : chain) {
                for (StateWrite w : b.writes()) {
                    byte[] stored = store.database().get(store.database().state(), key(w));
                    assertTrue(stored.length < 32, w.key() + " is stored in " + stored.length + " bytes, not as a reference");
                    assertArrayEquals(memory.state(w.key()).orElseThrow(), store.state(w.key()).orElseThrow(), w.key());
                }
            }
            assertArrayEquals(memory.stateHash(), store.stateHash(), "the state hash is over the values, however they are kept");
        }
        try (RocksLedgerStore reopened = RocksLedgerStore.open(tmp.resolve("s"))) {
            StateWrite last = chain.get(5).writes().get(2);
            assertArrayEquals(last.value(), reopened.state(last.key()).orElseThrow());
        }
    }

    @Test
    void valuesNotInTheBlockAndSmallValuesAreStoredInline() throws Exception {
        byte[] computed = new byte[5000]; // a value the validation computed: not among the block's bytes
        Arrays.fill(computed, (byte) 7);
        byte[] small = "small".getBytes(StandardCharsets.UTF_8);
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"))) {
            List<StateWrite> writes = new ArrayList<>(chain.get(0).writes());
            writes.add(StateWrite.put("computed", computed));
            writes.add(StateWrite.put("small", small));
            store.append(chain.get(0).block(), writes);
            assertEquals(computed.length + 1, store.database().get(store.database().state(), "computed".getBytes(StandardCharsets.UTF_8)).length);
            assertArrayEquals(computed, store.state("computed").orElseThrow());
            assertArrayEquals(small, store.state("small").orElseThrow());
            assertArrayEquals(RunningStateHash.next(RunningStateHash.INITIAL, 0, writes), store.stateHash());
        }
    }

    @Test
    void aLaterWriteOrDeleteReplacesTheReference() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"))) {
            store.append(chain.get(0).block(), chain.get(0).writes());
            String key = chain.get(0).writes().get(0).key();
            byte[] newer = chain.get(1).writes().get(1).value(); // in block 1's bytes
            List<StateWrite> writes = new ArrayList<>(chain.get(1).writes());
            writes.add(StateWrite.put(key, newer));
            writes.add(StateWrite.delete(chain.get(0).writes().get(1).key()));
            store.append(chain.get(1).block(), writes);
            assertArrayEquals(newer, store.state(key).orElseThrow());
            assertTrue(store.state(chain.get(0).writes().get(1).key()).isEmpty());
        }
    }

    @Test
    void aDamagedStateEntryIsReportedAsSuchNotReturnedAsAValue() throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("s"))) {
            store.append(chain.get(0).block(), chain.get(0).writes());
            damage(store, "unknown-tag", new byte[] {9, 1, 2});
            damage(store, "truncated", new byte[] {1, (byte) 0x80});
            damage(store, "past-the-end", StateValue.reference(0, 1_000_000, 10));
            damage(store, "missing-block", StateValue.reference(99, 0, 10));
            damage(store, "trailing-bytes", concat(StateValue.reference(0, 0, 10), new byte[] {0}));
            for (String key : List.of("unknown-tag", "truncated", "past-the-end", "missing-block", "trailing-bytes")) {
                StoreException e = assertThrows(StoreException.class, () -> store.state(key), key);
                assertTrue(e.getMessage().contains("damaged store: state value of key '" + key + "'"), e.getMessage());
            }
            StateWrite intact = chain.get(0).writes().get(0);
            assertArrayEquals(intact.value(), store.state(intact.key()).orElseThrow(), "the other entries are untouched");
        }
    }

    @Test
    void aStoreOfTheFormerFormatIsRefusedWithWhatToDo() throws Exception {
        Path dir = tmp.resolve("s");
        try (RocksLedgerStore store = RocksLedgerStore.open(dir);
                WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.put(store.database().meta(), "format".getBytes(StandardCharsets.US_ASCII),
                    "ledger-gossip-store/1".getBytes(StandardCharsets.US_ASCII));
            store.database().write(sync, batch);
        }
        StoreException e = assertThrows(StoreException.class, () -> RocksLedgerStore.open(dir));
        assertTrue(e.getMessage().contains("format 'ledger-gossip-store/1'") && e.getMessage().contains("reads 'ledger-gossip-store/2'"),
                e.getMessage());
    }

    @Test
    void theSearchForAValueIsBoundedOnACraftedBlock() {
        // 64 KiB of zeros: every position starts a near match of a value of zeros ending in 1
        byte[] block = new byte[64 * 1024];
        byte[] nearMiss = new byte[2048];
        nearMiss[nearMiss.length - 1] = 1;
        byte[] present = new byte[2048]; // zeros: in the block
        ValueLocator locator = new ValueLocator(block);
        assertEquals(-1, locator.find(nearMiss), "not in the block");
        assertEquals(-1, locator.find(present), "the budget (8 x block length) is spent: kept inline from now on");

        ValueLocator fresh = new ValueLocator(block);
        assertEquals(0, fresh.find(present), "with budget left it is found");
        assertEquals(2048, fresh.find(present), "the next one is looked for after the previous");
    }

    private static void damage(RocksLedgerStore store, String key, byte[] entry) throws Exception {
        try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.put(store.database().state(), key.getBytes(StandardCharsets.UTF_8), entry);
            store.database().write(sync, batch);
        }
    }

    private static byte[] key(StateWrite w) {
        return w.key().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
