package io.ledgergossip.ops;

import io.ledgergossip.node.NodeStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's health as Fabric's {@code /healthz} reports it: OK, or the checks that failed, each
 * naming its component and the reason.
 */
public record Health(List<FailedCheck> failedChecks) {
    /** One failed check, Fabric's {@code {"component": ..., "reason": ...}}. */
    public record FailedCheck(String component, String reason) {}

    public Health {
        failedChecks = List.copyOf(failedChecks);
    }

    public boolean healthy() {
        return failedChecks.isEmpty();
    }

    /**
     * @param status null when the node did not answer (stopped, or its thread is stuck)
     * @param storeOpen whether the node's store can still be written
     * @param maxBlocksBehind how far below the best height a neighbour announced the node may be
     */
    public static Health of(NodeStatus status, boolean storeOpen, long maxBlocksBehind) {
        List<FailedCheck> failed = new ArrayList<>();
        if (!storeOpen) {
            failed.add(new FailedCheck("store", "the ledger store is closed: no block can be committed"));
        }
        if (status == null) {
            failed.add(new FailedCheck("node", "the node does not answer (stopped)"));
            return new Health(failed);
        }
        // a peer alone in its org must at least reach some peer; one with org peers must reach one of them
        if (status.connectedOwnOrg() == 0 && (status.knownOwnOrg() > 0 || status.connectedPeers() == 0)) {
            failed.add(new FailedCheck("peers", "no live connection to any peer of " + status.mspId()));
        }
        long behind = status.bestKnownHeight() - status.height();
        if (behind > maxBlocksBehind) {
            failed.add(new FailedCheck("ledger", "height " + status.height() + " is " + behind
                    + " blocks behind the best known height " + status.bestKnownHeight()));
        }
        return new Health(failed);
    }
}
