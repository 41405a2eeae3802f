package io.ledgergossip.ledger;

/**
 * Who signs transaction envelopes: the creator identity that goes into the signature header, and
 * the signature over the payload bytes. The identity layer provides the real one (an MSP
 * identity); the ledger layer only needs this much.
 */
public interface EnvelopeSigner {
    /** The serialized creator identity (Fabric's {@code SerializedIdentity} bytes). */
    byte[] creator();

    byte[] sign(byte[] message);
}
