package io.ledgergossip.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback that injects network faults between peers: every peer advertises the
 * proxy's address and listens on an address of its own, so each connection between two peers
 * passes here, and the proxy tells the dialing peer by its source address.
 *
 * <p>It cannot drop single messages inside a TLS stream without breaking it; a lost chunk is
 * dropped together with its connection (the peers see a reset and dial again, as after a lost
 * link). Delay and jitter hold each chunk back, in order. A cut link refuses new connections and
 * {@link #enforce()} closes the open ones.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

    /** Who a connection is from when its source address is nobody's. */
    public static final String UNKNOWN = "?";

    /** How the link from one peer to another behaves right now. */
    public record Link(boolean cut, long delayMillis, long jitterMillis, double loss) {
        public static final Link HEALTHY = new Link(false, 0, 0, 0);
    }

    /** The current faults, asked on every connection and every chunk; called from network threads. */
    public interface Faults {
        Link link(String from, String to);
    }

    /** One proxied peer: the proxy listens on {@code listen} and forwards to {@code target}. */
    public record Route(String peer, InetSocketAddress listen, InetSocketAddress target) {}

    /** What the proxy has done. */
    public record Counters(long connections, long refused, long cut, long chunksDropped, long bytesForwarded) {}

    private final List<Route> routes;
    private final Map<String, String> peerBySourceHost;
    private final Faults faults;
    private final LongSupplier nanoClock;
    private final SplittableRandom random;
    private final NettyEventLoops loops = new NettyEventLoops(1);
    private final ChannelGroup servers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelGroup pairs = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    /**
     * @param peerBySourceHost the peer each source address belongs to
     * @param nanoClock for holding chunks back by their delay
     * @param seed of the loss and jitter draws
     */
    public FaultProxy(List<Route> routes, Map<String, String> peerBySourceHost, Faults faults, LongSupplier nanoClock, long seed) {
        this.routes = List.copyOf(routes);
        this.peerBySourceHost = Map.copyOf(peerBySourceHost);
        this.faults = faults;
        this.nanoClock = nanoClock;
        this.random = new SplittableRandom(seed);
    }

    public void start() {
        boolean epoll = Epoll.isAvailable();
        for (Route route : routes) {
            ServerBootstrap server = new ServerBootstrap()
                    .group(loops.group())
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            accepted(ch, route);
                        }
                    });
            servers.add(server.bind(route.listen()).syncUninterruptibly().channel());
        }
        LOG.info("fault proxy in front of {} peers", routes.size());
    }

    private void accepted(SocketChannel inbound, Route route) {
        String from = peerBySourceHost.getOrDefault(inbound.remoteAddress().getAddress().getHostAddress(), UNKNOWN);
        connections.incrementAndGet();
        if (faults.link(from, route.peer()).cut()) {
            refused.incrementAndGet();
            inbound.close();
            return;
        }
        Bootstrap dial = new Bootstrap()
                .group(inbound.eventLoop())
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter());
        dial.connect(route.target()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                inbound.close();
                return;
            }
            Channel outbound = f.channel();
            Pair pair = new Pair(from, route.peer(), inbound, outbound);
            inbound.pipeline().addLast(new Relay(pair, outbound, from, route.peer()));
            outbound.pipeline().addLast(new Relay(pair, inbound, route.peer(), from));
            inbound.attr(Pair.KEY).set(pair);
            pairs.add(inbound);
            inbound.read();
            outbound.read();
        });
    }

    /** Closes every open connection whose link is cut now (a partition has begun). */
    public void enforce() {
        for (Channel ch : pairs) {
            Pair pair = ch.attr(Pair.KEY).get();
            if (pair != null && (faults.link(pair.from, pair.to).cut() || faults.link(pair.to, pair.from).cut())) {
                cut.incrementAndGet();
                pair.close();
            }
        }
    }

    public Counters counters() {
        return new Counters(connections.get(), refused.get(), cut.get(), dropped.get(), forwarded.get());
    }

    @Override
    public void close() {
        servers.close().awaitUninterruptibly();
        pairs.forEach(ch -> {
            Pair pair = ch.attr(Pair.KEY).get();
            if (pair != null) {
                pair.close();
            }
        });
        loops.close();
    }

    /** Both sockets of one proxied connection. */
    private static final class Pair {
        static final io.netty.util.AttributeKey<Pair> KEY = io.netty.util.AttributeKey.valueOf("fault-proxy-pair");
        final String from;
        final String to;
        final Channel inbound;
        final Channel outbound;

        Pair(String from, String to, Channel inbound, Channel outbound) {
            this.from = from;
            this.to = to;
            this.inbound = inbound;
            this.outbound = outbound;
        }

        void close() {
            inbound.close();
            outbound.close();
        }
    }

    /** One direction: reads from its channel, holds each chunk for the link's delay, writes to {@code peer} in order. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Pair pair;
        private final Channel peer;
        private final String from;
        private final String to;
        private final ArrayDeque<Held> held = new ArrayDeque<>();
        private long lastDue;
        private boolean drainScheduled;

        Relay(Pair pair, Channel peer, String from, String to) {
            this.pair = pair;
            this.peer = peer;
            this.from = from;
            this.to = to;
        }

        private record Held(long due, ByteBuf bytes) {}

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            Link link = faults.link(from, to);
            if (link.cut()) {
                bytes.release();
                cut.incrementAndGet();
                pair.close();
                return;
            }
            if (link.loss() > 0 && random.nextDouble() < link.loss()) {
                bytes.release();
                dropped.incrementAndGet();
                pair.close();
                return;
            }
            long delay = TimeUnit.MILLISECONDS.toNanos(link.delayMillis()
                    + (link.jitterMillis() > 0 ? random.nextLong(link.jitterMillis() + 1) : 0));
            long now = nanoClock.getAsLong();
            long due = Math.max(now + delay, lastDue); // never overtakes an earlier chunk
            lastDue = due;
            if (held.isEmpty() && due <= now) {
                forward(bytes);
            } else {
                held.add(new Held(due, bytes));
                scheduleDrain(ctx);
            }
            if (peer.isWritable()) {
                ctx.read();
            }
        }

        private void forward(ByteBuf bytes) {
            forwarded.addAndGet(bytes.readableBytes());
            peer.writeAndFlush(bytes);
        }

        private void scheduleDrain(ChannelHandlerContext ctx) {
            if (drainScheduled || held.isEmpty()) {
                return;
            }
            drainScheduled = true;
            long wait = Math.max(0, held.peek().due() - nanoClock.getAsLong());
            ctx.executor().schedule(() -> {
                drainScheduled = false;
                long now = nanoClock.getAsLong();
                while (!held.isEmpty() && held.peek().due() <= now) {
                    forward(held.poll().bytes());
                }
                scheduleDrain(ctx);
            }, wait, TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.fireChannelWritabilityChanged();
            if (ctx.channel().isWritable()) {
                // this side can take more: let the other side read again
                peer.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            held.forEach(h -> h.bytes().release());
            held.clear();
            pair.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            pair.close();
        }
    }
}
