package io.ledgergossip.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.wire.AliasedParse;
import io.ledgergossip.wire.ReMarshal;
import java.util.Base64;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.hyperledger.fabric.protos.common.Common.HeaderType;
import org.hyperledger.fabric.protos.common.Common.Payload;

/**
 * Fabric's rule that every data entry of a block is a well-formed transaction envelope
 * (protoutil.VerifyTransactionsAreWellFormed), with Fabric's error words.
 *
 * <p>Each entry must parse as an {@code Envelope} with a payload and a signature, and must
 * re-marshal to exactly its raw bytes, so that nobody can smuggle bytes past the signature. A
 * config block (a single CONFIG envelope) is exempt.
 */
public final class TransactionWellFormedness {
    private TransactionWellFormedness() {}

    /** Empty when the block data is well formed, otherwise Fabric's message for the first fault. */
    public static Optional<String> check(BlockData data) {
        if (data.getDataCount() == 0) {
            return Optional.of("empty block");
        }
        if (isConfigBlock(data)) {
            return Optional.empty();
        }
        for (int i = 0; i < data.getDataCount(); i++) {
            ByteString raw = data.getData(i);
            Envelope envelope;
            try {
                envelope = AliasedParse.parse(Envelope.parser(), raw);
            } catch (InvalidProtocolBufferException e) {
                return Optional.of("transaction " + i + " is invalid: " + e.getMessage());
            }
            if (envelope.getPayload().isEmpty()) {
                return Optional.of("transaction " + i + " has no payload");
            }
            if (envelope.getSignature().isEmpty()) {
                return Optional.of("transaction " + i + " has no signature");
            }
            int expectedSize = envelope.getSerializedSize();
            if (expectedSize < raw.size()) {
                return Optional.of("transaction " + i + " has " + (raw.size() - expectedSize) + " trailing bytes");
            }
            if (!ReMarshal.matches(envelope, raw)) {
                ByteString expected = envelope.toByteString();
                Base64.Encoder b64 = Base64.getEncoder();
                return Optional.of("transaction " + i + " (" + b64.encodeToString(expected.toByteArray())
                        + ") does not match its raw form (" + b64.encodeToString(raw.toByteArray()) + ")");
            }
        }
        return Optional.empty();
    }

    /** Fabric's protoutil.HasConfigTx: exactly one envelope, whose channel header type is CONFIG. */
    static boolean isConfigBlock(BlockData data) {
        if (data.getDataCount() != 1) {
            return false;
        }
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(data.getData(0)).getPayload());
            if (!payload.hasHeader()) {
                return false;
            }
            ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            return channelHeader.getType() == HeaderType.CONFIG_VALUE;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }
}
