package io.ledgergossip.store;

import io.ledgergossip.ledger.ContentCheckedBlock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    /**
     * Like {@link #appendAll}, but returns once the run is written, before it is durable; the
     * store makes it durable in the background, together with the runs written meanwhile (one
     * sync for several), and only then counts it in {@link #height()} and serves its blocks. The
     * next run is checked against this one at once ({@link #writtenHeight()}). The future
     * completes with the new height when the run is durable, on a thread of the store, or
     * exceptionally when the store could not make it durable (the store then refuses appends and
     * is no longer {@link #isOpen() open}). A crash before then loses this run and the ones after
     * it, never one in part. World-state reads see the run as soon as it is written. The blocks'
     * content was checked by whoever made them {@link ContentCheckedBlock}s; the store checks their
     * place in the chain.
     *
     * @throws BlockRejectedException as {@link #appendAll}; nothing is written then
     */
    default CompletableFuture<Long> appendAllDeferringSync(List<ContentCheckedBlock> blocks, List<List<StateWrite>> writes)
            throws BlockRejectedException {
        appendAll(blocks.stream().map(ContentCheckedBlock::block).toList(), writes);
        return CompletableFuture.completedFuture(height());
    }

    /** Blocks written, durable or still being made durable: the next block to append has this number. */
    default long writtenHeight() {
        return height();
    }

    /** Block {@code number} as the bytes it is stored as (its protobuf encoding), or empty when not held. */
    default Optional<byte[]> blockBytes(long number) {
        return block(number).map(Block::toByteArray);
    }

    /** Number of blocks held durably (see {@link #appendAllDeferringSync} for blocks on their way). */
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
