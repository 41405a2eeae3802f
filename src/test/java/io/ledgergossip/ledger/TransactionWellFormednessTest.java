package io.ledgergossip.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.hyperledger.fabric.protos.common.Common.Header;
import org.hyperledger.fabric.protos.common.Common.HeaderType;
import org.hyperledger.fabric.protos.common.Common.Payload;
import org.junit.jupiter.api.Test;

class TransactionWellFormednessTest {
    private static final ByteString SIG = ByteString.copyFromUtf8("sig");

    @Test
    void signedEnvelopesAreWellFormed() {
        assertEquals(Optional.empty(), check(envelope(HeaderType.ENDORSER_TRANSACTION, SIG), envelope(HeaderType.ENDORSER_TRANSACTION, SIG)));
    }

    @Test
    void emptyBlockIsRejected() {
        assertEquals(Optional.of("empty block"), TransactionWellFormedness.check(BlockData.getDefaultInstance()));
    }

    @Test
    void envelopeWithoutSignatureOrPayloadIsRejected() {
        assertEquals(Optional.of("transaction 1 has no signature"),
                check(envelope(HeaderType.ENDORSER_TRANSACTION, SIG), envelope(HeaderType.ENDORSER_TRANSACTION, ByteString.EMPTY)));
        assertEquals(Optional.of("transaction 0 has no payload"),
                check(Envelope.newBuilder().setSignature(SIG).build().toByteString()));
    }

    @Test
    void configBlockIsExempt() {
        ByteString unsignedConfig = envelope(HeaderType.CONFIG, ByteString.EMPTY);
        assertEquals(Optional.empty(), check(unsignedConfig));
        // ... but only when it is the block's only transaction
        assertEquals(Optional.of("transaction 0 has no signature"), check(unsignedConfig, unsignedConfig));
    }

    @Test
    void entryThatIsNotAnEnvelopeIsInvalid() {
        Optional<String> error = check(ByteString.copyFrom(new byte[] {(byte) 0x0a, (byte) 0xff}));
        assertTrue(error.orElseThrow().startsWith("transaction 0 is invalid: "), error.toString());
    }

    @Test
    void entryWhoseBytesDifferFromItsReMarshalledFormIsRejected() {
        Envelope e = Envelope.newBuilder().setPayload(ByteString.copyFromUtf8("p")).setSignature(SIG).build();
        // the same fields in reverse order: parses to the same envelope, but the raw bytes differ
        ByteString reordered = Envelope.newBuilder().setSignature(SIG).build().toByteString()
                .concat(Envelope.newBuilder().setPayload(ByteString.copyFromUtf8("p")).build().toByteString());
        assertEquals(e, parse(reordered));
        assertTrue(check(reordered).orElseThrow().startsWith("transaction 0 ("), check(reordered).toString());
        assertTrue(check(reordered).orElseThrow().contains("does not match its raw form"));
    }

    private static Envelope parse(ByteString bytes) {
        try {
            return Envelope.parseFrom(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ByteString envelope(HeaderType type, ByteString signature) {
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ChannelHeader.newBuilder().setType(type.getNumber()).build().toByteString()))
                .setData(ByteString.copyFromUtf8("data"))
                .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).setSignature(signature).build().toByteString();
    }

    private static Optional<String> check(ByteString... entries) {
        BlockData.Builder data = BlockData.newBuilder();
        for (ByteString entry : entries) {
            data.addData(entry);
        }
        return TransactionWellFormedness.check(data.build());
    }
}
