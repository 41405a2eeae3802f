package io.ledgergossip.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.memory.LinkFaults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routed delivery: a definite DELIVERED or FAILED within MAX_ROUTE_HOPS x hopTimeout, whatever the network does. */
class RoutedDeliveryScenarioTest {
    private static final TopologyConfig TOPOLOGY = TopologyConfig.defaults();
    private static final long BOUND_MS = 3 * TOPOLOGY.hopTimeout().toMillis();

    @TempDir
    Path tmp;

    private SimulatedNetwork net;
    private final Map<PkiId, List<String>> inbox = new HashMap<>();

    @BeforeEach
    void network() throws Exception {
        net = new SimulatedNetwork(tmp, 70, 5, 2, 8, MembershipConfig.defaults(), TOPOLOGY);
        net.startAll();
        for (Peer p : net.peers()) {
            List<String> got = new ArrayList<>();
            inbox.put(p.identity().pkiId(), got);
            p.node().onRoutedMessage((origin, body) -> got.add(new String(body, StandardCharsets.UTF_8)));
        }
        net.advance(Duration.ofSeconds(15));
    }

    /** Sends and advances virtual time until the receipt is in; fails if that takes longer than the bound. */
    private DeliveryReceipt sendAndWait(Peer from, Peer to, String text) {
        CompletableFuture<DeliveryReceipt> receipt = from.node().send(to.identity().pkiId(), text.getBytes(StandardCharsets.UTF_8));
        long start = net.scheduler().millis();
        while (!receipt.isDone()) {
            net.advance(Duration.ofMillis(100));
            assertTrue(net.scheduler().millis() - start <= BOUND_MS + 100, "no answer within " + BOUND_MS + " ms: a hang");
        }
        return receipt.join();
    }

    @Test
    void toALivePeerInAnotherOrgThroughBothParents() {
        Peer from = net.org(1).get(5);
        Peer to = net.org(4).get(6);
        assertTrue(!from.transport().connectedPeers().contains(to.identity().pkiId()), "not neighbours: the message must be routed");

        DeliveryReceipt receipt = sendAndWait(from, to, "hello org4");

        assertTrue(receipt.delivered(), receipt.toString());
        assertEquals(3, receipt.hops(), "sender -> its parent -> the target's parent -> target");
        assertEquals(List.of("hello org4"), inbox.get(to.identity().pkiId()));
    }

    @Test
    void toANeighbourInOneHop() {
        Peer from = net.org(2).get(4);
        PkiId parent = from.node().topology().parent().orElseThrow();
        Peer to = net.peers().stream().filter(p -> p.identity().pkiId().equals(parent)).findFirst().orElseThrow();
        DeliveryReceipt receipt = sendAndWait(from, to, "to my parent");
        assertTrue(receipt.delivered());
        assertEquals(1, receipt.hops());
    }

    @Test
    void toADeadPeerFailsWithinThreeHopTimeoutsNamingTheHop() {
        Peer from = net.org(1).get(3);
        Peer to = net.org(3).get(7);
        net.kill(to);
        DeliveryReceipt justKilled = sendAndWait(from, to, "are you there?");
        assertEquals(DeliveryReceipt.Status.FAILED, justKilled.status());
        assertTrue(justKilled.elapsedMillis() <= BOUND_MS);
        assertTrue(!justKilled.failedHop().isEmpty() && !justKilled.reason().isEmpty(), justKilled.toString());

        net.advance(MembershipConfig.defaults().aliveExpirationTimeout().plusSeconds(5));
        DeliveryReceipt knownDead = sendAndWait(from, to, "still there?");
        assertEquals(DeliveryReceipt.Status.FAILED, knownDead.status());
        assertEquals("target dead", knownDead.reason());
    }

    @Test
    void toAnUnknownPeerFailsAtOnce() throws Exception {
        PkiId nobody = PkiId.fromBytes(new byte[32]);
        CompletableFuture<DeliveryReceipt> receipt = net.org(1).get(4).node().send(nobody, new byte[] {1});
        net.scheduler().runDue();
        assertEquals("unknown target", receipt.join().reason());
    }

    @Test
    void withThirtyPercentLossAndDuplicatesEveryAnswerIsDefiniteAndNothingIsDeliveredTwice() {
        net.network().setDefaultFaults(new LinkFaults(0.3, Duration.ofMillis(5), Duration.ofMillis(20), 0.2));
        int delivered = 0;
        int sends = 40;
        for (int i = 0; i < sends; i++) {
            Peer from = net.peers().get((i * 7) % 50);
            Peer to = net.peers().get((i * 13 + 5) % 50);
            if (from == to) {
                continue;
            }
            DeliveryReceipt receipt = sendAndWait(from, to, "m" + i);
            assertTrue(receipt.elapsedMillis() <= BOUND_MS, receipt.toString());
            if (receipt.delivered()) {
                delivered++;
                assertEquals(1, inbox.get(to.identity().pkiId()).stream().filter(("m" + i)::equals).count(),
                        "m" + i + " delivered exactly once");
            }
        }
        assertTrue(delivered >= sends * 3 / 4, "retries carry most messages through 30% loss: " + delivered + "/" + sends);
    }
}
