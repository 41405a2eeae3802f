package io.ledgergossip.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/**
 * Fabric's signed gossip message: the {@code GossipMessage} is serialized into the envelope's
 * payload and the signature covers exactly those payload bytes.
 */
public final class SignedGossip {
    private SignedGossip() {}

    public static Envelope sign(GossipMessage message, MessageSigner signer) {
        byte[] payload = message.toByteArray();
        return Envelope.newBuilder()
                .setPayload(ByteString.copyFrom(payload))
                .setSignature(ByteString.copyFrom(signer.sign(payload)))
                .build();
    }

    /** An envelope without a signature, for messages that ride on an authenticated connection only. */
    public static Envelope unsigned(GossipMessage message) {
        return Envelope.newBuilder().setPayload(AliasedSerialization.of(message)).build(); // a block in it is not copied
    }

    /** One of the project's own messages, unsigned: it rides on an authenticated connection. */
    public static Envelope unsigned(ExtensionMessage message) {
        return Envelope.newBuilder().setPayload(message.toByteString()).build();
    }

    /** The same with a nonce, so that two equal messages never have equal bytes (Fabric's GossipMessage.nonce). */
    public static Envelope unsigned(ExtensionMessage message, long nonce) {
        return unsigned(message.toBuilder().setNonce(nonce).build());
    }

    /**
     * The message inside an envelope: a Fabric {@code GossipMessage} when its content is one Fabric
     * knows, otherwise one of the project's {@code ExtensionMessage}s.
     */
    public static WireMessage read(Envelope envelope) throws WireException {
        GossipMessage message;
        try {
            message = AliasedParse.parse(GossipMessage.parser(), envelope.getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw new WireException("envelope payload is not a gossip message: " + e.getMessage());
        }
        if (message.getContentCase() != GossipMessage.ContentCase.CONTENT_NOT_SET) {
            return new WireMessage(message, null);
        }
        ExtensionMessage extension;
        try {
            extension = ExtensionMessage.parseFrom(envelope.getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw new WireException("envelope payload is not a gossip message: " + e.getMessage());
        }
        if (extension.getContentCase() == ExtensionMessage.ContentCase.CONTENT_NOT_SET) {
            throw new WireException("gossip message of an unknown or empty kind");
        }
        return new WireMessage(null, extension);
    }

    /** Parses a frame's bytes into an envelope. */
    public static Envelope envelope(byte[] frame) throws WireException {
        try {
            Envelope envelope = Envelope.parseFrom(frame);
            if (envelope.getPayload().isEmpty()) {
                throw new WireException("envelope without payload");
            }
            return envelope;
        } catch (InvalidProtocolBufferException e) {
            throw new WireException("not a gossip envelope: " + e.getMessage());
        }
    }

    /** The Fabric gossip message inside an envelope; one of the project's own messages is refused here. */
    public static GossipMessage open(Envelope envelope) throws WireException {
        WireMessage message = read(envelope);
        if (message.isExtension()) {
            throw new WireException("expected a Fabric gossip message, got " + message.extension().getContentCase());
        }
        return message.gossip();
    }
}
