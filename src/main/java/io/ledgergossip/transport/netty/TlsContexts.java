package io.ledgergossip.transport.netty;

import io.ledgergossip.identity.LocalIdentity;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Mutual TLS settings: TLS 1.3 (1.2 allowed), the node's TLS key and certificate on both sides,
 * and as trust roots exactly the CAs of the network's orgs. OpenSSL (BoringSSL) when it loads,
 * since its handshakes are several times faster; the JDK provider otherwise.
 */
final class TlsContexts {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {}

    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    static SslContext server(LocalIdentity self, List<X509Certificate> trustedRoots) throws SSLException {
        return SslContextBuilder.forServer(self.tlsKey(), self.tlsCert())
                .sslProvider(provider())
                .protocols(PROTOCOLS)
                .trustManager(trustedRoots.toArray(X509Certificate[]::new))
                .clientAuth(ClientAuth.REQUIRE)
                .build();
    }

    static SslContext client(LocalIdentity self, List<X509Certificate> trustedRoots) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(provider())
                .protocols(PROTOCOLS)
                .keyManager(self.tlsKey(), self.tlsCert())
                .trustManager(trustedRoots.toArray(X509Certificate[]::new))
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }
}
