package io.ledgergossip.node;

import java.util.Map;

/**
 * What a node says of itself at one moment, taken on its own thread (so the figures agree with
 * each other): for the operations endpoint, the status command and embedders.
 *
 * @param parent short PKI-ID of the super node this peer hangs below, or "" (super nodes, or not attached)
 * @param alivePeersByOrg members heard from within aliveExpirationTimeout, by MSP ID
 * @param knownOwnOrg other peers of this node's own org it knows of, alive or not
 * @param connectedOwnOrg live connections to peers of this node's own org
 * @param bestKnownHeight the highest height a neighbour has announced
 * @param commits store writes of runs of blocks (each one atomic write), and commitSeconds their total time
 * @param payloadBufferSize blocks held ahead of the height, waiting for the ones before them (Fabric's payload buffer)
 * @param blockSourceSilentMillis how long since the node last reached the orderer it follows (since it began
 *     following, when never), or -1 when it follows none
 */
public record NodeStatus(String pkiId, String mspId, boolean superNode, long height, long bestKnownHeight, String parent,
        int children, int knownPeers, Map<String, Integer> alivePeersByOrg, int knownOwnOrg, int connectedPeers, int connectedOwnOrg,
        long blocksByPush, long blocksByPull, long blocksByStateTransfer, long duplicateBodies, long invalidBlocks,
        long peersBanned, long requestsDropped, long invalidAlives, long routedDelivered, long routedFailed, long commits,
        double commitSeconds, int payloadBufferSize, long blockSourceSilentMillis) {

    public NodeStatus {
        alivePeersByOrg = Map.copyOf(alivePeersByOrg);
    }
}
