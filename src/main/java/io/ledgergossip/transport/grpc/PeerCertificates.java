package io.ledgergossip.transport.grpc;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.ledgergossip.identity.LocalIdentity;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The hash of the TLS certificate the far end presented on a connection, which its ConnEstablish
 * must carry ({@code tls_cert_hash}): on the accepting side read from the call's TLS session, on
 * the dialing side captured when the server's headers arrive (before its first message).
 */
final class PeerCertificates {
    /** The accepted call's TLS session, handed from the interceptor to the service. */
    static final Context.Key<SSLSession> TLS_SESSION = Context.key("ledger-gossip-tls-session");

    private PeerCertificates() {}

    /** Puts each accepted call's TLS session into its context. */
    static ServerInterceptor serverSide() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                return Contexts.interceptCall(Context.current().withValue(TLS_SESSION, session), call, headers, next);
            }
        };
    }

    /** SHA-256 of the DER of the first certificate of the session's peer, or null when it presented none. */
    static byte[] hashOf(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : LocalIdentity.certHash((X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** Captures, for one dialed stream, the server's certificate hash. */
    static final class Capture implements ClientInterceptor {
        private volatile byte[] hash;

        byte[] hash() {
            return hash;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    ClientCall<Q, R> call = delegate();
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata received) {
                            Attributes attributes = call.getAttributes();
                            hash = hashOf(attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                            super.onHeaders(received);
                        }
                    }, headers);
                }
            };
        }
    }
}
