package io.ledgergossip.node;

import java.util.concurrent.TimeUnit;

/** Tests of threaded nodes read a node's state as embedders do: a snapshot taken on the node's own thread. */
final class Snapshots {
    private Snapshots() {}

    static NodeStatus of(GossipNode node) {
        try {
            return node.status().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no snapshot from " + node.identity() + ": " + e, e);
        }
    }

    /** Members heard from within aliveExpirationTimeout, every org together. */
    static int alive(GossipNode node) {
        return of(node).alivePeersByOrg().values().stream().mapToInt(Integer::intValue).sum();
    }
}
