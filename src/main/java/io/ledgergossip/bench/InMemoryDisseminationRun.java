package io.ledgergossip.bench;

import io.ledgergossip.fixture.network.NetworkConfig;
import java.time.Duration;

/**
 * The dissemination scenario on the in-memory transport with message loss: the config's shape
 * (orgs, super nodes and ordinary peers per org) as whole nodes (membership, topology,
 * dissemination) on one virtual clock, every link dropping {@code loss} of its messages, each hop
 * taking {@link #HOP}. Times are virtual: what the protocol costs under loss, without this
 * machine's CPU in the figure.
 */
final class InMemoryDisseminationRun {
    /** One hop's latency on every link. */
    static final Duration HOP = Duration.ofMillis(1);

    private InMemoryDisseminationRun() {}

    static DisseminationBench.Result run(NetworkConfig config, BenchProfile profile, int blocks, int blockBytes, Duration interval,
            double loss, Progress progress) {
        NetworkConfig.Org first = config.orgs().get(0);
        int orgSize = first.peers().size();
        int supers = (int) config.superNodes().stream().filter(s -> s.org().equals(first.name())).count();
        int nodes = orgSize * config.orgs().size();
        Simulator.Result r = new Simulator(new Simulator.Spec(nodes, 7, loss, profile, orgSize, Math.max(1, supers), blocks, blockBytes,
                HOP, interval, true)).run(progress);
        double[] timeToAll = r.blocks().stream().filter(b -> b.rounds() >= 0).mapToDouble(Simulator.BlockSpread::millisToAll).toArray();
        int reachedAll = timeToAll.length;
        String name = String.format(java.util.Locale.ROOT, "%s, in-memory, loss %.0f%%", profile.name(), loss * 100);
        return new DisseminationBench.Result(name, nodes, blocks, blockBytes, Stats.Summary.of(timeToAll), HOP.toMillis(),
                r.holdingCurve(), r.bodiesPerNodePerBlock(), r.bytesPerNode() / blocks / blockBytes, timeToAll, 0, 0, 0, Double.NaN, -1,
                reachedAll, r.unfinished());
    }
}
