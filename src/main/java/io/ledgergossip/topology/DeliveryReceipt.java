package io.ledgergossip.topology;

/**
 * The definite answer to a routed send.
 *
 * @param failedHop for FAILED, the hop that failed ("from -> to", or the peer that found no way on)
 * @param reason for FAILED: timeout, unknown target, target dead, no route
 * @param hops for DELIVERED, how many hops the message travelled
 */
public record DeliveryReceipt(Status status, String failedHop, String reason, int hops, long elapsedMillis) {
    public enum Status { DELIVERED, FAILED }

    public boolean delivered() {
        return status == Status.DELIVERED;
    }
}
