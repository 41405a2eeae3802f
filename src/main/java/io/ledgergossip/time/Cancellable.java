package io.ledgergossip.time;

/** A scheduled task that may still be called off. */
@FunctionalInterface
public interface Cancellable {
    /** Calls the task off; does nothing if it already ran. */
    void cancel();
}
