package io.ledgergossip.membership;

import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import io.ledgergossip.wire.proto.LedgerGossip.PeerMetadata;
import com.google.protobuf.InvalidProtocolBufferException;
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

    public static VerifiedAlive verify(Envelope envelope, IdentityValidator validator) throws MembershipException {
        GossipMessage message;
        try {
            message = SignedGossip.open(envelope);
        } catch (WireException e) {
            throw new MembershipException(e.getMessage());
        }
        return verify(envelope, message, validator);
    }

    public static VerifiedAlive verify(Envelope envelope, GossipMessage message, IdentityValidator validator)
            throws MembershipException {
        if (!message.hasAliveMsg()) {
            throw new MembershipException("not an alive message: " + message.getContentCase());
        }
        AliveMessage alive = message.getAliveMsg();
        if (!alive.hasMembership() || !alive.hasTimestamp() || alive.getIdentity().isEmpty()) {
            throw new MembershipException("alive message without membership, timestamp or identity");
        }
        PeerIdentity identity;
        try {
            identity = validator.validate(alive.getIdentity());
        } catch (IdentityException e) {
            throw new MembershipException("alive message with an invalid identity: " + e.getMessage());
        }
        if (!identity.pkiId().equals(PkiId.fromBytes(alive.getMembership().getPkiId()))) {
            throw new MembershipException("alive message whose PKI-ID is not its identity's (" + identity + ")");
        }
        try {
            validator.verifySignature(identity, envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
        } catch (IdentityException e) {
            throw new MembershipException("alive message of " + identity + " not signed by it: " + e.getMessage());
        }
        String endpoint = alive.getMembership().getEndpoint();
        if (endpoint.isEmpty() || endpoint.length() > MAX_ENDPOINT_CHARS) {
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
        return new VerifiedAlive(identity, endpoint, metadata, alive.getTimestamp().getIncNum(),
                alive.getTimestamp().getSeqNum(), envelope);
    }
}
