package io.ledgergossip.ledger;

import java.io.IOException;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/** A ledger read block after block: a Fabric channel directory, a block file, or a peer's store. */
public interface BlockSequence extends AutoCloseable {
    /** What the operator calls this ledger (the channel name, or a path). */
    String name();

    /** The number the first block must carry: 0, or the block after a bootstrapping snapshot. */
    long firstBlockNumber();

    /** The header hash the first block must point to, or null when it is not known. */
    byte[] previousHeaderHash();

    /** The next block, or empty at the end. */
    Optional<Block> next() throws IOException, LedgerFormatException;

    @Override
    void close() throws IOException;
}
