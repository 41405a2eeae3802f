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

    /** How long a node that follows a block source may go without reaching it and stay healthy, unless told otherwise. */
    public static final java.time.Duration DEFAULT_SOURCE_TIMEOUT = java.time.Duration.ofSeconds(25);

    /**
     * @param status null when the node did not answer (stopped, or its thread is stuck)
     * @param storeOpen whether the node's store can still be written
     * @param maxBlocksBehind how far below the best height a neighbour announced the node may be
     * @param sourceTimeout how long a node that follows a block source may go without reaching it
     */
    public static Health of(NodeStatus status, boolean storeOpen, long maxBlocksBehind, java.time.Duration sourceTimeout) {
        List<FailedCheck> failed = new ArrayList<>();
        if (!storeOpen) {
            failed.add(new FailedCheck("store", "the ledger store is closed: no block can be committed"));
        }
        if (status == null) {
            failed.add(new FailedCheck("node", "the node does not answer (stopped)"));
            return new Health(failed);
        }
        // an ordinary peer's parent is a super node of its org: it must reach one peer of its org. A super node
        // must reach its org's peers when it knows of any; alone in its org, it is healthy alone.
        boolean cutOff = status.superNode() ? status.knownOwnOrg() > 0 && status.connectedOwnOrg() == 0 : status.connectedOwnOrg() == 0;
        if (cutOff) {
            failed.add(new FailedCheck("peers", "no live connection to any peer of " + status.mspId()
                    + (status.superNode() ? " (" + status.knownOwnOrg() + " known)" : " (an ordinary peer needs its parent)")));
        }
        long behind = status.bestKnownHeight() - status.height();
        if (behind > maxBlocksBehind) {
            failed.add(new FailedCheck("ledger", "height " + status.height() + " is " + behind
                    + " blocks behind the best known height " + status.bestKnownHeight()));
        }
        long silent = status.blockSourceSilentMillis();
        if (silent > sourceTimeout.toMillis()) {
            failed.add(new FailedCheck("blockSource", "the block source has not been reachable for " + silent / 1000 + " s (limit "
                    + sourceTimeout.toSeconds() + " s)"));
        }
        return new Health(failed);
    }
}
