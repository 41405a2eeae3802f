package io.ledgergossip.interop;

import static io.ledgergossip.interop.FabricChannel.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkCrypto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures, not checks (the full profile runs them): how fast a ledger-gossip peer takes blocks from
 * a real Fabric leader, and how fast it serves them to a Fabric node that lags, on real sockets.
 * Blocks of 2 transactions (about 2 KB). Prints one line each.
 */
@Tag("slow")
class FabricThroughputBenchTest {
    static final int BLOCKS = 2001;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsFabric() {
        FabricChannel.requireFabricNode();
    }

    @Test
    void aLedgerGossipPeerTakesBlocksFromAFabricLeader() throws Exception {
        try (FabricChannel channel = new FabricChannel(tmp, FabricInteropTest.NETWORK, BLOCKS);
                LocalNetwork net = new LocalNetwork(channel.config, tmp.resolve("data"), channel.crypto,
                        new ReleasedChain(List.of(), NetworkCrypto.ordererIdentity(channel.config, channel.crypto)))) {
            RunningPeer ours = net.start("peer0.org1.example.com");
            FabricGossipNode leader = channel.start(channel.fabricNode("peer1.org1.example.com", "127.0.0.1:7552", "127.0.0.1:7551")
                    .asLeader(BLOCKS - 1, 10_000, Duration.ofSeconds(3)));
            assertTrue(eventually(Duration.ofSeconds(30), () -> ours.node().height() > 1));
            long start = System.nanoTime();
            long from = ours.node().height();
            assertTrue(eventually(Duration.ofSeconds(300), () -> ours.node().height() == BLOCKS), () -> "reached " + ours.node().height());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("FIGURE from a Fabric leader: %d blocks in %.1f s = %.0f blocks/s (the leader fed %d)%n", BLOCKS - from,
                    seconds, (BLOCKS - from) / seconds, leader.height());
        }
    }

    @Test
    void aLedgerGossipPeerServesALaggingFabricNode() throws Exception {
        try (FabricChannel channel = new FabricChannel(tmp, FabricInteropTest.NETWORK, BLOCKS)) {
            ReleasedChain orderer = new ReleasedChain(channel.chain, NetworkCrypto.ordererIdentity(channel.config, channel.crypto));
            try (LocalNetwork net = new LocalNetwork(channel.config, tmp.resolve("data"), channel.crypto, orderer)) {
                RunningPeer super1 = net.start("peer0.org1.example.com");
                RunningPeer super2 = net.start("peer0.org2.example.com");
                while (orderer.hasMore()) {
                    orderer.releaseNext();
                }
                assertTrue(eventually(Duration.ofSeconds(120), () -> super1.node().height() == BLOCKS && super2.node().height() == BLOCKS));
                long start = System.nanoTime(); // from the process start: its handshakes and first StateInfo are in the figure
                FabricGossipNode lagging = channel.start(channel.fabricNode("peer1.org2.example.com", "127.0.0.1:7554", "127.0.0.1:7553"));
                long from = 1;
                assertTrue(eventually(Duration.ofSeconds(300), () -> lagging.height() == BLOCKS), () -> "reached " + lagging.height());
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("FIGURE to a lagging Fabric node (from its process start): %d blocks in %.1f s = %.0f blocks/s, %s%n", BLOCKS - from, seconds,
                        (BLOCKS - from) / seconds, lagging.blocksByVia());
            }
        }
    }
}
