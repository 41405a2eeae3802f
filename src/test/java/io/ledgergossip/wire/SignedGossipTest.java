package io.ledgergossip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.wire.proto.LedgerGossip.AttachRequest;
import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.hyperledger.fabric.protos.gossip.Message.Empty;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipHello;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.junit.jupiter.api.Test;

class SignedGossipTest {
    @Test
    void fabricMessagesAndTheProjectsOwnAreToldApart() throws Exception {
        Envelope fabric = SignedGossip.sign(GossipMessage.newBuilder().setHello(GossipHello.newBuilder().setNonce(3)).build(),
                payload -> new byte[] {1});
        Envelope own = SignedGossip.unsigned(ExtensionMessage.newBuilder().setAttachRequest(AttachRequest.getDefaultInstance()).build());

        assertEquals(3, SignedGossip.read(fabric).gossip().getHello().getNonce());
        assertTrue(SignedGossip.read(own).isExtension());
        assertEquals(GossipMessage.ContentCase.HELLO, SignedGossip.open(fabric).getContentCase());
        assertThrows(WireException.class, () -> SignedGossip.open(own), "handshake code accepts only Fabric's messages");
    }

    @Test
    void envelopesWithoutPayloadOrOfNoKnownKindAreRefused() throws Exception {
        assertThrows(WireException.class, () -> SignedGossip.envelope(Envelope.getDefaultInstance().toByteArray()));
        Envelope empty = Envelope.newBuilder().setPayload(ByteString.copyFrom(new byte[] {0x08, 0x01})).build(); // nonce only
        assertThrows(WireException.class, () -> SignedGossip.read(empty));
        Envelope emptyContent = SignedGossip.unsigned(GossipMessage.newBuilder().setEmpty(Empty.getDefaultInstance()).build());
        assertTrue(!SignedGossip.read(emptyContent).isExtension());
    }

    @Test
    void randomBytesEndInWireExceptionOrAMessageNeverAnotherException() {
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 50_000; i++) {
            byte[] frame = new byte[random.nextInt(80)];
            random.nextBytes(frame);
            try {
                SignedGossip.read(SignedGossip.envelope(frame));
            } catch (WireException expected) {
                // the one allowed failure
            } catch (RuntimeException e) {
                throw new AssertionError("frame " + HexFormat.of().formatHex(frame) + " threw " + e, e);
            }
        }
    }
}
