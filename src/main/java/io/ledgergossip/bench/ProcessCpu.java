package io.ledgergossip.bench;

import java.lang.management.ManagementFactory;

/** CPU time this JVM has used, to tell a slow protocol from a saturated machine. */
final class ProcessCpu {
    private ProcessCpu() {}

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** The machine's load average over the last minute (other work competing with the bench), or -1 where unknown. */
    static double loadAverage() {
        return Stats.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }
}
