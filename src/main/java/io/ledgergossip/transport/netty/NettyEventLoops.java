package io.ledgergossip.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;

/**
 * Network threads (epoll where the kernel has it). A peer process has its own; many peers in one
 * JVM (a fixture network, a benchmark) share one set sized to the machine, instead of two threads
 * per peer competing for the same cores.
 */
public final class NettyEventLoops implements AutoCloseable {
    private final EventLoopGroup group;

    public NettyEventLoops(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** One thread per core. */
    public static NettyEventLoops forThisMachine() {
        return new NettyEventLoops(Runtime.getRuntime().availableProcessors());
    }

    EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
