package io.ledgergossip.bench;

import io.ledgergossip.config.GossipSettings;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.transport.memory.LinkFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link Simulator}'s whole-node mode: every node a whole {@code GossipNode} (membership from the
 * super nodes' addresses, topology, dissemination) on the in-memory transport and one virtual clock.
 * Super nodes that die at the first block are noticed by membership, and their children attach to
 * another super node of their org.
 */
final class WholeNodeSimulation {
    private final Simulator.Spec spec;

    WholeNodeSimulation(Simulator.Spec spec) {
        this.spec = spec;
    }

    Simulator.Result run(Progress progress) {
        progress.phase("simulate: whole nodes");
        int orgs = spec.nodes() / spec.orgSize();
        GossipSettings settings = GossipSettings.from(spec.profile().applyTo(Map.of()));
        SimulatedNetwork net = SimulatedNetwork.withSimulatedSignatures(spec.seed(), orgs, spec.superNodesPerOrg(),
                spec.orgSize() - spec.superNodesPerOrg(), settings.membership(), settings.topology(), settings.dissemination(), 1,
                Math.max(16, spec.blockBytes() - 800));
        net.network().setDefaultFaults(LinkFaults.NONE.withDelay(spec.hopLatency(), Duration.ZERO).withDropRate(spec.loss()));
        net.startAll();
        long started = net.scheduler().millis();
        long deadline = started + Duration.ofMinutes(5).toMillis();
        while (!allAttached(net) && net.scheduler().millis() < deadline) {
            net.advance(Duration.ofMillis(100));
            progress.update(net.scheduler().millis() - started, Duration.ofMinutes(1).toMillis(), "ms virtual, attaching");
        }
        long attached = net.scheduler().millis() - started;
        List<SimulatedNetwork.Peer> peers = net.peers();
        List<SimulatedNetwork.Peer> dying = peers.stream()
                .filter(p -> p.superNode() && spec.dies(p.org() - 1, p.index(), orgs)).toList(); // its orgs count from 1
        long[][] heldAt = new long[peers.size()][spec.blocks()];
        for (int i = 0; i < peers.size(); i++) {
            long[] mine = heldAt[i];
            peers.get(i).node().onBlockCommitted(block -> {
                int b = (int) block.getHeader().getNumber();
                if (b < mine.length && mine[b] == 0) {
                    mine[b] = net.scheduler().millis();
                }
            });
        }
        List<SimulatedNetwork.Peer> living = peers.stream().filter(p -> !dying.contains(p)).toList();
        long messages = messages(living);
        long bytes = bytes(living);
        long bodies = bodies(living);
        long[] cutAt = new long[spec.blocks()];
        for (int b = 0; b < spec.blocks(); b++) {
            cutAt[b] = net.scheduler().millis();
            if (b == 0) {
                dying.forEach(net::kill);
            }
            net.orderer().cut();
            net.advance(spec.blockInterval());
            progress.update(b + 1, spec.blocks(), "blocks cut");
        }
        long end = net.scheduler().millis() + Duration.ofMinutes(5).toMillis();
        while (living.stream().anyMatch(p -> p.node().height() < spec.blocks()) && net.scheduler().millis() < end) {
            net.advance(Duration.ofMillis(100));
        }
        progress.finishLine();
        double known = living.stream().mapToInt(p -> p.node().membership().aliveMembers().size()).average().orElse(0);
        long[][] livingHeldAt = new long[living.size()][];
        for (int i = 0, j = 0; i < peers.size(); i++) {
            if (!dying.contains(peers.get(i))) {
                livingHeldAt[j++] = heldAt[i];
            }
        }
        HoldingTimes held = new HoldingTimes(livingHeldAt, cutAt, spec.hopLatency().toMillis());
        double n = living.size();
        return new Simulator.Result(spec, orgs, orgs * spec.superNodesPerOrg(), held.spreads(), (messages(living) - messages) / n,
                (bytes(living) - bytes) / n, (bodies(living) - bodies) / n / spec.blocks(), held.neverHeld(),
                Math.log(peers.size()) / Math.log(2) + Math.log(peers.size()), new Simulator.Membership(attached, known), dying.size(),
                held.holdingCurve());
    }

    private static long messages(List<SimulatedNetwork.Peer> peers) {
        return peers.stream().mapToLong(p -> p.node().transport().counters().messagesSent()).sum();
    }

    private static long bytes(List<SimulatedNetwork.Peer> peers) {
        return peers.stream().mapToLong(p -> p.node().transport().counters().bytesSent()).sum();
    }

    private static long bodies(List<SimulatedNetwork.Peer> peers) {
        return peers.stream().mapToLong(p -> p.node().dissemination().counters().bodiesReceived()).sum();
    }

    private static boolean allAttached(SimulatedNetwork net) {
        return net.peers().stream().allMatch(p -> p.superNode() || p.node().topology().parent().isPresent());
    }
}
