package io.ledgergossip.interop;

import static io.ledgergossip.interop.FabricChannel.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.recovery.BlockSupply;
import io.ledgergossip.recovery.BlockSupplyContract;
import io.ledgergossip.recovery.StateTransferSupply;
import io.ledgergossip.transport.grpc.GrpcTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supply contract over ledger-gossip peers answering Fabric's RemoteStateRequest on real
 * sockets with mutual TLS, plus what only a network source has to face: peers that hold less,
 * peers that answer with blocks other than those asked for.
 */
class StateTransferSupplyContractTest extends BlockSupplyContract {
    static final String NETWORK = FabricInteropTest.NETWORK.replace("127.0.0.1:755", "127.0.0.1:787");
    static final int BLOCKS = 120;

    @TempDir
    static Path tmp;
    static FabricChannel channel;
    static LocalNetwork net;

    @BeforeAll
    static void network() throws Exception {
        channel = new FabricChannel(tmp, NETWORK, BLOCKS);
        ReleasedChain orderer = new ReleasedChain(channel.chain, NetworkCrypto.ordererIdentity(channel.config, channel.crypto));
        net = new LocalNetwork(channel.config, tmp.resolve("data"), channel.crypto, orderer);
        List<RunningPeer> peers = List.of(net.start("peer0.org1.example.com"), net.start("peer0.org2.example.com"),
                net.start("peer1.org1.example.com"));
        while (orderer.hasMore()) {
            orderer.releaseNext();
        }
        assertTrue(eventually(Duration.ofSeconds(60), () -> peers.stream().allMatch(p -> p.node().height() == BLOCKS)));
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
        channel.close();
    }

    @Override
    protected List<Block> chain() {
        return channel.chain;
    }

    @Override
    protected BlockSupply newSupply() throws Exception {
        return supply(List.of("127.0.0.1:7871", "127.0.0.1:7873", "127.0.0.1:7872"));
    }

    private static StateTransferSupply supply(List<String> endpoints) throws Exception {
        return supply(endpoints, Duration.ofSeconds(2));
    }

    private static StateTransferSupply supply(List<String> endpoints, Duration timeout) throws Exception {
        NetworkConfig.Peer asker = channel.config.peers().stream().filter(p -> p.name().equals("peer3.org2.example.com")).findFirst()
                .orElseThrow();
        GrpcTransport transport = new GrpcTransport(NetworkCrypto.peerIdentity(channel.config, channel.crypto, asker),
                NetworkCrypto.validator(channel.config, channel.crypto, System::currentTimeMillis), TransportConfig.defaults(),
                "127.0.0.1", 0, System::currentTimeMillis);
        return new StateTransferSupply(transport, "mychannel", endpoints, timeout, 10, 4, 1);
    }

    /**
     * A ledger-gossip peer answers a range longer than its state.batchSize (10) to an asker that is
     * not a Fabric peer of its membership: its answers are capped in bytes. (A Fabric peer's request
     * is held to Fabric's rule; FabricInteropTest has Fabric nodes catch up from ours.)
     */
    @Test
    void aLedgerGossipPeerAnswersRangesSizedInBytesNotJustBatchSize() throws Exception {
        NetworkConfig.Peer asker = channel.config.peers().stream().filter(p -> p.name().equals("peer3.org2.example.com")).findFirst()
                .orElseThrow();
        GrpcTransport transport = new GrpcTransport(NetworkCrypto.peerIdentity(channel.config, channel.crypto, asker),
                NetworkCrypto.validator(channel.config, channel.crypto, System::currentTimeMillis), TransportConfig.defaults(),
                "127.0.0.1", 0, System::currentTimeMillis);
        try (StateTransferSupply supply = new StateTransferSupply(transport, "mychannel", List.of("127.0.0.1:7871"),
                Duration.ofSeconds(2), 59, 1, 1)) {
            List<Block> got = new ArrayList<>();
            supply.stream(0, (block, source) -> got.add(block));
            assertEquals(BLOCKS, got.size(), "ranges of 60 blocks answered: " + supply.problems());
            assertEquals(channel.chain.get(BLOCKS - 1), got.get(BLOCKS - 1));
            assertTrue(supply.problems().isEmpty(), supply.problems().toString());
        }
    }

    @Test
    void aPeerHoldingLessAndAPeerSendingOtherBlocksDoNotStopTheOthers() throws Exception {
        List<Block> shorter = channel.chain.subList(0, 70);
        List<Block> shuffled = new ArrayList<>(channel.chain);
        for (int n = 40; n < BLOCKS - 1; n++) {
            shuffled.set(n, channel.chain.get(n + 1)); // asked for block n, it sends block n + 1: whatever it is asked, it lies
        }
        try (StateServer holdsLess = StateServer.start(channel, "peer2.org1.example.com", "127.0.0.1:7875", shorter);
                StateServer sendsOthers = StateServer.start(channel, "peer2.org2.example.com", "127.0.0.1:7876", shuffled);
                StateTransferSupply supply = supply(List.of("127.0.0.1:7875", "127.0.0.1:7876", "127.0.0.1:7871"))) {
            List<Block> got = new ArrayList<>();
            supply.stream(40, (block, source) -> got.add(block));
            assertEquals(BLOCKS - 40, got.size(), "every block from 40 on, whoever failed");
            for (int i = 0; i < got.size(); i++) {
                assertEquals(40 + i, got.get(i).getHeader().getNumber());
            }
            assertTrue(supply.problems().getOrDefault("127.0.0.1:7876", "").contains("a block numbered"), supply.problems().toString());
            assertTrue(supply.blocksBySource().get("127.0.0.1:7875") <= 30, "the shorter peer served only what it holds: "
                    + supply.blocksBySource());
        }
    }

    @Test
    void aPeerThatFallsSilentMidStreamIsGivenUpAndTheOthersFinish() throws Exception {
        try (StateServer silent = StateServer.start(channel, "peer2.org1.example.com", "127.0.0.1:7875", channel.chain, 2);
                StateTransferSupply supply = supply(List.of("127.0.0.1:7875", "127.0.0.1:7872"), Duration.ofSeconds(1))) {
            List<Block> got = new ArrayList<>();
            supply.stream(0, (block, source) -> got.add(block));
            assertEquals(BLOCKS, got.size(), "every block, the silent peer's ranges asked again of the other");
            assertTrue(supply.problems().getOrDefault("127.0.0.1:7875", "").contains("did not answer 3 requests in a row"),
                    supply.problems().toString());
            assertEquals(22, supply.blocksBySource().get("127.0.0.1:7875"), "its two answers were used: " + supply.blocksBySource());
        }
    }
}
