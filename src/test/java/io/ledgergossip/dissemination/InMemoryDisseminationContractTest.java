package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The dissemination scenarios on the in-memory network, in virtual time. */
class InMemoryDisseminationContractTest extends DisseminationContractTest {
    @Override
    protected Backend backend(Path dir) throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(dir, 11, 2, 1, 4, MembershipConfig.defaults(), TopologyConfig.defaults(),
                DisseminationConfig.defaults(), 2, 100);
        return new Backend() {
            private Peer peer(int org, int index) {
                return net.org(org).get(index);
            }

            @Override
            public void start(int org, int index) {
                net.start(peer(org, index));
                net.advance(Duration.ofSeconds(1));
            }

            @Override
            public void stop(int org, int index) {
                net.kill(peer(org, index));
            }

            @Override
            public void cut(int blocks) {
                net.advance(Duration.ofSeconds(15)); // membership settled, as a running network is
                for (int i = 0; i < blocks; i++) {
                    net.orderer().cut();
                    net.advance(CUT_EVERY);
                }
            }

            @Override
            public void awaitHeights(long height) {
                long limit = net.scheduler().millis() + Duration.ofMinutes(2).toMillis();
                while (!net.running().stream().allMatch(p -> p.node().height() >= height)) {
                    assertTrue(net.scheduler().millis() < limit, "not every peer at " + height + " within 2 virtual minutes");
                    net.advance(Duration.ofMillis(200));
                }
            }

            @Override
            public List<Ledger> ledgers() {
                return net.running().stream().map(p -> new Ledger(p.toString(), p.node().height(), p.ledger().lastHeaderHash(),
                        p.ledger().stateHash())).toList();
            }

            @Override
            public void close() {
                net.running().forEach(net::kill);
            }
        };
    }
}
