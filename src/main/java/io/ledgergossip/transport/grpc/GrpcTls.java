package io.ledgergossip.transport.grpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.ledgergossip.identity.LocalIdentity;
import java.security.cert.X509Certificate;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * gRPC's TLS as a Fabric peer runs it: TLS 1.3 or 1.2, ALPN {@code h2}, the node's TLS key and
 * certificate on both sides (Fabric's {@code peer.tls.clientCert} defaults to the server
 * certificate), the orgs' CAs as roots. The server asks for a client certificate and verifies one
 * that is presented (a certificate of a foreign CA ends the TLS handshake); a client that sends
 * none gets through TLS, as with Fabric's default {@code clientAuthRequired: false}, and its
 * gossip stream is then refused with Fabric's reason, "no TLS certificate".
 */
final class GrpcTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private GrpcTls() {}

    /** @param refused told of every client certificate the server refuses, and why */
    static SslContext server(LocalIdentity self, List<X509Certificate> trustedRoots, Consumer<String> refused) throws SSLException {
        CountingTrustManager clients;
        try {
            clients = new CountingTrustManager(trustedRoots, refused);
        } catch (GeneralSecurityException e) {
            throw new SSLException("cannot build the trust store of the orgs' CAs: " + e.getMessage(), e);
        }
        return GrpcSslContexts.configure(SslContextBuilder.forServer(self.tlsKey(), self.tlsCert()))
                .protocols(PROTOCOLS)
                .trustManager(clients)
                .clientAuth(ClientAuth.OPTIONAL)
                .build();
    }

    static SslContext client(LocalIdentity self, List<X509Certificate> trustedRoots) throws SSLException {
        return GrpcSslContexts.forClient()
                .protocols(PROTOCOLS)
                .keyManager(self.tlsKey(), self.tlsCert())
                .trustManager(trustedRoots.toArray(X509Certificate[]::new))
                .build();
    }
}
