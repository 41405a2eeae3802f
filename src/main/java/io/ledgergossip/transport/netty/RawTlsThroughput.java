package io.ledgergossip.transport.netty;

import io.ledgergossip.identity.LocalIdentity;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * The machine's raw limit for moving bytes between two peers: the same frames the transport sends
 * (4-byte length prefix), over one mutually authenticated TLS connection on loopback, with the
 * transport's TLS provider and event loops, and nothing else (no handshake message, no parsing).
 */
public final class RawTlsThroughput {
    private RawTlsThroughput() {}

    /** Writes frames on the event loop whenever the channel can take more, as the transport does. */
    private static final class FramePump extends ChannelInboundHandlerAdapter {
        private final List<byte[]> frames;
        private int next;

        FramePump(List<byte[]> frames) {
            this.frames = frames;
        }

        void fill(Channel channel) {
            while (next < frames.size() && channel.isWritable()) {
                channel.write(Unpooled.wrappedBuffer(frames.get(next++)));
            }
            channel.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                fill(ctx.channel());
            }
            ctx.fireChannelWritabilityChanged();
        }
    }

    /**
     * Sends every frame from {@code client} to {@code server} over one TLS connection; returns MB/s
     * (10^6 bytes) by {@code nanoClock} (the caller's: protocol packages read no clock of their own).
     */
    public static double measure(LocalIdentity server, LocalIdentity client, List<X509Certificate> roots, List<byte[]> frames,
            LongSupplier nanoClock)
            throws SSLException, InterruptedException {
        long total = frames.stream().mapToLong(f -> f.length).sum();
        SslContext serverTls = TlsContexts.server(server, roots);
        SslContext clientTls = TlsContexts.client(client, roots);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long[] startedAt = new long[1];
        try {
            Channel listening = new ServerBootstrap().group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(serverTls.newHandler(ch.alloc()),
                                    new LengthFieldBasedFrameDecoder(Integer.MAX_VALUE, 0, 4, 0, 4),
                                    new SimpleChannelInboundHandler<ByteBuf>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                            if (received.addAndGet(frame.readableBytes()) >= total) {
                                                done.countDown();
                                            }
                                        }
                                    });
                        }
                    })
                    .bind("127.0.0.1", 0).syncUninterruptibly().channel();
            int port = ((InetSocketAddress) listening.localAddress()).getPort();
            FramePump pump = new FramePump(frames);
            Channel channel = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(clientTls.newHandler(ch.alloc(), "127.0.0.1", port), new LengthFieldPrepender(4), pump);
                        }
                    })
                    .connect("127.0.0.1", port).syncUninterruptibly().channel();
            channel.pipeline().get(SslHandler.class).handshakeFuture().syncUninterruptibly();
            startedAt[0] = nanoClock.getAsLong();
            channel.eventLoop().execute(() -> pump.fill(channel));
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("raw TLS: " + received.get() + " of " + total + " bytes arrived in 5 minutes");
            }
            double seconds = (nanoClock.getAsLong() - startedAt[0]) / 1e9;
            channel.close().syncUninterruptibly();
            listening.close().syncUninterruptibly();
            return total / 1e6 / seconds;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
