package io.ledgergossip.ledger;

import java.nio.file.Path;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * How much of a channel's block files can be trusted: every block up to {@link #height()} - 1
 * reads and passes {@code verify}'s checks, and sits in the files before {@link #fileIndex()} or
 * in that file before {@link #endOffset()}. What follows (if anything) is damaged or missing.
 *
 * @param files the channel's block files, in order
 * @param fileIndex index in {@code files} of the file the prefix ends in (-1: no block is good)
 * @param endOffset bytes of that file the good blocks take
 * @param lastHeaderHash header hash of the last good block, null when there is none
 * @param problem what is wrong with the first record after the prefix, null when the files end
 *     cleanly after it
 * @param genesis block 0, null when it is not good
 * @param lastConfig the last good config block (block 0 when the channel has had no update), or
 *     null when no good block is a config block
 * @param highestReadable the highest block number any record of the files still carries, past
 *     the damage too (records after a bad one that still parse): a repair must bring the ledger
 *     at least that far, or it would drop blocks
 */
public record GoodPrefix(String channel, Path dir, List<Path> files, int fileIndex, long endOffset, long height,
        byte[] lastHeaderHash, String problem, Block genesis, Block lastConfig, long highestReadable) {
    public GoodPrefix {
        files = List.copyOf(files);
    }

    public boolean damaged() {
        return problem != null;
    }

    /** The block files wholly after the one the good prefix ends in. */
    public List<Path> filesAfter() {
        return files.subList(fileIndex + 1, files.size());
    }
}
