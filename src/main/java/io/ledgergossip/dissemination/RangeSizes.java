package io.ledgergossip.dissemination;

/**
 * How much state transfer asks for at a time, by the size of the blocks received so far: ranges
 * sized in bytes, and how many answers one peer may owe at once. Not thread-safe: the node's
 * thread only.
 */
final class RangeSizes {
    private final int frameBytes;
    private final int maxResponseBytes;
    private final int batchSize;
    private final int parallelRequests;
    /** Smoothed size of the blocks received (bytes), or 0 before the first. */
    private double blockBytes;

    /**
     * @param frameBytes the transport's frame limit; an answer carries blocks up to half of it
     * @param batchSize state.batchSize
     * @param parallelRequests state.parallelRequests
     */
    RangeSizes(int frameBytes, int batchSize, int parallelRequests) {
        this.frameBytes = frameBytes;
        this.maxResponseBytes = frameBytes / 2;
        this.batchSize = batchSize;
        this.parallelRequests = parallelRequests;
    }

    /** Bytes of blocks one answer carries (a larger block goes alone). */
    int maxResponseBytes() {
        return maxResponseBytes;
    }

    void received(int blockSize) {
        blockBytes = blockBytes <= 0 ? blockSize : 0.8 * blockBytes + 0.2 * blockSize;
    }

    /**
     * Blocks to ask for in one range: as many as one answer carries, by the size of the blocks
     * received so far; of a Fabric peer at most state.batchSize, of ours at most a share of the
     * re-ordering {@code window} (window / state.parallelRequests, at least state.batchSize, at most
     * {@code maxRange}), so that the parallel ranges fit in it (the intake drops what lies beyond);
     * state.batchSize before the first answer. A range of large blocks is not answered a few blocks
     * at a time and asked again from its start.
     */
    long rangeLength(boolean ofFabricPeer, long window, long maxRange) {
        if (blockBytes <= 0) {
            return batchSize;
        }
        long fits = Math.max(1, (long) (maxResponseBytes / blockBytes));
        long share = Math.max(batchSize, window / parallelRequests);
        return Math.min(ofFabricPeer ? batchSize : Math.min(maxRange, share), fits);
    }

    /** What the answer to blocks {@code start..end} should weigh: the blocks one answer carries, by the size seen so far. */
    long answerBytes(long start, long end) {
        return (long) Math.min((end - start + 1) * blockBytes, Math.max(maxResponseBytes, blockBytes));
    }

    /**
     * Whether a peer that owes answers of {@code owedBytes} (and at least one) may be asked for one
     * more of {@code bytes}: only while they come to at most a frame. A peer queues its answers in a
     * send buffer bounded in bytes and drops what does not fit (ours holds two frames); four ranges
     * of 15 MB blocks asked of one peer at once lost two answers, and each cost a response timeout.
     * Before the first answer the block size is unknown, and a peer is asked for one range at a time.
     */
    boolean roomFor(long owedBytes, long bytes) {
        return blockBytes > 0 && owedBytes + bytes <= frameBytes;
    }
}
