package io.ledgergossip.recovery;

import java.io.IOException;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Where a repair takes the blocks a ledger lacks. Blocks come untrusted: the sink verifies each
 * one, and a block it refuses ends the stream with that refusal.
 */
public interface BlockSupply extends AutoCloseable {
    /** Receives blocks in order; throwing ends the stream. */
    interface Sink {
        /** @param source who served the block (a peer's endpoint, a ledger path) */
        void accept(Block block, String source) throws RepairException;
    }

    /** What the operator named: endpoints, or a path. */
    String describe();

    /**
     * Hands the sink block {@code from}, then {@code from + 1} and so on, for as long as some
     * source holds the next block; returns the number handed over. A block a source sent that is
     * not the block asked for (another number, undecodable) is never handed over.
     *
     * @throws RepairException when the sink refuses a block (passed through), or no source can be used at all
     */
    long stream(long from, Sink sink) throws IOException, RepairException, InterruptedException;

    /** Blocks handed over so far, by source, in the order the sources were named. */
    Map<String, Long> blocksBySource();

    /** Sources that could not be used or misbehaved, each with the reason (empty when none). */
    Map<String, String> problems();

    @Override
    void close();
}
