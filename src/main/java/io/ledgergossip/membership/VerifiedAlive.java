package io.ledgergossip.membership;

import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import io.ledgergossip.wire.proto.LedgerGossip.PeerMetadata;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.hyperledger.fabric.protos.gossip.Message.AliveMessage;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/**
 * An alive message that passed every check: its identity is a valid member of a trusted org, its
 * PKI-ID is that identity's, and the envelope is signed by that identity. Alive messages are
 * forwarded, so the connection they came over proves nothing about who wrote them.
 */
public record VerifiedAlive(PeerIdentity identity, String endpoint, PeerMetadata metadata, long incNum, long seqNum,
        Envelope envelope) {
    static final int MAX_ENDPOINT_CHARS = 256;
    static final int MAX_METADATA_BYTES = 1024;

    /** The identities this peer already holds, by PKI-ID (from handshakes and earlier alive messages). */
    public interface KnownIdentities {
        KnownIdentities NONE = id -> Optional.empty();

        Optional<PeerIdentity> get(PkiId id);
    }

    public static VerifiedAlive verify(Envelope envelope, IdentityValidator validator, KnownIdentities known)
            throws MembershipException {
        GossipMessage message;
        try {
            message = SignedGossip.open(envelope);
        } catch (WireException e) {
            throw new MembershipException(e.getMessage());
        }
        return verify(envelope, message, validator, known);
    }

    /**
     * Checks as Fabric does ({@code discoverySecurityAdapter.ValidateAliveMsg}): membership and
     * PKI-ID present; the identity, when the message carries it, valid and bound to the PKI-ID,
     * otherwise one already known (Fabric includes it only in its first 10 s); the envelope and a
     * secret envelope, if any, signed by it.
     */
    public static VerifiedAlive verify(Envelope envelope, GossipMessage message, IdentityValidator validator,
            KnownIdentities known) throws MembershipException {
        if (!message.hasAliveMsg()) {
            throw new MembershipException("not an alive message: " + message.getContentCase());
        }
        AliveMessage alive = message.getAliveMsg();
        if (!alive.hasMembership() || !alive.hasTimestamp() || alive.getMembership().getPkiId().isEmpty()) {
            throw new MembershipException("alive message without membership, PKI-ID or timestamp");
        }
        PkiId claimed = PkiId.fromBytes(alive.getMembership().getPkiId());
        PeerIdentity identity;
        if (alive.getIdentity().isEmpty()) {
            identity = known.get(claimed).orElseThrow(() -> new MembershipException(
                    "alive message of " + claimed.shortHex() + " without identity, which is not known here yet", true));
        } else {
            try {
                identity = validator.validate(alive.getIdentity());
            } catch (IdentityException e) {
                throw new MembershipException("alive message with an invalid identity: " + e.getMessage());
            }
        }
        if (!identity.pkiId().equals(claimed)) {
            throw new MembershipException("alive message whose PKI-ID is not its identity's (" + identity + ")");
        }
        try {
            validator.verifySignature(identity, envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
            if (envelope.hasSecretEnvelope()) {
                validator.verifySignature(identity, envelope.getSecretEnvelope().getPayload().toByteArray(),
                        envelope.getSecretEnvelope().getSignature().toByteArray());
            }
        } catch (IdentityException e) {
            throw new MembershipException("alive message of " + identity + " not signed by it: " + e.getMessage());
        }
        String endpoint = alive.getMembership().getEndpoint();
        if (endpoint.isEmpty()) {
            // a Fabric peer without an external endpoint: visible to its own org only, not reachable from here
            throw new MembershipException("alive message of " + identity + " without an endpoint", true);
        }
        if (endpoint.length() > MAX_ENDPOINT_CHARS) {
            throw new MembershipException("alive message of " + identity + " with a bad endpoint");
        }
        if (alive.getMembership().getMetadata().size() > MAX_METADATA_BYTES) {
            throw new MembershipException("alive message of " + identity + " with oversized metadata");
        }
        PeerMetadata metadata;
        try {
            metadata = PeerMetadata.parseFrom(alive.getMembership().getMetadata());
        } catch (InvalidProtocolBufferException e) {
            throw new MembershipException("alive message of " + identity + " with malformed metadata");
        }
        // kept, stored and passed on without the secret envelope (a Fabric peer's internal endpoint, which
        // Fabric discloses to nobody outside its org): the signature covers the payload only
        Envelope relayable = envelope.hasSecretEnvelope() ? envelope.toBuilder().clearSecretEnvelope().build() : envelope;
        return new VerifiedAlive(identity, endpoint, metadata, alive.getTimestamp().getIncNum(),
                alive.getTimestamp().getSeqNum(), relayable);
    }
}
