package io.ledgergossip.dissemination;

import io.ledgergossip.identity.PkiId;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.LedgerStore;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Where blocks arrive, from any source: each is verified, held in a bounded buffer while blocks
 * before it are missing, and committed to the store strictly in order, each exactly once.
 * Runs on the node's scheduler thread.
 */
public final class BlockIntake {
    /** What became of an offered block. */
    public enum Outcome { COMMITTED_OR_BUFFERED, DUPLICATE, OUT_OF_WINDOW, INVALID }

    /** The result; when INVALID, the reason and the peer that sent the bad block. */
    public record Result(Outcome outcome, String reason, PkiId blame) {
        static final Result OK = new Result(Outcome.COMMITTED_OR_BUFFERED, "", null);
    }

    private record Held(Block block, PkiId from) {}

    private final LedgerStore store;
    private final BlockVerifier verifier;
    private final BlockValidation validation;
    private final int bufferSize;
    private final TreeMap<Long, Held> buffer = new TreeMap<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

    /** Called after each commit, in block order. */
    @FunctionalInterface
    public interface CommitListener {
        void onBlockCommitted(Block block);
    }

    public BlockIntake(LedgerStore store, BlockVerifier verifier, BlockValidation validation, int bufferSize) {
        this.store = store;
        this.verifier = verifier;
        this.validation = validation;
        this.bufferSize = bufferSize;
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    public long height() {
        return store.height();
    }

    public boolean has(long number) {
        return number < store.height() || buffer.containsKey(number);
    }

    /** Whether a block with this number would be taken now (not held, and inside the buffer window). */
    public boolean wants(long number) {
        return !has(number) && number < store.height() + bufferSize;
    }

    public Optional<Block> block(long number) {
        Held buffered = buffer.get(number);
        return buffered != null ? Optional.of(buffered.block()) : store.block(number);
    }

    public Result offer(Block block, PkiId from) {
        long number = block.getHeader().getNumber();
        if (has(number)) {
            return new Result(Outcome.DUPLICATE, "", null);
        }
        if (number >= store.height() + bufferSize) {
            return new Result(Outcome.OUT_OF_WINDOW, "", null);
        }
        try {
            verifier.verify(block);
        } catch (BlockVerificationException e) {
            return new Result(Outcome.INVALID, e.getMessage(), from);
        }
        buffer.put(number, new Held(block, from));
        return commitReady();
    }

    /** Commits the buffered run that starts at the height; a block that does not extend the chain is dropped. */
    private Result commitReady() {
        while (!buffer.isEmpty() && buffer.firstKey() == store.height()) {
            Held next = buffer.pollFirstEntry().getValue();
            CommitPlan plan = validation.plan(next.block(), store);
            try {
                store.append(plan.block(), plan.writes());
            } catch (BlockRejectedException e) {
                // signed by the orderer yet not our chain's next block: forged, or from another chain;
                // whatever else that peer sent is suspect too
                buffer.values().removeIf(held -> held.from().equals(next.from()));
                return new Result(Outcome.INVALID, e.getMessage(), next.from());
            }
            listeners.forEach(l -> l.onBlockCommitted(plan.block()));
        }
        return Result.OK;
    }

    /** Numbers of the most recent blocks held, for pull digests. */
    public List<Long> recent(int count) {
        long top = buffer.isEmpty() ? store.height() : Math.max(store.height(), buffer.lastKey() + 1);
        long from = Math.max(0, top - count);
        return LongStream.range(from, top).filter(this::has).boxed().toList();
    }
}
