package io.ledgergossip.node;

/** Which wire a peer speaks. */
public enum Wire {
    /** Fabric's: the gossip.Gossip gRPC service over mutual TLS; Fabric peers understand it. */
    GRPC,
    /** The project's first wire: length-prefixed gossip envelopes over Netty with mutual TLS; only ledger-gossip peers. */
    NETTY
}
