package io.ledgergossip.transport.netty;

import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.Handshake;
import io.ledgergossip.transport.HandshakeException;
import io.ledgergossip.transport.RejectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/**
 * Runs Fabric's ConnEstablish exchange on a fresh TLS connection: sends ours as soon as TLS is
 * up, and requires the peer's, verified, within connTimeout. Then hands the channel to a
 * {@link PeerChannelHandler}. Any failure closes the connection and is counted.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private final NettyTransport transport;
    private final String dialedEndpoint;
    private final CompletableFuture<PeerIdentity> result;
    private ScheduledFuture<?> timeout;
    private boolean done;

    /**
     * @param dialedEndpoint the endpoint we dialed, or null on the accepting side
     * @param result completed with the peer's identity, or failed (the dialing side waits on it)
     */
    HandshakeHandler(NettyTransport transport, String dialedEndpoint, CompletableFuture<PeerIdentity> result) {
        this.transport = transport;
        this.dialedEndpoint = dialedEndpoint;
        this.result = result;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent tls) {
            if (tls.isSuccess()) {
                LocalIdentity self = transport.self();
                ctx.writeAndFlush(Handshake.connEstablish(self, self.tlsCertHash()));
                timeout = ctx.executor().schedule(() -> fail(ctx, new HandshakeException(RejectReason.HANDSHAKE_TIMEOUT,
                        "no ConnEstablish within " + transport.config().connTimeout())),
                        transport.config().connTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } else if (tls.cause() instanceof java.nio.channels.ClosedChannelException) {
                // one side closed (a peer shutting down) before TLS finished: a lost connection, nobody's fault
                done = true;
                result.completeExceptionally(new java.io.IOException("connection closed during the TLS handshake"));
                ctx.close();
            } else {
                fail(ctx, new HandshakeException(RejectReason.TLS_HANDSHAKE_FAILED, rootReason(tls.cause())));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    /** The innermost reason of a TLS failure: the certificate path problem, not "General OpenSslEngine problem". */
    private static String rootReason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            return;
        }
        try {
            PeerIdentity peer = Handshake.verify((Envelope) msg, observedTlsCertHash(ctx), null, transport.validator());
            done = true;
            cancelTimeout();
            PkiId dialer = dialedEndpoint != null ? transport.localId() : peer.pkiId();
            Connection connection = transport.accept(ctx.channel(), peer, dialer, dialedEndpoint);
            ctx.pipeline().replace(this, "peer", new PeerChannelHandler(transport, connection));
            result.complete(peer);
        } catch (HandshakeException e) {
            fail(ctx, e);
        }
    }

    private static byte[] observedTlsCertHash(ChannelHandlerContext ctx) throws HandshakeException {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return LocalIdentity.certHash((X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            throw new HandshakeException(RejectReason.TLS_HANDSHAKE_FAILED, "no verified peer certificate: " + e.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (NettyTransport.isConnectionLoss(cause)) {
            done = true;
            cancelTimeout();
            result.completeExceptionally(cause);
            ctx.close();
            return;
        }
        fail(ctx, new HandshakeException(NettyTransport.classify(cause), String.valueOf(cause.getMessage())));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        if (!done) {
            done = true;
            result.completeExceptionally(new HandshakeException(RejectReason.TLS_HANDSHAKE_FAILED,
                    "connection closed before the handshake completed"));
        }
        super.channelInactive(ctx);
    }

    private void fail(ChannelHandlerContext ctx, HandshakeException e) {
        if (done) {
            return;
        }
        done = true;
        cancelTimeout();
        transport.rejected(ctx.channel(), e.reason(), e.getMessage());
        result.completeExceptionally(e);
        ctx.close();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
