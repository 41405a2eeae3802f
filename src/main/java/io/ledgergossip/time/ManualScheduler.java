package io.ledgergossip.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Virtual time for tests and the simulator: nothing runs until the test advances the clock, and
 * then every task that falls due runs in time order (ties in submission order), on the caller's
 * thread. Many nodes may share one instance, which makes a whole network deterministic.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class ManualScheduler implements Scheduler, Clock {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    public ManualScheduler() {
        this(0);
    }

    public ManualScheduler(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public Clock clock() {
        return this;
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        enqueue(now, task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return enqueue(now + Math.max(0, delay.toMillis()), task);
    }

    private Task enqueue(long at, Runnable runnable) {
        Task task = new Task(at, sequence++, runnable);
        queue.add(task);
        return task;
    }

    /** Runs every task due up to now + {@code duration}, moving the clock along; returns tasks run. */
    public int advance(Duration duration) {
        return runUntil(now + duration.toMillis());
    }

    /** Runs the tasks due now (including ones they submit for now). */
    public int runDue() {
        return runUntil(now);
    }

    /** Runs every task due up to {@code deadline}, then sets the clock to it. */
    public int runUntil(long deadline) {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().at <= deadline) {
            Task task = queue.poll();
            now = Math.max(now, task.at);
            if (!task.cancelled) {
                task.runnable.run();
                ran++;
            }
        }
        now = Math.max(now, deadline);
        return ran;
    }

    /** Tasks waiting that were not cancelled: a stopped node leaves none behind. */
    public int live() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    /** Tasks waiting (cancelled ones included until their time comes). */
    public int pending() {
        return queue.size();
    }

    private static final class Task implements Cancellable, Comparable<Task> {
        final long at;
        final long seq;
        final Runnable runnable;
        boolean cancelled;

        Task(long at, long seq, Runnable runnable) {
            this.at = at;
            this.seq = seq;
            this.runnable = runnable;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
