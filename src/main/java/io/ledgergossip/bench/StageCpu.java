package io.ledgergossip.bench;

import io.ledgergossip.dissemination.BlockVerificationException;
import io.ledgergossip.dissemination.BlockVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.LongSupplier;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * What the stages of a catch-up cost in CPU on this machine, measured with the raw limits on the
 * same blocks: the raw RocksDB writes, the raw TLS transfer (sender and receiver both in this JVM,
 * as the serving peers and the joiner are in the catch-up scenario) and the checks Fabric makes of
 * every block a peer takes (data hash, well-formed transactions, the orderer's signature). Each
 * raw figure has every core to itself for one stage; a catch-up runs all of them at once on the
 * same cores, so on a machine whose cores it keeps busy its CPU time per MB (set against these)
 * says more than its ratio to a raw figure.
 *
 * <p>Not an exact lower bound of a catch-up's cost: the raw store logs every write, while a
 * peer's store writes a large run once, without its log.
 *
 * @param storeMsPerMb process CPU time per MB (10^6 bytes) of the raw RocksDB writes, ms
 * @param tcpMsPerMb process CPU time per MB through the raw TLS connection, both ends, ms
 * @param checksMsPerMb CPU time per MB of verifying the same blocks as a peer verifies a block it takes, ms
 */
public record StageCpu(double storeMsPerMb, double tcpMsPerMb, double checksMsPerMb) {
    /** Process CPU time per MB: {@code cpuNanos} spent on {@code bytes}. */
    static double msPerMb(long cpuNanos, long bytes) {
        return cpuNanos / 1e6 / (bytes / 1e6);
    }

    /**
     * The wall clock a raw measurement reads at the start and at the end of what it times, noting
     * the process's CPU time at each read: {@link #cpuNanos()} is then the CPU spent in exactly the
     * timed interval (not in setting up or closing the database or connection).
     */
    static final class TimedClock implements LongSupplier {
        private long firstCpu = -1;
        private long lastCpu;

        @Override
        public long getAsLong() {
            long cpu = ProcessCpu.nanos();
            if (firstCpu < 0) {
                firstCpu = cpu;
            }
            lastCpu = cpu;
            return System.nanoTime();
        }

        /** CPU time between the first and the last read. */
        long cpuNanos() {
            return firstCpu < 0 ? 0 : lastCpu - firstCpu;
        }
    }

    /**
     * CPU time per MB this thread takes to verify {@code blocks} (number 1 and up; a genesis block
     * is trusted, not verified) after verifying up to {@link #WARMUP_BLOCKS} of them unmeasured.
     *
     * @throws IllegalStateException when one does not verify: the orderer's own blocks must
     */
    static double checksMsPerMb(List<Block> blocks, BlockVerifier verifier) {
        List<Block> signed = blocks.stream().filter(b -> b.getHeader().getNumber() > 0).toList();
        if (signed.isEmpty()) {
            throw new IllegalArgumentException("no signed block to verify");
        }
        verifyAll(signed.subList(0, Math.min(WARMUP_BLOCKS, signed.size())), verifier);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        verifyAll(signed, verifier);
        long cpu = threads.getCurrentThreadCpuTime() - before;
        return msPerMb(cpu, signed.stream().mapToLong(Block::getSerializedSize).sum());
    }

    /** Blocks verified before the measured pass, so that the JIT has compiled the verification. */
    static final int WARMUP_BLOCKS = 200;

    private static void verifyAll(List<Block> blocks, BlockVerifier verifier) {
        for (Block block : blocks) {
            try {
                verifier.verify(block);
            } catch (BlockVerificationException e) {
                throw new IllegalStateException("the orderer's own block was refused: " + e.getMessage(), e);
            }
        }
    }
}
