package io.ledgergossip.store;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * A peer's ledger: blocks 0..height-1 with no gaps, and the world state they wrote.
 *
 * <p>Promise: {@link #append} is atomic. After a crash at any instant the store reopens at the
 * old height or the new one, with the block, its state writes, the height, the last header hash
 * and the state hash all from the same side of that instant.
 */
public interface LedgerStore extends StateReader, AutoCloseable {
    /**
     * Commits the block at the current height together with its state writes.
     *
     * @throws BlockRejectedException when the block is not the next one of this chain (wrong
     *     number, previous hash or data hash, malformed transactions); nothing is changed
     */
    void append(Block block, List<StateWrite> writes) throws BlockRejectedException;

    /**
     * Commits consecutive blocks, each with its state writes, as one atomic write: all of them or,
     * when one is not the next block of the chain, none. A store may make this one durable write
     * (one fsync) instead of one per block.
     *
     * @throws BlockRejectedException naming the first block that does not extend the chain
     */
    default void appendAll(List<Block> blocks, List<List<StateWrite>> writes) throws BlockRejectedException {
        for (int i = 0; i < blocks.size(); i++) {
            append(blocks.get(i), writes.get(i));
        }
    }

    /** Block {@code number} as the bytes it is stored as (its protobuf encoding), or empty when not held. */
    default Optional<byte[]> blockBytes(long number) {
        return block(number).map(Block::toByteArray);
    }

    /** Number of blocks held: the next block to append has this number. */
    long height();

    /** Block {@code number}, or empty when {@code number >= height()}. */
    Optional<Block> block(long number);

    /**
     * Blocks {@code from} (inclusive) to {@code to} (exclusive, clamped to the height), read from
     * one consistent snapshot without loading them all. Close the stream (try-with-resources).
     */
    Stream<Block> blocks(long from, long to);

    /** Header hash of the last block, empty before the first block. */
    byte[] lastHeaderHash();

    /** Running hash over every state write committed so far (see {@link RunningStateHash}). */
    byte[] stateHash();

    /** Current world-state value of a key. */
    @Override
    Optional<byte[]> state(String key);

    /** False once the store is closed: nothing can be committed any more (the health check asks). */
    boolean isOpen();

    @Override
    void close();
}
