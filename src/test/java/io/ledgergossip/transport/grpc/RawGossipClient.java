package io.ledgergossip.transport.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.gossip.GossipGrpc;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/**
 * A gossip client that does whatever a test tells it on Fabric's wire: TLS with any certificate,
 * one GossipStream, any envelope in any order, reading only when told (a peer that stops reading).
 */
final class RawGossipClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final LinkedBlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<Envelope> out;

    /**
     * @param reading false for a peer that never reads what it is sent (HTTP/2 flow control then holds the sender back)
     */
    RawGossipClient(int port, PrivateKey tlsKey, X509Certificate tlsCert, List<X509Certificate> trusted, boolean reading,
            int maxInbound) throws Exception {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.forClient().keyManager(tlsKey, tlsCert)
                        .trustManager(trusted.toArray(X509Certificate[]::new)).build())
                .maxInboundMessageSize(maxInbound)
                .build();
        GossipGrpc.newStub(channel).gossipStream(new ClientResponseObserver<Envelope, Envelope>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Envelope> requestStream) {
                if (!reading) {
                    requestStream.disableAutoRequestWithInitial(1); // the victim's ConnEstablish, then nothing
                }
                out = requestStream;
            }

            @Override
            public void onNext(Envelope value) {
                received.add(value);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        });
    }

    void send(Envelope envelope) {
        out.onNext(envelope);
    }

    /** The next envelope the victim sent, or an assertion error after 10 s. */
    Envelope next() throws InterruptedException {
        Envelope e = received.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("nothing received within 10 s");
        }
        return e;
    }

    /** How the victim ended the stream, or null if it did not within {@code limit}. */
    Status endedWithin(Duration limit) throws Exception {
        try {
            return ended.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
