package io.ledgergossip.dissemination;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.ledgergossip.wire.SignedGossip;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.gossip.Message.DataDigest;
import org.hyperledger.fabric.protos.gossip.Message.DataMessage;
import org.hyperledger.fabric.protos.gossip.Message.DataRequest;
import org.hyperledger.fabric.protos.gossip.Message.DataUpdate;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.hyperledger.fabric.protos.gossip.Message.PullMsgType;

/**
 * The block messages of Fabric's pull engine and push, built and read: what travels, not when.
 *
 * <pre>
 *   puller                      holder
 *     | ---- GossipHello(nonce) --> |
 *     | <--- DataDigest(numbers) -- |     (push sends a digest unasked, nonce 0)
 *     | ---- DataRequest(wanted) -> |
 *     | <--- DataUpdate(bodies) --- |     (as many as the frame limit needs, same nonce)
 * </pre>
 */
final class PullMessages {
    /** A block number in a digest: Fabric writes it in decimal; anything longer than a uint64's 20 digits is not one. */
    private static final int MAX_DIGEST_BYTES = 20;

    private final GossipChannel channel;

    PullMessages(GossipChannel channel) {
        this.channel = channel;
    }

    /** Fabric's DataMessage: the block's number and its marshalled bytes (what an orderer sends a super node too). */
    Envelope data(Block block) {
        return data(block.getHeader().getNumber(), block.toByteString());
    }

    /** The same for a block as its holder stored it ({@code bytes} must not change afterwards). */
    Envelope data(long number, byte[] bytes) {
        return data(number, UnsafeByteOperations.unsafeWrap(bytes));
    }

    private Envelope data(long number, ByteString bytes) {
        return gossip(GossipMessage.newBuilder().setDataMsg(DataMessage.newBuilder().setPayload(Payload.newBuilder()
                .setSeqNum(number).setData(bytes))));
    }

    Envelope digest(long nonce, List<Long> numbers) {
        DataDigest.Builder digest = DataDigest.newBuilder().setNonce(nonce).setMsgType(PullMsgType.BLOCK_MSG);
        numbers.forEach(n -> digest.addDigests(number(n)));
        return gossip(GossipMessage.newBuilder().setDataDig(digest));
    }

    Envelope dataRequest(long nonce, List<Long> numbers) {
        DataRequest.Builder request = DataRequest.newBuilder().setNonce(nonce).setMsgType(PullMsgType.BLOCK_MSG);
        numbers.forEach(n -> request.addDigests(number(n)));
        return gossip(GossipMessage.newBuilder().setDataReq(request));
    }

    /** The bodies asked for under one nonce, in as many DataUpdates as {@code maxMessageSize} needs. */
    List<Envelope> dataUpdates(long nonce, List<Envelope> bodies, int maxMessageSize) {
        return ReplyBudget.split(bodies, Envelope::getSerializedSize, maxMessageSize).stream()
                .map(part -> gossip(GossipMessage.newBuilder().setDataUpdate(DataUpdate.newBuilder().setNonce(nonce)
                        .setMsgType(PullMsgType.BLOCK_MSG).addAllData(part))))
                .toList();
    }

    /** The block numbers of the first {@code max} digest entries (of a DataDigest or DataRequest), those that are numbers, in order. */
    static List<Long> numbers(List<ByteString> digests, int max) {
        List<Long> numbers = new ArrayList<>();
        for (ByteString d : digests.subList(0, Math.min(digests.size(), max))) {
            Long n = parseNumber(d);
            if (n != null) {
                numbers.add(n);
            }
        }
        return numbers;
    }

    /** A digest entry's block number, or null when it is not one (negative, too long, not decimal). */
    private static Long parseNumber(ByteString digest) {
        if (digest.size() > MAX_DIGEST_BYTES) {
            return null;
        }
        try {
            long n = Long.parseLong(digest.toString(StandardCharsets.US_ASCII));
            return n >= 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ByteString number(long n) {
        return ByteString.copyFromUtf8(Long.toString(n));
    }

    private Envelope gossip(GossipMessage.Builder message) {
        return SignedGossip.unsigned(message.setChannel(channel.id()).setTag(GossipMessage.Tag.CHAN_AND_ORG).build());
    }
}
