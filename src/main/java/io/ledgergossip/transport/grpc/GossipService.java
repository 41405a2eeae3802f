package io.ledgergossip.transport.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.transport.RejectReason;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.protos.gossip.GossipGrpc;
import org.hyperledger.fabric.protos.gossip.Message.Empty;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/** The server side of Fabric's {@code gossip.Gossip} service. */
final class GossipService extends GossipGrpc.GossipImplBase {
    private final GrpcTransport transport;

    GossipService(GrpcTransport transport) {
        this.transport = transport;
    }

    /** Fabric pings before every stream it opens, and to see whether a dead member came back. */
    @Override
    public void ping(Empty request, StreamObserver<Empty> response) {
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public StreamObserver<Envelope> gossipStream(StreamObserver<Envelope> response) {
        ServerCallStreamObserver<Envelope> call = (ServerCallStreamObserver<Envelope>) response;
        call.disableAutoRequest();
        byte[] certHash = PeerCertificates.hashOf(PeerCertificates.TLS_SESSION.get());
        PeerStream stream = new PeerStream(transport, null, null, () -> certHash, new CompletableFuture<PeerIdentity>());
        call.setOnCancelHandler(stream::cancelled);
        stream.attach(call);
        if (certHash == null) {
            stream.refuse(RejectReason.TLS_HANDSHAKE_FAILED, "no TLS certificate"); // Fabric's first check, before its ConnEstablish
        } else {
            stream.begin();
        }
        return stream;
    }
}
