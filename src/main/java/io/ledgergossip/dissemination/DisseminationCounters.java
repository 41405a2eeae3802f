package io.ledgergossip.dissemination;

import java.util.HashMap;
import java.util.Map;

/** What dissemination counts at one peer (read from other threads only when the run is settled). */
public final class DisseminationCounters {
    long bodiesReceived;
    long duplicateBodies;
    long blocksByPush;
    long blocksByPull;
    long blocksByStateTransfer;
    long invalidBlocks;
    long stateRequestsSent;
    /** RemoteStateRequests not answered within state.responseTimeout (each asked again of another peer, or given up). */
    long stateRequestsTimedOut;
    /** Second announcements of block numbers, to neighbours not known to hold them a few round trips after the first. */
    long secondAnnouncements;
    /** RemoteStateRequests not answered: a range Fabric would refuse (start > end, or more than state.batchSize + 1 blocks). */
    long stateRequestsRefused;
    final Map<String, Long> stateBlocksServedBy = new HashMap<>();

    /** Block bodies that arrived, by any of the three ways, wanted or not. */
    public long bodiesReceived() {
        return bodiesReceived;
    }

    /** Bodies of blocks this peer already held. */
    public long duplicateBodies() {
        return duplicateBodies;
    }

    public long secondAnnouncements() {
        return secondAnnouncements;
    }

    public long blocksByPush() {
        return blocksByPush;
    }

    public long blocksByPull() {
        return blocksByPull;
    }

    public long blocksByStateTransfer() {
        return blocksByStateTransfer;
    }

    public long invalidBlocks() {
        return invalidBlocks;
    }

    public long stateRequestsRefused() {
        return stateRequestsRefused;
    }

    public long stateRequestsSent() {
        return stateRequestsSent;
    }

    public long stateRequestsTimedOut() {
        return stateRequestsTimedOut;
    }

    /** How many state-transfer blocks each peer (by short PKI-ID) served to this one. */
    public Map<String, Long> stateBlocksServedBy() {
        return Map.copyOf(stateBlocksServedBy);
    }

}
