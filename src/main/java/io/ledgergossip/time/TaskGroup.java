package io.ledgergossip.time;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One service's tasks on its node's scheduler, called off together: every timer a service arms
 * (periodic rounds, per-request timeouts, re-asks, hop timers, announcements) goes through its
 * group, and {@link #cancelAll()} on stop leaves none behind, whatever the service was doing.
 * Used on the node's thread only; {@link #execute} may be called from any thread.
 */
public final class TaskGroup implements Scheduler {
    private final Scheduler scheduler;
    private final Set<Cancellable> pending = new HashSet<>();
    private volatile boolean cancelled;

    public TaskGroup(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Clock clock() {
        return scheduler.clock();
    }

    @Override
    public boolean isOwnThread() {
        return scheduler.isOwnThread();
    }

    @Override
    public boolean isRunning() {
        return scheduler.isRunning();
    }

    /** Runs the task on the node's thread, unless the group was cancelled by then. */
    @Override
    public void execute(Runnable task) {
        scheduler.execute(() -> {
            if (!cancelled) {
                task.run();
            }
        });
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (cancelled) {
            return () -> { };
        }
        Cancellable[] self = new Cancellable[1];
        self[0] = scheduler.schedule(delay, () -> {
            pending.remove(self[0]);
            if (!cancelled) {
                task.run();
            }
        });
        pending.add(self[0]);
        return () -> {
            pending.remove(self[0]);
            self[0].cancel();
        };
    }

    /** Calls off every task of the group, now and later: a cancelled group schedules nothing more. */
    public void cancelAll() {
        cancelled = true;
        Set<Cancellable> all = Set.copyOf(pending);
        pending.clear();
        all.forEach(Cancellable::cancel);
    }
}
