package io.ledgergossip.recovery;

import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.testing.TestChains;
import java.nio.file.Path;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The supply contract over another copy of the ledger on disk, spread over several block files. */
class LedgerCopySupplyContractTest extends BlockSupplyContract {
    @TempDir
    static Path tmp;
    static List<Block> chain;
    static Path copy;

    @BeforeAll
    static void ledger() throws Exception {
        chain = TestChains.sample(90, 4, 200).stream().map(b -> b.block()).toList();
        copy = tmp.resolve("copy/mychannel");
        try (BlockFileWriter writer = BlockFileWriter.create(copy, 20_000)) {
            for (Block block : chain) {
                writer.append(block);
            }
        }
    }

    @Override
    protected List<Block> chain() {
        return chain;
    }

    @Override
    protected BlockSupply newSupply() throws Exception {
        return new LedgerCopySupply(FabricLedgerDirectory.channelAt(copy).orElseThrow());
    }
}
