package io.ledgergossip.identity;

import io.ledgergossip.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The simulator's stand-in for ECDSA, like Fabric's naive crypto service in its gossip tests: a
 * "signature" is SHA-256 over a tag, the signer's PKI-ID and the message. Anyone can make one, so
 * it proves nothing; it lets the simulator run the real message paths (sign, verify, reject a
 * tampered message) for thousands of nodes at the cost of a hash, and the same seed gives the same
 * bytes. Only a validator made by {@link IdentityValidator#forSimulation} accepts it.
 */
public final class SimulatedSignatures {
    private static final byte[] TAG = "ledger-gossip simulated signature\0".getBytes(StandardCharsets.US_ASCII);

    private SimulatedSignatures() {}

    public static byte[] sign(PkiId signer, byte[] message) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(TAG);
        digest.update(signer.toBytes());
        digest.update(message);
        return digest.digest();
    }

    public static void verify(PkiId signer, byte[] message, byte[] signature) throws IdentityException {
        if (!MessageDigest.isEqual(sign(signer, message), signature)) {
            throw new IdentityException("invalid signature: not this signer's simulated signature over the message");
        }
    }
}
