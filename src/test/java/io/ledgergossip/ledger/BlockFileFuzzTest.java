package io.ledgergossip.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import io.ledgergossip.testing.Fuzz;
import io.ledgergossip.testing.SharedFixtures;
import io.ledgergossip.testing.TestChains;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of what a peer reads from files: Fabric block files (the real one Fabric wrote, and ours)
 * through the block-file reader and the chain checks that {@code verify} and {@code replay} run on
 * what it reads. Every input ends in blocks or a {@link LedgerFormatException}.
 */
class BlockFileFuzzTest {
    private static final int LIMIT = 1 << 20;

    @Test
    void blockFilesReadOrFailWithLedgerFormatException() throws Exception {
        byte[] fabric = Files.readAllBytes(SharedFixtures.fabricSampleProd().resolve("blockfile_000000"));
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        CodedOutputStream records = CodedOutputStream.newInstance(ours);
        for (var b : TestChains.sample(3, 2, 100)) {
            byte[] block = FabricBlockSerialization.serialize(b.block());
            records.writeUInt32NoTag(block.length); // Fabric's record: varint length, then the block
            records.writeRawBytes(block);
        }
        records.flush();
        Fuzz.Tally tally = Fuzz.run(91, List.of(fabric, ours.toByteArray()), 128, List.of(LedgerFormatException.class), file -> {
            ChainVerifier chain = ChainVerifier.fromGenesis();
            try (BlockFileReader reader = BlockFileReader.of("fuzz", new ByteArrayInputStream(file), file.length, LIMIT)) {
                Optional<Block> next;
                while ((next = reader.next()).isPresent()) {
                    chain.check(next.get());
                }
            }
        });
        assertTrue(tally.accepted() > 0 && tally.rejected() > 0, tally.toString());
    }
}
