package io.ledgergossip.recovery;

import io.ledgergossip.ledger.ChannelConfig;
import io.ledgergossip.ledger.ContentCheckedBlock;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Runs the checks a block needs no other block for (data hash, transactions, orderer signature:
 * most of a repair's CPU) on a few threads, ahead of the in-order stage that checks each block's
 * place in the chain and writes it. At most {@link #MAX_AHEAD} blocks wait for that stage; a
 * config block is checked alone, after every block before it was taken, since the ordering orgs
 * it names are the ones the blocks after it must be signed by.
 */
final class ParallelChecks implements AutoCloseable {
    static final int MAX_AHEAD = 64;

    /** The in-order stage: a block whose content was checked, handed over in chain order. */
    interface Taker {
        void take(ContentCheckedBlock block, String source) throws RepairException;
    }

    private record Pending(String source, Future<ContentCheckedBlock> check) {}

    private final ChainExtension chain;
    private final Taker taker;
    private final ExecutorService pool;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    ParallelChecks(ChainExtension chain, Taker taker, int threads) {
        this.chain = chain;
        this.taker = taker;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "recover-checks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the next block of the chain: checked here or on the pool, handed to the taker in order. */
    void accept(Block block, String source) throws RepairException, InterruptedException {
        if (ChannelConfig.isConfigBlock(block)) {
            drain();
            ContentCheckedBlock checked = chain.checkContent(block, source);
            chain.takePlace(checked, source);
            taker.take(checked, source);
            return;
        }
        pending.add(new Pending(source, pool.submit(() -> chain.checkContent(block, source))));
        while (pending.size() > MAX_AHEAD || (!pending.isEmpty() && pending.peek().check().isDone())) {
            takeHead();
        }
    }

    /** Hands over every block still being checked, in order. */
    void drain() throws RepairException, InterruptedException {
        while (!pending.isEmpty()) {
            takeHead();
        }
    }

    private void takeHead() throws RepairException, InterruptedException {
        Pending head = pending.poll();
        ContentCheckedBlock checked;
        try {
            checked = head.check().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RepairException refused) {
                throw refused;
            }
            throw new IllegalStateException("checking a block failed: " + e.getCause(), e.getCause());
        }
        chain.takePlace(checked, head.source());
        taker.take(checked, head.source());
    }

    @Override
    public void close() {
        pending.forEach(p -> p.check().cancel(true));
        pending.clear();
        pool.shutdownNow();
    }
}
