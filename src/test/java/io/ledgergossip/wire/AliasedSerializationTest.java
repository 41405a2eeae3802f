package io.ledgergossip.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.SplittableRandom;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateResponse;
import org.junit.jupiter.api.Test;

/** The rope holds exactly the bytes of {@code toByteArray()}, refers to large values, and copies everything else. */
class AliasedSerializationTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(11);

    @Test
    void theBytesAreThoseOfThePlainSerializationAtEverySize() throws Exception {
        int buffer = AliasedSerialization.ENCODER_BUFFER;
        for (int[] sizes : new int[][] {{}, {10}, {buffer - 1}, {buffer}, {buffer + 1}, {70_000}, {3, 2_000_000, 5, buffer + 7, 100}}) {
            GossipMessage message = stateResponse(sizes);
            ByteString bytes = AliasedSerialization.of(message);
            assertArrayEquals(message.toByteArray(), bytes.toByteArray(), "blocks of " + java.util.Arrays.toString(sizes));
            assertEquals(message, GossipMessage.parseFrom(bytes));
            Envelope envelope = SignedGossip.unsigned(message);
            assertArrayEquals(Envelope.newBuilder().setPayload(message.toByteString()).build().toByteArray(), envelope.toByteArray());
        }
    }

    @Test
    void manySmallFieldsPastTheAliasingSizeAreCopiedThroughTheEncodersReusedBuffer() throws Exception {
        RemoteStateResponse.Builder response = RemoteStateResponse.newBuilder();
        for (int i = 0; i < 2000; i++) { // about 200 KB in fields of 90 bytes: every piece comes from the encoder's buffer
            response.addPayloads(Payload.newBuilder().setSeqNum(i).setData(random(90)));
        }
        GossipMessage message = GossipMessage.newBuilder().setChannel(random(32)).setStateResponse(response).build();
        ByteString bytes = AliasedSerialization.of(message);
        assertArrayEquals(message.toByteArray(), bytes.toByteArray());
        ByteString other = AliasedSerialization.of(stateResponse(new int[] {300_000})); // a later use of an encoder buffer
        assertNotEquals(other, bytes);
        assertArrayEquals(message.toByteArray(), bytes.toByteArray(), "unchanged by a later serialization");
    }

    @Test
    void aLargeValueIsReferredToNotCopied() {
        byte[] block = new byte[1_000_000];
        RANDOM.nextBytes(block);
        GossipMessage message = GossipMessage.newBuilder().setStateResponse(RemoteStateResponse.newBuilder()
                .addPayloads(Payload.newBuilder().setSeqNum(1).setData(UnsafeByteOperations.unsafeWrap(block)))).build();
        ByteString bytes = AliasedSerialization.of(message);
        int last = bytes.size() - 1;
        assertEquals(block[block.length - 1], bytes.byteAt(last));
        block[block.length - 1] ^= 1; // only to show the sharing: a wrapped array must never change in use
        assertEquals(block[block.length - 1], bytes.byteAt(last));
    }

    private static GossipMessage stateResponse(int[] blockSizes) {
        RemoteStateResponse.Builder response = RemoteStateResponse.newBuilder();
        for (int i = 0; i < blockSizes.length; i++) {
            response.addPayloads(Payload.newBuilder().setSeqNum(i).setData(random(blockSizes[i])));
        }
        return GossipMessage.newBuilder().setNonce(RANDOM.nextLong()).setChannel(ByteString.copyFromUtf8("channel"))
                .setTag(GossipMessage.Tag.CHAN_OR_ORG).setStateResponse(response).build();
    }

    private static ByteString random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }
}
