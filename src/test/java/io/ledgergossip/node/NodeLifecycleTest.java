package io.ledgergossip.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.topology.DeliveryReceipt;
import io.ledgergossip.transport.memory.LinkFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a node calls off everything it had scheduled, and what it promised gets a definite answer. */
class NodeLifecycleTest {
    @TempDir
    Path tmp;

    @Test
    void stoppedNodesLeaveNoTimerBehindAndTheirPendingPromisesAreAnswered() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 3, 1, 1, 3, MembershipConfig.defaults(), TopologyConfig.defaults());
        net.startAll();
        net.advance(Duration.ofSeconds(15));
        for (int i = 0; i < 5; i++) {
            net.orderer().cut();
        }
        net.advance(Duration.ofSeconds(2));
        Peer sender = net.org(1).get(1);
        Peer target = net.org(1).get(3);
        // the target's answers are slow: routed messages stay in flight with hop timers armed
        for (Peer p : net.peers()) {
            net.network().setFaults(target.endpoint(), p.endpoint(), LinkFaults.NONE.withDelay(Duration.ofSeconds(3), Duration.ZERO));
        }
        CompletableFuture<DeliveryReceipt> receipt = sender.node().send(target.identity().pkiId(), new byte[] {1});
        CompletableFuture<Long> never = sender.node().awaitHeight(1_000, Duration.ofMinutes(10));
        net.advance(Duration.ofMillis(100));
        assertTrue(net.scheduler().live() > 0);

        for (Peer p : net.peers()) {
            assertTrue(p.node().stop().isDone(), "on a virtual-time scheduler stop completes at once");
        }
        assertTrue(receipt.isDone() && receipt.get().status() == DeliveryReceipt.Status.FAILED, "the sender got a definite answer");
        assertTrue(never.isCompletedExceptionally(), "a height wait fails on stop instead of hanging");
        net.advance(Duration.ofSeconds(4)); // messages already on the wire land (and are ignored)
        assertEquals(0, net.scheduler().live(), "a stopped node left timers behind");
    }

    @Test
    void aPeerWithoutALedgerTakesNoBlocksIntoMemory() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 5, 1, 1, 4, MembershipConfig.defaults(), TopologyConfig.defaults());
        List<Peer> org = net.org(1);
        for (Peer p : org.subList(0, 4)) {
            net.start(p);
        }
        Peer spare = org.get(4); // its identity, run as a ledger-less node
        var transport = net.network().join(spare.identity(), spare.endpoint(), net.validator(),
                io.ledgergossip.config.TransportConfig.defaults());
        GossipNode ledgerless = new GossipNode(spare.identity(), transport, net.scheduler(), new java.util.SplittableRandom(1),
                net.validator(), new NodeSettings(false, List.of(org.get(0).endpoint()), MembershipConfig.defaults(),
                        TopologyConfig.defaults()), io.ledgergossip.store.MembershipStore.NONE);
        ledgerless.start();
        net.advance(Duration.ofSeconds(15));
        for (int i = 0; i < 20; i++) {
            net.orderer().cut();
            net.advance(Duration.ofMillis(100));
        }
        net.advance(Duration.ofSeconds(30)); // pull and state transfer rounds pass
        assertEquals(20, org.get(3).node().height(), "the others commit");
        assertEquals(0, ledgerless.height(), "the ledger-less peer holds no block");
        assertEquals(0, ledgerless.dissemination().counters().bodiesReceived() + ledgerless.ledger().height());
        assertTrue(org.get(1).node().membership().isAlive(spare.identity().pkiId()), "yet it is a live member");
        ledgerless.stop();
    }
}
