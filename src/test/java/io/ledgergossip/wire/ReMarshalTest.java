package io.ledgergossip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.junit.jupiter.api.Test;

/** The re-marshal check compares exactly: same bytes or not, at every size, whatever the thread's scratch array held before. */
class ReMarshalTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    @Test
    void aCanonicalEnvelopeMatchesItsBytes() throws Exception {
        for (int size : new int[] {0, 1, 100, 70_000, ReMarshal.MAX_SCRATCH_BYTES + 10, 300}) { // large, then small again: scratch reuse
            Envelope envelope = envelope(size);
            ByteString raw = envelope.toByteString();
            assertTrue(ReMarshal.matches(AliasedParse.parse(Envelope.parser(), raw), raw), "payload of " + size + " bytes");
        }
    }

    @Test
    void theSameFieldsInAnotherOrderDoNotMatchThoughTheSizeIsEqual() throws Exception {
        Envelope envelope = envelope(5000);
        ByteArrayOutputStream reversed = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(reversed);
        out.writeBytes(2, envelope.getSignature());
        out.writeBytes(1, envelope.getPayload());
        out.flush();
        ByteString raw = ByteString.copyFrom(reversed.toByteArray());
        Envelope parsed = Envelope.parseFrom(raw);
        assertEquals(envelope, parsed);
        assertEquals(raw.size(), parsed.getSerializedSize());
        assertFalse(ReMarshal.matches(parsed, raw));
    }

    @Test
    void aDifferentLastByteOrLengthDoesNotMatch() throws Exception {
        for (int size : new int[] {64, ReMarshal.MAX_SCRATCH_BYTES + 10}) {
            Envelope envelope = envelope(size);
            byte[] bytes = envelope.toByteArray();
            byte[] changed = bytes.clone();
            changed[changed.length - 1] ^= 1;
            assertFalse(ReMarshal.matches(envelope, ByteString.copyFrom(changed)), size + " bytes, last byte changed");
            assertFalse(ReMarshal.matches(envelope, ByteString.copyFrom(Arrays.copyOf(bytes, bytes.length + 1))), size + " bytes, one more");
        }
    }

    private static Envelope envelope(int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        byte[] signature = new byte[72];
        RANDOM.nextBytes(payload);
        RANDOM.nextBytes(signature);
        return Envelope.newBuilder().setPayload(ByteString.copyFrom(payload)).setSignature(ByteString.copyFrom(signature)).build();
    }
}
