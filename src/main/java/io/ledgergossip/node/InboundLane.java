package io.ledgergossip.node;

import io.ledgergossip.transport.ReceivedMessage;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/**
 * The class of an inbound message: which queue of the inbox it waits in (the control plane ahead
 * of requests ahead of block bodies) and which per-sender rate it counts against.
 */
public enum InboundLane {
    /** Alive messages, membership requests and responses, StateInfo, attaching: what keeps peers alive and attached. */
    CONTROL,
    /** Pull and state-transfer requests (Hello, digests, DataRequest, RemoteStateRequest, StateInfo pulls). */
    REQUEST,
    /** Routed messages. */
    ROUTED,
    /** Hop acknowledgements of routed messages: two per message sent (ACCEPTED, then the outcome). */
    ACK,
    /** Block bodies: DataMessage, DataUpdate, RemoteStateResponse. */
    BODY;

    static InboundLane of(ReceivedMessage message) {
        GossipMessage gossip = message.message();
        if (gossip == null) {
            return switch (message.extension().getContentCase()) {
                case ROUTED -> ROUTED;
                case HOP_ACK -> ACK;
                default -> CONTROL;
            };
        }
        return switch (gossip.getContentCase()) {
            case HELLO, DATA_DIG, DATA_REQ, STATE_REQUEST, STATE_INFO_PULL_REQ -> REQUEST;
            case DATA_MSG, DATA_UPDATE, STATE_RESPONSE -> BODY;
            default -> CONTROL;
        };
    }

    /** The queue it waits in: requests and routed messages share one, behind the control plane, ahead of bodies. */
    int queue() {
        return switch (this) {
            case CONTROL -> 0;
            case REQUEST, ROUTED, ACK -> 1;
            case BODY -> 2;
        };
    }
}
