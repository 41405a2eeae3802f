package io.ledgergossip.membership;

import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.wire.proto.LedgerGossip.PeerMetadata;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/**
 * What a peer knows of another peer, as of its freshest alive message.
 *
 * @param lastHeardMillis local time at which a fresher alive message of this peer last arrived
 * @param aliveEnvelope that alive message, signed by the member, as it can be passed on
 */
public record Member(PeerIdentity identity, String endpoint, PeerMetadata metadata, long incNum, long seqNum,
        boolean alive, long lastHeardMillis, Envelope aliveEnvelope) {

    public PkiId pkiId() {
        return identity.pkiId();
    }

    public String mspId() {
        return identity.mspId();
    }

    /**
     * False for a Fabric peer: it has none of the project's extensions (no parent, no children,
     * no routed delivery), and is spoken to only as Fabric speaks.
     */
    public boolean isLedgerGossip() {
        return metadata.getLedgerGossip();
    }

    public boolean isSuperNode() {
        return metadata.getSuperNode();
    }

    /** Fabric's PeerTime order: incarnation first, then sequence. */
    public boolean isOlderThan(long otherInc, long otherSeq) {
        return incNum < otherInc || (incNum == otherInc && seqNum < otherSeq);
    }

    Member withAlive(boolean nowAlive) {
        return new Member(identity, endpoint, metadata, incNum, seqNum, nowAlive, lastHeardMillis, aliveEnvelope);
    }

    @Override
    public String toString() {
        return identity + "@" + endpoint + (alive ? "" : " (dead)");
    }
}
