package io.ledgergossip.transport.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.time.Clock;
import io.ledgergossip.transport.DialBackoff;
import io.ledgergossip.transport.DialFailures;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.transport.TransportCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.hyperledger.fabric.protos.gossip.GossipGrpc;
import org.hyperledger.fabric.protos.gossip.Message.Empty;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} on Fabric's wire: the {@code gossip.Gossip} gRPC service over mutual TLS.
 * Dialing is what a Fabric peer does ({@code comm_impl.go:createConnection}): TLS within
 * dialTimeout, a {@code Ping} within connTimeout, then a {@code GossipStream} opened with the
 * ConnEstablish exchange. One stream per peer, used both ways; keepalive and message limits as
 * Fabric's gRPC settings have them.
 */
public final class GrpcTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcTransport.class);
    /** Fabric's clients ping after 60 s without data, with a 20 s timeout; its servers allow no more often than 60 s. */
    private static final long KEEPALIVE_SECONDS = 60;
    private static final long KEEPALIVE_TIMEOUT_SECONDS = 20;
    /** Streams one connection may hold open: Fabric opens one, a probe a second. */
    private static final int MAX_STREAMS_PER_CONNECTION = 8;

    private final LocalIdentity self;
    private final IdentityValidator validator;
    private final TransportConfig config;
    private final String bindHost;
    private final int bindPort;
    private final Clock clock;
    private final TransportCounters counters = new TransportCounters();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final DialBackoff backoff;
    private final Map<String, CompletableFuture<PeerIdentity>> dialing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grpc-transport-timer");
        t.setDaemon(true);
        return t;
    });
    private SslContext clientTls;
    private Server server;
    private volatile InboundHandler handler;
    private volatile String endpoint;
    private volatile String advertised;
    private volatile String dialFrom;
    private volatile boolean closed;

    /**
     * @param bindPort 0 for an ephemeral port ({@link #endpoint()} tells which after start)
     * @param clock real time, for dial backoff
     */
    public GrpcTransport(LocalIdentity self, IdentityValidator validator, TransportConfig config, String bindHost, int bindPort,
            Clock clock) {
        this.self = self;
        this.validator = validator;
        this.config = config;
        this.bindHost = bindHost;
        this.bindPort = bindPort;
        this.clock = clock;
        this.backoff = new DialBackoff(config.dialBackoffMin(), config.dialBackoffMax());
    }

    /** Advertises {@code endpoint} instead of the bound address. Call before {@link #start}. */
    public GrpcTransport advertise(String endpoint) {
        this.advertised = endpoint;
        return this;
    }

    /** Outgoing connections come from {@code host}. Call before {@link #start}. */
    public GrpcTransport dialFrom(String host) {
        this.dialFrom = host;
        return this;
    }

    @Override
    public synchronized void start(InboundHandler inbound) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.handler = inbound;
        SslContext serverTls;
        try {
            serverTls = GrpcTls.server(self, validator.orgs().allTlsRoots(), reason -> rejected(RejectReason.TLS_HANDSHAKE_FAILED, reason));
            clientTls = GrpcTls.client(self, validator.orgs().allTlsRoots());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for " + self + ": " + e.getMessage(), e);
        }
        long handshakeMillis = config.dialTimeout().toMillis() + config.connTimeout().toMillis();
        Server built = NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, bindPort))
                .sslContext(serverTls)
                .maxInboundMessageSize(config.maxMessageSize())
                // HTTP/2 window of one frame (gRPC's default is 1 MiB): a 15 MB block no longer crosses in 1 MiB
                // steps, each waiting for the receiver's WINDOW_UPDATE (bench catchup, 60 x 15 MB: 82-95 -> 112-121 MB/s)
                .initialFlowControlWindow(config.maxMessageSize())
                .permitKeepAliveTime(KEEPALIVE_SECONDS / 2, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .handshakeTimeout(handshakeMillis, TimeUnit.MILLISECONDS)
                .maxConcurrentCallsPerConnection(MAX_STREAMS_PER_CONNECTION)
                .withChildOption(ChannelOption.TCP_NODELAY, true)
                // stream callbacks run on the Netty event loop: they parse, admit into the node's bounded inbox
                // and return, never block; a hand-off to gRPC's pool per message cost two futex wake-ups
                // (bench load, 20 peers: 1.0 -> 0.75 cores busy at 20 blocks/s, 2026-12-02)
                .directExecutor()
                .addService(ServerInterceptors.intercept(new GossipService(this), PeerCertificates.serverSide()))
                .build();
        try {
            built.start();
        } catch (IOException e) {
            String reason = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            throw new UncheckedIOException(new BindException("cannot listen on " + bindHost + ":" + bindPort + ": "
                    + (reason.contains("Address already in use") ? "address already in use" : reason)));
        }
        server = built;
        int port = ((InetSocketAddress) built.getListenSockets().get(0)).getPort();
        endpoint = advertised != null ? advertised : bindHost + ":" + port;
        LOG.info("{} listening on {}:{}{} (gRPC gossip.Gossip, mutual TLS)", self, bindHost, port,
                advertised != null ? ", reached at " + advertised : "");
    }

    @Override
    public CompletableFuture<PeerIdentity> connect(String target) {
        if (closed || server == null) {
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
            dialing.remove(target, dial);
        }
        return dial;
    }

    private CompletableFuture<PeerIdentity> dial(String target) {
        int colon = target.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("endpoint must be host:port: " + target));
        }
        String host = target.substring(0, colon);
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port)
                .sslContext(clientTls)
                .maxInboundMessageSize(config.maxMessageSize())
                .initialFlowControlWindow(config.maxMessageSize()) // as the server's, above
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .withOption(ChannelOption.TCP_NODELAY, true)
                .directExecutor() // as the server's, above
                .disableRetry();
        if (dialFrom != null) {
            InetSocketAddress local = new InetSocketAddress(dialFrom, 0);
            builder.localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                @Override
                public java.net.SocketAddress createSocketAddress(java.net.SocketAddress remote, io.grpc.Attributes attrs) {
                    return local;
                }
            });
        }
        ManagedChannel channel = builder.build();
        // the dial's own outcome; the caller's future completes only after the backoff and the dialing map know it, so
        // that whoever sees a failed dial and dials again at once meets the backoff, never a second dial
        CompletableFuture<PeerIdentity> attempt = new CompletableFuture<>();
        CompletableFuture<PeerIdentity> result = new CompletableFuture<>();
        long pingMillis = config.dialTimeout().toMillis() + config.connTimeout().toMillis();
        var ping = GossipGrpc.newFutureStub(channel).withDeadlineAfter(pingMillis, TimeUnit.MILLISECONDS)
                .ping(Empty.getDefaultInstance());
        ping.addListener(() -> {
            try {
                ping.get();
            } catch (Exception e) {
                attempt.completeExceptionally(e.getCause() != null ? e.getCause() : e);
                channel.shutdownNow();
                return;
            }
            openStream(target, channel, attempt);
        }, Runnable::run);
        attempt.whenComplete((peer, error) -> {
            dialing.remove(target, result);
            if (error == null) {
                backoff.succeeded(target);
                counters.dialSucceeded(target);
                result.complete(peer);
                return;
            }
            backoff.failed(target, clock.millis());
            String tls = DialFailures.tlsReason(error);
            if (tls != null) {
                counters.tlsDialFailed(target, tls);
                LOG.warn("dial {} failed in TLS: {}", target, tls);
            } else {
                LOG.debug("dial {} failed: {}", target, error.toString());
            }
            result.completeExceptionally(error);
        });
        return result;
    }

    private void openStream(String target, ManagedChannel channel, CompletableFuture<PeerIdentity> result) {
        if (closed) {
            result.completeExceptionally(new IllegalStateException("transport is closing"));
            channel.shutdownNow();
            return;
        }
        PeerCertificates.Capture capture = new PeerCertificates.Capture();
        PeerStream stream = new PeerStream(this, target, channel, capture::hash, result);
        GossipGrpc.newStub(channel).withInterceptors(capture).gossipStream(stream);
        stream.begin();
    }

    /** A stream passed its handshake: it becomes the peer's connection, unless a better one exists. */
    void opened(PeerStream stream) {
        counters.opened();
        connections.register(stream).ifPresent(loser -> {
            counters.duplicate();
            loser.close();
        });
        LOG.info("{} connected to {} ({})", self.pkiId().shortHex(), stream.peer(),
                stream.endpoint() != null ? "dialed " + stream.endpoint() : "accepted");
        InboundHandler h = handler;
        if (h != null && stream.isActive()) {
            h.onConnected(stream.peer());
        }
    }

    void deliver(ReceivedMessage message) {
        InboundHandler h = handler;
        if (h != null) {
            h.onMessage(message);
        }
    }

    void closed(PeerStream stream) {
        counters.closed();
        connections.remove(stream);
        if (connections.get(stream.peer().pkiId()).isEmpty()) {
            InboundHandler h = handler;
            if (h != null) {
                h.onDisconnected(stream.peer().pkiId());
            }
        }
    }

    void endedByPeer(String who, io.grpc.Status status) {
        LOG.warn("{}: the gossip stream with {} ended: {} {}", self.pkiId().shortHex(), who, status.getCode(), status.getDescription());
    }

    void rejected(RejectReason reason, String detail) {
        counters.reject(reason);
        LOG.warn("{} refused a gossip stream: {}", self.pkiId().shortHex(), detail);
    }

    @Override
    public boolean send(PkiId to, Envelope message) {
        if (message.getSerializedSize() > config.maxMessageSize()) {
            counters.oversizedNotSent();
            LOG.warn("{}: a message of {} bytes to {} exceeds peer.gossip.maxMessageSize ({}): not sent", self.pkiId().shortHex(),
                    message.getSerializedSize(), to.shortHex(), config.maxMessageSize());
            return false;
        }
        return connections.get(to).map(c -> c.send(message, config.sendBuffSize(), config.sendBuffBytes())).orElse(false);
    }

    @Override
    public int maxMessageSize() {
        return config.maxMessageSize();
    }

    @Override
    public void pauseReading(PkiId peer, boolean paused) {
        connections.get(peer).ifPresent(c -> c.pauseReading(paused));
    }

    @Override
    public Set<PkiId> connectedPeers() {
        return connections.peers();
    }

    @Override
    public void disconnect(PkiId peer) {
        connections.get(peer).ifPresent(PeerStream::close);
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

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public synchronized void close() {
        if (server == null || closed) {
            return;
        }
        closed = true;
        connections.closeAll();
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }
}
