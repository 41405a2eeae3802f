package io.ledgergossip.testing;

import io.ledgergossip.fixture.EphemeralSigner;
import io.ledgergossip.fixture.SampleLedger;
import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.ledger.BlockFileReader;
import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.ledger.LedgerFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/** Chains of blocks for tests: made by the sample ledger, or read from and written to block files. */
public final class TestChains {
    private TestChains() {}

    public static List<BlockWithWrites> sample(int blocks, int txPerBlock, int valueBytes) {
        SampleLedger ledger = new SampleLedger("testchannel", 7, txPerBlock, valueBytes, 50, new EphemeralSigner("Org1MSP"));
        List<BlockWithWrites> chain = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            chain.add(ledger.next());
        }
        return chain;
    }

    public static List<Block> readAll(Path blockFile) throws IOException, LedgerFormatException {
        List<Block> blocks = new ArrayList<>();
        try (BlockFileReader reader = BlockFileReader.open(blockFile)) {
            Optional<Block> next;
            while ((next = reader.next()).isPresent()) {
                blocks.add(next.get());
            }
        }
        return blocks;
    }

    public static void writeAll(Path channelDir, List<Block> blocks) throws IOException {
        try (BlockFileWriter writer = BlockFileWriter.create(channelDir)) {
            for (Block block : blocks) {
                writer.append(block);
            }
        }
    }
}
