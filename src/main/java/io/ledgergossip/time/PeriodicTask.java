package io.ledgergossip.time;

import java.time.Duration;

/** A task that reschedules itself after each run, on any {@link Scheduler}. */
final class PeriodicTask implements Cancellable {
    private final Scheduler scheduler;
    private final Duration period;
    private final Runnable task;
    private volatile boolean cancelled;
    private volatile Cancellable next;

    PeriodicTask(Scheduler scheduler, Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        this.scheduler = scheduler;
        this.period = period;
        this.task = task;
    }

    void start() {
        next = scheduler.schedule(period, this::runAndReschedule);
    }

    private void runAndReschedule() {
        if (cancelled) {
            return;
        }
        try {
            task.run();
        } finally {
            if (!cancelled) {
                next = scheduler.schedule(period, this::runAndReschedule);
            }
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        Cancellable pending = next;
        if (pending != null) {
            pending.cancel();
        }
    }
}
