package io.ledgergossip.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.ledgergossip.util.Hex;
import io.ledgergossip.util.Sha256;
import java.time.Instant;
import org.hyperledger.fabric.protos.common.Common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.hyperledger.fabric.protos.common.Common.Header;
import org.hyperledger.fabric.protos.common.Common.HeaderType;
import org.hyperledger.fabric.protos.common.Common.Payload;
import org.hyperledger.fabric.protos.common.Common.SignatureHeader;

/** Makes signed, well-formed Fabric transaction envelopes. */
public final class TransactionEnvelopes {
    private TransactionEnvelopes() {}

    /**
     * An ENDORSER_TRANSACTION envelope whose transaction ID follows Fabric's rule,
     * hex(SHA-256(nonce || creator)).
     *
     * @param body the transaction's data (a {@code peer.Transaction} in Fabric; fixtures put
     *     their read/write sets here)
     * @param timestamp taken by the caller, so that the same inputs make the same envelope
     */
    public static Envelope endorserTransaction(String channelId, byte[] nonce, ByteString body,
            Instant timestamp, EnvelopeSigner signer) {
        byte[] creator = signer.creator();
        byte[] txIdInput = new byte[nonce.length + creator.length];
        System.arraycopy(nonce, 0, txIdInput, 0, nonce.length);
        System.arraycopy(creator, 0, txIdInput, nonce.length, creator.length);
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(channelId)
                .setTxId(Hex.of(Sha256.of(txIdInput)))
                .setTimestamp(Timestamp.newBuilder()
                        .setSeconds(timestamp.getEpochSecond())
                        .setNanos(timestamp.getNano()))
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(ByteString.copyFrom(creator))
                .setNonce(ByteString.copyFrom(nonce))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()))
                .setData(body)
                .build();
        byte[] payloadBytes = payload.toByteArray();
        return Envelope.newBuilder()
                .setPayload(ByteString.copyFrom(payloadBytes))
                .setSignature(ByteString.copyFrom(signer.sign(payloadBytes)))
                .build();
    }
}
