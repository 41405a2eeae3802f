package io.ledgergossip.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.memory.LinkFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebalancing on the virtual clock, with short and Fabric's alive intervals: when a second super
 * node appears, the children of the first move over a few intervals, never all at once (a herd), and
 * slow answers to abandoned attaches leave no phantom children.
 */
class RebalancingTest {
    private static final int CHILDREN = 20;

    @TempDir
    Path tmp;

    private static MembershipConfig every(Duration alive) {
        return new MembershipConfig(alive, alive.multipliedBy(5), Defaults.PROPAGATE_PEER_NUM, alive, Defaults.PULL_PEER_NUM,
                Defaults.PROPAGATE_ITERATIONS, alive.multipliedBy(5));
    }

    @ParameterizedTest
    @ValueSource(longs = {300, 5000})
    void childrenMoveToANewSuperNodeGraduallyAndEndBalancedWithoutPhantoms(long aliveMillis) throws Exception {
        Duration alive = Duration.ofMillis(aliveMillis);
        SimulatedNetwork net = new SimulatedNetwork(tmp, 7, 1, 2, CHILDREN, every(alive), TopologyConfig.defaults());
        List<Peer> org = net.org(1);
        Peer first = org.get(0);
        Peer second = org.get(1);
        for (Peer p : org) {
            if (p != second) {
                net.start(p);
            }
        }
        net.advance(alive.multipliedBy(4));
        assertEquals(CHILDREN, first.node().topology().children().size(), "every ordinary peer below the only super node");

        // answers from the new super node are slow (more than one upkeep period): attaches get abandoned and answered late
        for (Peer p : org) {
            net.network().setFaults(second.endpoint(), p.endpoint(), LinkFaults.NONE.withDelay(alive.dividedBy(3), Duration.ZERO));
        }
        net.start(second);
        Duration upkeep = alive.dividedBy(TopologyService.MAINTENANCE_PER_ALIVE_INTERVAL);
        int previous = 0;
        int mostInOnePeriod = 0;
        for (int i = 0; i < 60 * TopologyService.MAINTENANCE_PER_ALIVE_INTERVAL; i++) {
            net.advance(upkeep);
            int now = second.node().topology().children().size();
            mostInOnePeriod = Math.max(mostInOnePeriod, now - previous);
            previous = now;
        }
        assertTrue(mostInOnePeriod <= CHILDREN / 3, "a herd: " + mostInOnePeriod + " of " + CHILDREN
                + " children moved within one upkeep period of " + upkeep.toMillis() + " ms");
        int a = first.node().topology().children().size();
        int b = second.node().topology().children().size();
        assertTrue(Math.abs(a - b) <= 2, "not balanced after 60 intervals: " + a + " and " + b);
        assertEquals(CHILDREN, a + b, "every child counted once");
        for (Peer superNode : List.of(first, second)) {
            for (PkiId child : superNode.node().topology().children()) {
                Optional<PkiId> parent = TopologyScenarioTest.peerById(net, child).node().topology().parent();
                assertEquals(Optional.of(superNode.identity().pkiId()), parent, "a phantom child of " + superNode);
            }
        }
    }
}
