package io.ledgergossip.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.testing.TestChains;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link LedgerStore} promises, run over each implementation by a small subclass: blocks
 * and state read back as appended, a block that does not extend the chain is refused and changes
 * nothing, a run is taken whole or not at all, a deferred append completes at the new height, and
 * a closed store answers with its own exception.
 */
public abstract class LedgerStoreContractTest {
    @TempDir
    protected Path tmp;

    protected final List<BlockWithWrites> chain = TestChains.sample(12, 3, 64);

    /** An empty store of the implementation under test. */
    protected abstract LedgerStore create(Path dir) throws Exception;

    @Test
    void blocksAndStateReadBackAsAppended() throws Exception {
        try (LedgerStore store = create(tmp.resolve("s"))) {
            byte[] stateHash = RunningStateHash.INITIAL;
            for (BlockWithWrites b : chain) {
                store.append(b.block(), b.writes());
                stateHash = RunningStateHash.next(stateHash, b.block().getHeader().getNumber(), b.writes());
            }
            assertEquals(12, store.height());
            assertEquals(chain.get(7).block(), store.block(7).orElseThrow());
            assertTrue(store.block(12).isEmpty() && store.block(-1).isEmpty());
            try (Stream<Block> range = store.blocks(3, 6)) {
                assertEquals(chain.subList(3, 6).stream().map(BlockWithWrites::block).toList(), range.toList());
            }
            assertArrayEquals(BlockHashing.headerHash(chain.get(11).block().getHeader()), store.lastHeaderHash());
            assertArrayEquals(stateHash, store.stateHash());
            StateWrite last = chain.get(11).writes().get(0);
            assertArrayEquals(last.value(), store.state(last.key()).orElseThrow());
        }
    }

    @Test
    void aBlockThatDoesNotExtendTheChainIsRefusedAndChangesNothing() throws Exception {
        try (LedgerStore store = create(tmp.resolve("s"))) {
            store.append(chain.get(0).block(), chain.get(0).writes());
            byte[] head = store.lastHeaderHash();
            Block skipping = chain.get(2).block();
            Block otherParent = chain.get(1).block().toBuilder().setHeader(chain.get(1).block().getHeader().toBuilder()
                    .setPreviousHash(ByteString.copyFrom(new byte[32]))).build();
            Block otherData = chain.get(1).block().toBuilder().setHeader(chain.get(1).block().getHeader().toBuilder()
                    .setDataHash(ByteString.copyFrom(new byte[32]))).build();
            for (Block bad : List.of(skipping, otherParent, otherData)) {
                assertThrows(BlockRejectedException.class, () -> store.append(bad, List.of()));
                assertEquals(1, store.height());
                assertArrayEquals(head, store.lastHeaderHash());
            }
        }
    }

    @Test
    void aRunIsTakenWholeOrNotAtAll() throws Exception {
        try (LedgerStore store = create(tmp.resolve("s"))) {
            List<Block> run = List.of(chain.get(0).block(), chain.get(1).block(), chain.get(3).block());
            List<StateWrite> refusedWrite = List.of(StateWrite.put("only-in-the-refused-run", new byte[] {1}));
            assertThrows(BlockRejectedException.class, () -> store.appendAll(run, List.of(refusedWrite, List.of(), List.of())));
            assertEquals(0, store.height(), "nothing of a broken run is taken");
            store.appendAll(chain.subList(0, 4).stream().map(BlockWithWrites::block).toList(),
                    chain.subList(0, 4).stream().map(BlockWithWrites::writes).toList());
            assertEquals(4, store.height());
            assertTrue(store.state("only-in-the-refused-run").isEmpty(), "no write of the refused run came in with the next");
        }
    }

    @Test
    void aDeferredAppendCompletesAtTheNewHeight() throws Exception {
        try (LedgerStore store = create(tmp.resolve("s"))) {
            List<ContentCheckedBlock> checked = new java.util.ArrayList<>();
            for (BlockWithWrites b : chain.subList(0, 5)) {
                checked.add(ContentCheckedBlock.check(b.block()));
            }
            CompletableFuture<Long> durable = store.appendAllDeferringSync(checked,
                    chain.subList(0, 5).stream().map(BlockWithWrites::writes).toList());
            assertEquals(5L, durable.get(10, TimeUnit.SECONDS));
            assertEquals(5, store.height());
            assertEquals(5, store.writtenHeight());
        }
    }

    @Test
    void aClosedStoreAnswersWithItsOwnException() throws Exception {
        LedgerStore store = create(tmp.resolve("s"));
        store.append(chain.get(0).block(), chain.get(0).writes());
        store.close();
        assertFalse(store.isOpen());
        assertThrows(StoreException.class, () -> store.block(0));
        assertThrows(StoreException.class, () -> store.state(chain.get(0).writes().get(0).key()));
        assertThrows(StoreException.class, () -> store.append(chain.get(1).block(), chain.get(1).writes()));
    }
}
