package io.ledgergossip.wire;

/** Signs the payload bytes of an envelope (a node's identity, in practice). */
@FunctionalInterface
public interface MessageSigner {
    byte[] sign(byte[] payload);
}
