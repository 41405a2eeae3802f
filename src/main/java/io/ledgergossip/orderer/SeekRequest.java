package io.ledgergossip.orderer;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.util.Hex;
import io.ledgergossip.util.Sha256;
import java.security.SecureRandom;
import org.hyperledger.fabric.protos.common.Common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.hyperledger.fabric.protos.common.Common.Header;
import org.hyperledger.fabric.protos.common.Common.HeaderType;
import org.hyperledger.fabric.protos.common.Common.Payload;
import org.hyperledger.fabric.protos.common.Common.SignatureHeader;
import org.hyperledger.fabric.protos.orderer.Ab.SeekInfo;
import org.hyperledger.fabric.protos.orderer.Ab.SeekPosition;
import org.hyperledger.fabric.protos.orderer.Ab.SeekSpecified;

/**
 * The signed request a Fabric leader peer sends on Deliver: a {@code DELIVER_SEEK_INFO} envelope
 * for the channel, from the peer's identity (low-S ECDSA over the payload), bound to the TLS
 * certificate of the connection ({@code tls_cert_hash}), with the time of sending (the orderer
 * refuses one more than 15 minutes off), asking for every block from {@code start} on, waiting
 * for blocks not cut yet.
 */
final class SeekRequest {
    /** Fabric's stop for a never-ending stream: the largest uint64. */
    private static final long NEWEST_EVER = -1L;
    private static final SecureRandom NONCES = new SecureRandom();

    private SeekRequest() {}

    /** Every block from {@code start} on, waiting for those not cut yet: what a leader peer asks. */
    static Envelope from(long start, String channel, LocalIdentity self, long nowMillis) {
        return of(specified(start), specified(NEWEST_EVER), SeekInfo.SeekBehavior.BLOCK_UNTIL_READY, channel, self, nowMillis);
    }

    static SeekPosition specified(long number) {
        return SeekPosition.newBuilder().setSpecified(SeekSpecified.newBuilder().setNumber(number)).build();
    }

    static SeekPosition newest() {
        return SeekPosition.newBuilder().setNewest(org.hyperledger.fabric.protos.orderer.Ab.SeekNewest.getDefaultInstance()).build();
    }

    static Envelope of(SeekPosition start, SeekPosition stop, SeekInfo.SeekBehavior behavior, String channel, LocalIdentity self,
            long nowMillis) {
        byte[] nonce = new byte[24];
        NONCES.nextBytes(nonce);
        ByteString creator = self.serialized();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.DELIVER_SEEK_INFO_VALUE)
                .setChannelId(channel)
                .setTxId(Hex.of(Sha256.of(concat(nonce, creator.toByteArray()))))
                .setTimestamp(Timestamp.newBuilder().setSeconds(nowMillis / 1000).setNanos((int) (nowMillis % 1000) * 1_000_000))
                .setTlsCertHash(ByteString.copyFrom(self.tlsCertHash()))
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder().setCreator(creator).setNonce(ByteString.copyFrom(nonce)).build();
        SeekInfo seek = SeekInfo.newBuilder().setStart(start).setStop(stop).setBehavior(behavior).build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()))
                .setData(seek.toByteString())
                .build();
        byte[] bytes = payload.toByteArray();
        return Envelope.newBuilder().setPayload(ByteString.copyFrom(bytes)).setSignature(ByteString.copyFrom(self.sign(bytes))).build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
