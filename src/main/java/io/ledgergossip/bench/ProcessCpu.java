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
}
