package io.ledgergossip.ops.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 server for GET routes that slow clients cannot starve: connections are read
 * without blocking any thread, a request must arrive whole within {@link #REQUEST_DEADLINE} of the
 * connection opening (else the connection is closed), request heads are capped, each connection
 * gets one answer and is closed, and connections beyond {@link #MAX_CONNECTIONS} are closed at once.
 * Route handlers (which may wait for a node's snapshot) run on a small pool with a bounded queue;
 * a request that finds the queue full is answered 503.
 */
public final class HttpEndpoint implements AutoCloseable {
    /** How long a client has, from connecting, to send its whole request. */
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);
    /** Open connections at most; a scraper and a probe need a handful. */
    public static final int MAX_CONNECTIONS = 512;
    private static final int MAX_REQUEST_HEAD_BYTES = 8 * 1024;
    private static final int HANDLER_THREADS = 2;
    private static final int HANDLER_QUEUE = 64;

    /** An answer: status code, content type and body. */
    public record Response(int status, String contentType, String body) {}

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ThreadPoolExecutor handlers = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(HANDLER_QUEUE), r -> {
                Thread t = new Thread(r, "operations");
                t.setDaemon(true);
                return t;
            });
    private final AtomicInteger open = new AtomicInteger();
    private final Channel server;

    /**
     * @param routes path to the handler that answers a GET on it
     * @param tls HTTPS with this context, or null for plain HTTP
     */
    public HttpEndpoint(InetSocketAddress address, Map<String, Supplier<Response>> routes, SSLContext tls) throws java.io.IOException {
        SslContext ssl = tls == null ? null : new JdkSslContext(tls, false, ClientAuth.NONE);
        Map<String, Supplier<Response>> table = Map.copyOf(routes);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_CLOSE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > MAX_CONNECTIONS) {
                            open.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.eventLoop().schedule(() -> ch.close(), REQUEST_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(4096, MAX_REQUEST_HEAD_BYTES, 8192));
                        ch.pipeline().addLast(new HttpObjectAggregator(MAX_REQUEST_HEAD_BYTES));
                        ch.pipeline().addLast(new Router(table));
                    }
                });
        try {
            server = bootstrap.bind(address).sync().channel();
        } catch (Exception e) {
            close();
            throw new java.net.BindException("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Map<String, Supplier<Response>> routes;

        Router(Map<String, Supplier<Response>> routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                answer(ctx, new Response(400, "text/plain", "bad request\n"));
                return;
            }
            if (!HttpMethod.GET.equals(request.method())) {
                answer(ctx, new Response(405, "text/plain", "GET only\n"));
                return;
            }
            Supplier<Response> route = routes.get(new QueryStringDecoder(request.uri()).path());
            if (route == null) {
                answer(ctx, new Response(404, "text/plain", "not found\n"));
                return;
            }
            try {
                handlers.execute(() -> {
                    Response response;
                    try {
                        response = route.get();
                    } catch (RuntimeException e) {
                        response = new Response(500, "text/plain", "internal error\n");
                    }
                    answer(ctx, response);
                });
            } catch (RejectedExecutionException e) {
                answer(ctx, new Response(503, "text/plain", "busy\n"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that breaks the protocol or the TLS handshake loses its connection, nothing else
        }
    }

    private static void answer(ChannelHandlerContext ctx, Response response) {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(body));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        handlers.shutdownNow();
    }
}
