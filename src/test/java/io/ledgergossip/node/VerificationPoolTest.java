package io.ledgergossip.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VerificationPoolTest {
    /** As many batches checked side by side as the machine has cores (the JVM's common pool has one fewer). */
    @Test
    void checksAsManyBatchesAtOnceAsThereAreCores() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        CyclicBarrier allRunning = new CyclicBarrier(cores);
        CompletableFuture<?>[] batches = new CompletableFuture<?>[cores];
        for (int i = 0; i < cores; i++) {
            batches[i] = CompletableFuture.runAsync(() -> {
                try {
                    allRunning.await(10, TimeUnit.SECONDS); // met only when every task runs at the same time
                } catch (Exception e) {
                    throw new IllegalStateException("the batches did not run side by side", e);
                }
                assertTrue(Thread.currentThread().getName().startsWith("block-verify-"));
                assertTrue(Thread.currentThread().isDaemon(), "the pool never keeps a JVM from exiting");
            }, VerificationPool.shared());
        }
        CompletableFuture.allOf(batches).get(20, TimeUnit.SECONDS);
        assertEquals(0, allRunning.getNumberWaiting());
    }
}
