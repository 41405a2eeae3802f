package io.ledgergossip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.dissemination.BlockSignatures;
import io.ledgergossip.dissemination.BlockVerifier;
import io.ledgergossip.testing.TestChains;
import io.ledgergossip.testing.TestPki;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCpuTest {
    @TempDir
    Path tmp;

    @Test
    void aTimedClockCountsTheCpuBetweenItsFirstAndLastReadOnly() {
        StageCpu.TimedClock clock = new StageCpu.TimedClock();
        assertEquals(0, clock.cpuNanos(), "never read");
        spin(50);
        clock.getAsLong();
        long spun = spin(100);
        clock.getAsLong();
        spin(200); // after the last read: not counted
        assertTrue(clock.cpuNanos() > 0 && clock.cpuNanos() < spun + 150_000_000L, "cpu " + clock.cpuNanos() + ", spun " + spun);
        assertEquals(1.0, StageCpu.msPerMb(1_000_000, 1_000_000), 1e-9, "1 ms for 10^6 bytes");
    }

    @Test
    void aPeersChecksAreTimedOnSignedBlocksAndAForgedOneIsRefusedByNumber() throws Exception {
        TestPki pki = new TestPki(tmp);
        var orderer = pki.orderer(); // before the validator, which trusts the orgs made so far
        BlockVerifier verifier = new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP));
        List<Block> blocks = new ArrayList<>();
        for (var b : TestChains.sample(6, 3, 2000)) {
            blocks.add(b.block().getHeader().getNumber() == 0 ? b.block() : BlockSignatures.sign(b.block(), orderer, new byte[] {1}));
        }
        assertTrue(StageCpu.checksMsPerMb(blocks, verifier) > 0, "block 0 is left out, the others verify");

        Block forged = blocks.get(3).toBuilder().setData(blocks.get(3).getData().toBuilder()
                .setData(0, ByteString.copyFromUtf8("not what the orderer cut"))).build();
        blocks.set(3, forged);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> StageCpu.checksMsPerMb(blocks, verifier));
        assertTrue(refused.getMessage().contains("block 3"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StageCpu.checksMsPerMb(blocks.subList(0, 1), verifier), "only a genesis block");
    }

    /** Busy for about {@code millis} of wall time; returns the nanoseconds it ran. */
    private static long spin(long millis) {
        long start = System.nanoTime();
        long x = 0;
        while (System.nanoTime() - start < millis * 1_000_000L) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        return System.nanoTime() - start + (x == 42 ? 1 : 0);
    }
}
