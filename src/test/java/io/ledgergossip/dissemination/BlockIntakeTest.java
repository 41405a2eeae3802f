package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.ledger.BlockBuilder;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.testing.TestChains;
import io.ledgergossip.testing.TestPki;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
}
