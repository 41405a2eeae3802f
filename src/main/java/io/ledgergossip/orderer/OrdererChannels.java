package io.ledgergossip.orderer;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.ledgergossip.identity.LocalIdentity;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** A gRPC channel to an orderer as a Fabric peer opens one: mutual TLS, Fabric's message limit, keepalive the orderer allows. */
final class OrdererChannels {
    /** Fabric's gRPC limit: a block may reach AbsoluteMaxBytes (99 MB in Fabric's sample) plus metadata. */
    private static final int MAX_BLOCK_MESSAGE = 100 * 1024 * 1024;

    private OrdererChannels() {}

    /**
     * @param orderer host:port
     * @param ordererTlsRoots the ordering orgs' TLS CAs
     */
    static ManagedChannel open(String orderer, LocalIdentity self, List<X509Certificate> ordererTlsRoots) throws SSLException {
        int colon = orderer.lastIndexOf(':');
        return NettyChannelBuilder.forAddress(orderer.substring(0, colon), Integer.parseInt(orderer.substring(colon + 1)))
                .sslContext(GrpcSslContexts.forClient().keyManager(self.tlsKey(), self.tlsCert())
                        .trustManager(ordererTlsRoots.toArray(X509Certificate[]::new)).build())
                .maxInboundMessageSize(MAX_BLOCK_MESSAGE)
                .keepAliveTime(60, TimeUnit.SECONDS) // the orderer closes connections that ping more often
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .build();
    }
}
