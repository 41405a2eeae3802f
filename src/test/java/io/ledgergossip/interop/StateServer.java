package io.ledgergossip.interop;

import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.grpc.GrpcTransport;
import io.ledgergossip.wire.SignedGossip;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateRequest;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateResponse;

/**
 * A peer that does nothing but answer Fabric state-transfer requests from a given list of blocks,
 * forged or not: the hostile source of the recover scenarios, on the real wire.
 */
final class StateServer implements AutoCloseable {
    private final GrpcTransport transport;

    private StateServer(GrpcTransport transport) {
        this.transport = transport;
    }

    static StateServer start(FabricChannel channel, String peer, String listen, List<Block> blocks) throws Exception {
        return start(channel, peer, listen, blocks, Integer.MAX_VALUE);
    }

    /** One that answers its first {@code answers} requests, then keeps the connection open and says nothing more (half-open). */
    static StateServer start(FabricChannel channel, String peer, String listen, List<Block> blocks, int answers) throws Exception {
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(answers);
        NetworkConfig.Peer spec = channel.config.peers().stream().filter(p -> p.name().equals(peer)).findFirst().orElseThrow();
        int colon = listen.lastIndexOf(':');
        GrpcTransport transport = new GrpcTransport(NetworkCrypto.peerIdentity(channel.config, channel.crypto, spec),
                NetworkCrypto.validator(channel.config, channel.crypto, System::currentTimeMillis), TransportConfig.defaults(),
                listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)), System::currentTimeMillis);
        transport.start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) {
                if (message.message() == null || !message.message().hasStateRequest() || left.getAndDecrement() <= 0) {
                    return;
                }
                RemoteStateRequest request = message.message().getStateRequest();
                RemoteStateResponse.Builder response = RemoteStateResponse.newBuilder();
                for (long n = request.getStartSeqNum(); n <= request.getEndSeqNum() && n < blocks.size(); n++) {
                    response.addPayloads(Payload.newBuilder().setSeqNum(n).setData(blocks.get((int) n).toByteString()));
                }
                transport.send(message.sender().pkiId(), SignedGossip.unsigned(GossipMessage.newBuilder()
                        .setNonce(message.message().getNonce()).setChannel(message.message().getChannel())
                        .setTag(GossipMessage.Tag.CHAN_OR_ORG).setStateResponse(response).build()));
            }
        });
        return new StateServer(transport);
    }

    @Override
    public void close() {
        transport.close();
    }
}
