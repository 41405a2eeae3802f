package io.ledgergossip.transport.netty;

import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.time.Clock;
import io.ledgergossip.transport.ConnectionRegistry;
import io.ledgergossip.transport.DialBackoff;
import io.ledgergossip.transport.DialFailures;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.transport.TransportCounters;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Transport} over TCP with mutual TLS and Fabric's ConnEstablish handshake. */
public final class NettyTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    private static final int FRAME_LENGTH_BYTES = 4;

    private final LocalIdentity self;
    private final IdentityValidator validator;
    private final TransportConfig config;
    private final String bindHost;
    private final int bindPort;
    private final Clock clock;
    private final TransportCounters counters = new TransportCounters();
    private final ConnectionRegistry<Connection> connections = new ConnectionRegistry<>();
    private final DialBackoff backoff;
    private final Map<String, CompletableFuture<PeerIdentity>> dialing = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private final NettyEventLoops sharedLoops;
    private final ChannelGroup allChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private SslContext serverTls;
    private SslContext clientTls;
    private Channel serverChannel;
    private volatile InboundHandler handler;
    private volatile String endpoint;
    private volatile String advertised;
    private volatile String dialFrom;
    private volatile boolean closed;

    /**
     * @param bindPort 0 for an ephemeral port ({@link #endpoint()} tells which after start)
     * @param clock real time, for dial backoff
     */
    public NettyTransport(LocalIdentity self, IdentityValidator validator, TransportConfig config, String bindHost,
            int bindPort, Clock clock) {
        this(self, validator, config, bindHost, bindPort, clock, null);
    }

    /** @param loops network threads shared with other transports of this JVM (not closed with this one), or null for its own */
    public NettyTransport(LocalIdentity self, IdentityValidator validator, TransportConfig config, String bindHost,
            int bindPort, Clock clock, NettyEventLoops loops) {
        this.sharedLoops = loops;
        this.self = self;
        this.validator = validator;
        this.config = config;
        this.bindHost = bindHost;
        this.bindPort = bindPort;
        this.clock = clock;
        this.backoff = new DialBackoff(config.dialBackoffMin(), config.dialBackoffMax());
    }

    /**
     * Advertises {@code endpoint} instead of the bound address: where other peers reach this one
     * (through a NAT, a load balancer or the chaos proxy). Call before {@link #start}.
     */
    public NettyTransport advertise(String endpoint) {
        this.advertised = endpoint;
        return this;
    }

    /** Outgoing connections come from {@code host} (a peer with an address of its own). Call before {@link #start}. */
    public NettyTransport dialFrom(String host) {
        this.dialFrom = host;
        return this;
    }

    @Override
    public synchronized void start(InboundHandler inbound) {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        this.handler = inbound;
        try {
            serverTls = TlsContexts.server(self, validator.orgs().allRoots());
            clientTls = TlsContexts.client(self, validator.orgs().allRoots());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for " + self + ": " + e.getMessage(), e);
        }
        boolean epoll = Epoll.isAvailable();
        group = sharedLoops != null ? sharedLoops.group()
                : new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerSocketChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap server = new ServerBootstrap()
                .group(group)
                .channel(serverType)
                .option(ChannelOption.SO_REUSEADDR, true) // a restarted peer binds its port again at once
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch.pipeline(), serverTls.newHandler(ch.alloc()), null, new CompletableFuture<>());
                    }
                });
        io.netty.channel.ChannelFuture bound = server.bind(bindHost, bindPort).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            if (sharedLoops == null) {
                group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            }
            group = null;
            Throwable cause = bound.cause();
            String reason = cause.getMessage() != null && cause.getMessage().contains("Address already in use") ? "address already in use"
                    : String.valueOf(cause.getMessage());
            throw new java.io.UncheckedIOException(new java.net.BindException("cannot listen on " + bindHost + ":" + bindPort + ": " + reason));
        }
        serverChannel = bound.channel();
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        endpoint = advertised != null ? advertised : bindHost + ":" + port;
        LOG.info("{} listening on {}:{}{} ({} TLS, {})", self, bindHost, port, advertised != null ? ", reached at " + advertised : "",
                TlsContexts.provider(), epoll ? "epoll" : "nio");
    }

    private WriteBufferWaterMark waterMark() {
        int high = Math.max(64 * 1024, config.sendBuffBytes() / 4);
        return new WriteBufferWaterMark(high / 2, high);
    }

    private void pipeline(ChannelPipeline p, SslHandler tls, String dialed, CompletableFuture<PeerIdentity> result) {
        allChannels.add(p.channel()); // closed with this transport, whatever state they are in
        p.addLast("tls", tls);
        p.addLast("flushes", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        addFraming(p, config.maxMessageSize());
        p.addLast("handshake", new HandshakeHandler(this, dialed, result));
    }

    /**
     * Frames on the wire: a 4-byte length (refused past {@code maxMessageSize} before any
     * allocation), then one gossip Envelope.
     */
    static void addFraming(ChannelPipeline p, int maxMessageSize) {
        p.addLast("frameDecoder", new LengthFieldBasedFrameDecoder(maxMessageSize + FRAME_LENGTH_BYTES, 0,
                FRAME_LENGTH_BYTES, 0, FRAME_LENGTH_BYTES, true));
        p.addLast("framePrepender", new LengthFieldPrepender(FRAME_LENGTH_BYTES));
        p.addLast("envelope", new EnvelopeCodec());
    }

    @Override
    public CompletableFuture<PeerIdentity> connect(String target) {
        if (closed || group == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("transport is not running"));
        }
        var existing = connections.byEndpoint(target);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get().peer());
        }
        long retryAt = backoff.retryAt(target, clock.millis());
        if (retryAt > 0) {
            return CompletableFuture.failedFuture(new IOException("dialing " + target + " is backing off for "
                    + (retryAt - clock.millis()) + " ms after failures"));
        }
        CompletableFuture<PeerIdentity> dial = dialing.computeIfAbsent(target, this::dial);
        if (dial.isDone()) {
            dialing.remove(target, dial); // failed before it started: nothing to wait for
        }
        return dial;
    }

    private CompletableFuture<PeerIdentity> dial(String target) {
        CompletableFuture<PeerIdentity> result = new CompletableFuture<>();
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("endpoint must be host:port: " + target));
        }
        String host = target.substring(0, colon);
        int port = Integer.parseInt(target.substring(colon + 1));
        Class<? extends SocketChannel> type = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = clientTls.newHandler(ch.alloc(), host, port);
                        tls.setHandshakeTimeoutMillis(config.dialTimeout().toMillis());
                        pipeline(ch.pipeline(), tls, target, result);
                    }
                });
        ChannelFuture connect;
        try {
            connect = dialFrom == null ? bootstrap.connect(host, port)
                    : bootstrap.connect(new InetSocketAddress(host, port), new InetSocketAddress(dialFrom, 0));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("transport is closing"));
        }
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
            }
        });
        result.whenComplete((peer, error) -> {
            dialing.remove(target, result);
            if (error == null) {
                backoff.succeeded(target);
                counters.dialSucceeded(target);
            } else {
                backoff.failed(target, clock.millis());
                String tls = DialFailures.tlsReason(error);
                if (tls != null) {
                    counters.tlsDialFailed(target, tls);
                    LOG.warn("dial {} failed in TLS: {}", target, tls);
                } else {
                    LOG.debug("dial {} failed: {}", target, error.toString());
                }
            }
        });
        return result;
    }

    /** Called by the handshake handler once the peer is verified; returns the connection to use. */
    Connection accept(Channel channel, PeerIdentity peer, PkiId dialer, String dialedEndpoint) {
        Connection connection = new Connection(channel, peer, dialer, dialedEndpoint, config.sendBuffSize(),
                config.sendBuffBytes(), counters);
        counters.opened();
        connections.register(connection).ifPresent(loser -> {
            counters.duplicate();
            loser.close();
        });
        LOG.info("{} connected to {} ({})", self.pkiId().shortHex(), peer, dialedEndpoint != null ? "dialed " + dialedEndpoint : "accepted");
        InboundHandler h = handler;
        if (h != null) {
            h.onConnected(peer);
        }
        return connection;
    }

    void deliver(ReceivedMessage message) {
        InboundHandler h = handler;
        if (h != null) {
            h.onMessage(message);
        }
    }

    void closed(Connection connection) {
        counters.closed();
        connections.remove(connection);
        if (connections.get(connection.peer().pkiId()).isEmpty()) {
            InboundHandler h = handler;
            if (h != null) {
                h.onDisconnected(connection.peer().pkiId());
            }
        }
    }

    void rejected(Channel channel, RejectReason reason, String detail) {
        counters.reject(reason);
        LOG.warn("{} refused connection from {}: {}", self.pkiId().shortHex(), channel.remoteAddress(), detail);
    }

    /**
     * True when a pipeline exception is the network's doing (a reset, a broken pipe), not something
     * the peer sent: the connection just ends, nothing is counted against anyone.
     */
    static boolean isConnectionLoss(Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return root instanceof IOException && !(root instanceof SSLException);
    }

    /** What a pipeline exception means for the peer. */
    static RejectReason classify(Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            return RejectReason.OVERSIZED_FRAME;
        }
        if (root instanceof EnvelopeCodec.MalformedFrameException) {
            return RejectReason.MALFORMED_MESSAGE;
        }
        if (root instanceof NotSslRecordException || root instanceof SSLHandshakeException || root instanceof SSLException) {
            return RejectReason.TLS_HANDSHAKE_FAILED;
        }
        return RejectReason.MALFORMED_MESSAGE;
    }

    @Override
    public boolean send(PkiId to, Envelope message) {
        if (message.getSerializedSize() > config.maxMessageSize()) {
            counters.oversizedNotSent(); // the receiver would cut an honest connection over it
            LOG.warn("{}: a message of {} bytes to {} exceeds peer.gossip.maxMessageSize ({}): not sent", self.pkiId().shortHex(),
                    message.getSerializedSize(), to.shortHex(), config.maxMessageSize());
            return false;
        }
        return connections.get(to).map(c -> c.send(message)).orElse(false);
    }

    @Override
    public void pauseReading(PkiId peer, boolean paused) {
        connections.get(peer).ifPresent(c -> c.pauseReading(paused));
    }

    @Override
    public int maxMessageSize() {
        return config.maxMessageSize();
    }

    @Override
    public Set<PkiId> connectedPeers() {
        return connections.peers();
    }

    @Override
    public void disconnect(PkiId peer) {
        connections.get(peer).ifPresent(Connection::close);
    }

    @Override
    public PkiId localId() {
        return self.pkiId();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public TransportCounters counters() {
        return counters;
    }

    LocalIdentity self() {
        return self;
    }

    IdentityValidator validator() {
        return validator;
    }

    TransportConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (group == null || closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.closeAll();
        allChannels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (sharedLoops == null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
