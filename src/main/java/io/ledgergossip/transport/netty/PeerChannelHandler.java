package io.ledgergossip.transport.netty;

import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import io.ledgergossip.wire.WireMessage;

/** Delivers the messages of an authenticated connection; a malformed one ends the connection. */
final class PeerChannelHandler extends ChannelInboundHandlerAdapter {
    private final NettyTransport transport;
    private final Connection connection;

    PeerChannelHandler(NettyTransport transport, Connection connection) {
        this.transport = transport;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Envelope envelope = (Envelope) msg;
        WireMessage message;
        try {
            message = SignedGossip.read(envelope);
        } catch (WireException e) {
            transport.rejected(ctx.channel(), RejectReason.MALFORMED_MESSAGE, e.getMessage() + " from " + connection.peer());
            ctx.close();
            return;
        }
        transport.counters().received(envelope.getSerializedSize());
        transport.deliver(new ReceivedMessage(connection.peer(), envelope, message));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!NettyTransport.isConnectionLoss(cause)) {
            transport.rejected(ctx.channel(), NettyTransport.classify(cause), cause.getMessage() + " from " + connection.peer());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        transport.closed(connection);
        super.channelInactive(ctx);
    }
}
