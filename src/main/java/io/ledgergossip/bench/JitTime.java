package io.ledgergossip.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Time the JIT compilers spend, and when a benchmark's warm-up may stop: once the compilers took
 * under {@link #QUIET_SHARE} of a warm-up round's time, the next round measures the code, not them.
 */
final class JitTime {
    /** The share of a warm-up round's time the JIT may still take for the next round to be measured. */
    static final double QUIET_SHARE = 0.05;

    private JitTime() {}

    /** Time the JIT compilers have spent so far (ms), or 0 where the JVM does not tell. */
    static long millis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Whether a round of {@code roundMs} during which the compilers took {@code jitMs} was quiet. */
    static boolean quiet(long jitMs, double roundMs) {
        return jitMs < QUIET_SHARE * roundMs;
    }
}
