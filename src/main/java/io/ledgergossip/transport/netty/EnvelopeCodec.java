package io.ledgergossip.transport.netty;

import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/** One frame <-> one gossip {@code Envelope}. A frame that is not an envelope fails the channel. */
final class EnvelopeCodec extends MessageToMessageCodec<ByteBuf, Envelope> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Envelope envelope, List<Object> out) {
        byte[] bytes = envelope.toByteArray();
        out.add(ctx.alloc().buffer(bytes.length).writeBytes(bytes));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(SignedGossip.envelope(ByteBufUtil.getBytes(frame)));
        } catch (WireException e) {
            throw new DecoderException(new MalformedFrameException(e.getMessage()));
        }
    }

    /** Marks decoding failures that are the peer's fault. */
    static final class MalformedFrameException extends Exception {
        MalformedFrameException(String message) {
            super(message);
        }
    }
}
