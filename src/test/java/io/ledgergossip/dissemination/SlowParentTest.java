package io.ledgergossip.dissemination;

import static io.ledgergossip.dissemination.DisseminationScenarioTest.cut;
import static io.ledgergossip.dissemination.DisseminationScenarioTest.network;
import static io.ledgergossip.dissemination.DisseminationScenarioTest.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.transport.memory.LinkFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A super node that pushes late (a loaded one: here its links to ordinary peers take 40 ms) while
 * its children hear each new number within a few milliseconds from siblings fed by a fast super
 * node. A child that asked a sibling one hop after the announcement would take every block twice,
 * and on a loaded machine the second copies load every peer further. The children learn how long
 * their parent's pushes trail the announcements and wait that long: after the first blocks they
 * fetch next to nothing twice, and every block still reaches every peer.
 */
class SlowParentTest {
    private static final Duration FAST = Duration.ofMillis(2);
    private static final Duration SLOW = Duration.ofMillis(40);
    private static final Duration EVERY = Duration.ofMillis(200);

    @TempDir
    Path tmp;

    @Test
    void childrenOfASlowParentWaitForItsPushInsteadOfFetchingEachBlockTwice() throws Exception {
        SimulatedNetwork net = network(tmp, 77, 1, 8, DisseminationConfig.defaults());
        net.network().setDefaultFaults(LinkFaults.NONE.withDelay(FAST, Duration.ZERO));
        Peer slow = net.peers().stream().filter(Peer::superNode).findFirst().orElseThrow();
        List<Peer> ordinary = net.peers().stream().filter(p -> !p.superNode()).toList();
        for (Peer p : ordinary) {
            net.network().setFaults(slow.endpoint(), p.endpoint(), LinkFaults.NONE.withDelay(SLOW, Duration.ZERO));
        }
        List<Peer> children = ordinary.stream()
                .filter(p -> p.node().topology().parent().equals(Optional.of(slow.identity().pkiId()))).toList();
        assertFalse(children.isEmpty(), "the slow super node has children");
        assertTrue(children.size() < ordinary.size(), "the fast super node has children too");

        cut(net, 10, EVERY); // the children learn how late their parent's pushes come
        long bodiesBefore = bodies(children);
        long duplicatesBefore = duplicates(children);
        int measured = 40;
        cut(net, measured, EVERY);
        int height = net.orderer().blocks().size();
        settle(net, height, Duration.ofSeconds(30));

        double bodiesPerChildPerBlock = (double) (bodies(children) - bodiesBefore) / children.size() / measured;
        double duplicatesPerChildPerBlock = (double) (duplicates(children) - duplicatesBefore) / children.size() / measured;
        // the parent's push, and seldom a second copy (one hop after the announcement every block would come twice)
        assertTrue(duplicatesPerChildPerBlock <= 0.1, "duplicate bodies per child per block: " + duplicatesPerChildPerBlock);
        assertTrue(bodiesPerChildPerBlock <= 1.1, "bodies per child per block: " + bodiesPerChildPerBlock);
        for (Peer p : net.peers()) {
            assertEquals(height, p.node().height(), p.toString());
        }
    }

    private static long bodies(List<Peer> peers) {
        return peers.stream().mapToLong(p -> p.node().dissemination().counters().bodiesReceived()).sum();
    }

    private static long duplicates(List<Peer> peers) {
        return peers.stream().mapToLong(p -> p.node().dissemination().counters().duplicateBodies()).sum();
    }
}
