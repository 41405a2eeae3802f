package io.ledgergossip.time;

import java.time.Duration;

/**
 * Runs a node's protocol tasks, one at a time, so that protocol state needs no locks. Tasks
 * submitted from other threads (network I/O) are queued behind the running one.
 */
public interface Scheduler {
    Clock clock();

    /** Whether the calling thread is the node's thread (a virtual-time scheduler runs on its caller's). */
    default boolean isOwnThread() {
        return true;
    }

    /** False once the scheduler was closed: tasks handed to it then never run. */
    default boolean isRunning() {
        return true;
    }

    /** Runs the task as soon as the node's thread is free. */
    void execute(Runnable task);

    /** Runs the task once, {@code delay} from now. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs the task every {@code period}, the first time {@code period} from now. */
    default Cancellable scheduleEvery(Duration period, Runnable task) {
        PeriodicTask periodic = new PeriodicTask(this, period, task);
        periodic.start();
        return periodic;
    }
}
