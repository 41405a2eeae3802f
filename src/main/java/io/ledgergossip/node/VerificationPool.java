package io.ledgergossip.node;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The threads that check state-transfer batches (orderer signatures, data hashes, transaction
 * well-formedness) for every peer of this JVM: as many as the machine has cores.
 *
 * <p>Not the JVM's common pool: that one has one thread fewer than the cores, which on a 2-core
 * machine is one thread, and a 32 KB catch-up there kept that one thread busy with ECDSA
 * verifications while the other core had time to spare. The checks of one batch run on one
 * thread, in order; batches from different peers run side by side. What waits here is bounded by
 * the protocol: each peer has at most {@code state.parallelRequests} batches in flight.
 */
public final class VerificationPool {
    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
        var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("block-verify-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }, null, true);

    private VerificationPool() {}

    /** The pool every peer of this JVM verifies on unless told otherwise. */
    public static Executor shared() {
        return POOL;
    }
}
