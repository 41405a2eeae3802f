package io.ledgergossip.transport;

import com.google.protobuf.ByteString;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import java.util.Arrays;
import org.hyperledger.fabric.protos.gossip.Message.ConnEstablish;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/**
 * Fabric's gossip connection handshake, as pure functions shared by every transport: what a
 * side sends first, and the checks it applies to what it receives.
 */
public final class Handshake {
    private Handshake() {}

    /** A signed {@code ConnEstablish{pki_id, identity, tls_cert_hash}} with Fabric's EMPTY tag. */
    public static Envelope connEstablish(LocalIdentity self, byte[] tlsCertHash) {
        GossipMessage message = GossipMessage.newBuilder()
                .setTag(GossipMessage.Tag.EMPTY)
                .setConn(ConnEstablish.newBuilder()
                        .setPkiId(self.pkiId().toByteString())
                        .setIdentity(self.serialized())
                        .setTlsCertHash(ByteString.copyFrom(tlsCertHash)))
                .build();
        return SignedGossip.sign(message, self::sign);
    }

    /**
     * Checks a received ConnEstablish in Fabric's order: identity valid, PKI-ID = hash of that
     * identity, signature by that identity over the payload (low-S), TLS certificate hash equal to
     * the hash of the certificate seen on this connection.
     *
     * @param observedTlsCertHash SHA-256 of the DER of the certificate the peer presented in TLS
     * @param expected the peer we dialed, when we know whom we meant to reach; null otherwise
     */
    public static PeerIdentity verify(Envelope envelope, byte[] observedTlsCertHash, PkiId expected,
            IdentityValidator validator) throws HandshakeException {
        GossipMessage message;
        try {
            message = SignedGossip.open(envelope);
        } catch (WireException e) {
            throw new HandshakeException(RejectReason.MALFORMED_MESSAGE, e.getMessage());
        }
        if (!message.hasConn()) {
            throw new HandshakeException(RejectReason.NOT_CONN_ESTABLISH, "first message is " + message.getContentCase());
        }
        ConnEstablish conn = message.getConn();
        PeerIdentity identity;
        try {
            identity = validator.validate(conn.getIdentity());
        } catch (IdentityException e) {
            throw new HandshakeException(RejectReason.INVALID_IDENTITY, e.getMessage());
        }
        if (!identity.pkiId().equals(PkiId.fromBytes(conn.getPkiId()))) {
            throw new HandshakeException(RejectReason.PKI_ID_MISMATCH, "PKI-ID does not match identity " + identity);
        }
        try {
            validator.verifySignature(identity, envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
        } catch (IdentityException e) {
            throw new HandshakeException(RejectReason.BAD_SIGNATURE, e.getMessage() + " (claimed " + identity + ")");
        }
        if (!Arrays.equals(conn.getTlsCertHash().toByteArray(), observedTlsCertHash)) {
            throw new HandshakeException(RejectReason.TLS_CERT_HASH_MISMATCH,
                    identity + " sent the hash of another TLS certificate than the one it presented");
        }
        if (expected != null && !expected.equals(identity.pkiId())) {
            throw new HandshakeException(RejectReason.UNEXPECTED_PEER, "dialed " + expected.shortHex() + " but reached " + identity);
        }
        return identity;
    }
}
