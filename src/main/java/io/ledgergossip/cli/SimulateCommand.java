package io.ledgergossip.cli;

import io.ledgergossip.bench.BenchProfile;
import io.ledgergossip.bench.Progress;
import io.ledgergossip.bench.Simulator;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: the dissemination protocol of N nodes on the in-memory transport and a virtual
 * clock. Its standard output depends on the options alone (wall time goes to stderr).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar simulate --nodes 10000 --seed 42 --loss 0.05%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every node held every block", "1:some node never held some block", ExitCodes.LIST_CANNOT_RUN},
        description = {"Simulates block dissemination among N nodes (in-memory transport, virtual clock, simulated "
                + "signatures) and reports rounds and virtual time until every node holds each block, messages and "
                + "bytes per node, and the push reference log2 N + ln N rounds.",
            "The same options give the same output, byte for byte."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", required = true, paramLabel = "N", description = "Number of nodes.")
    private int nodes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--loss", defaultValue = "0", paramLabel = "P", description = "Message loss rate on every link, 0 to <1 (default ${DEFAULT-VALUE}).")
    private double loss;

    @Option(names = "--profile", defaultValue = "ledger-gossip", paramLabel = "NAME",
            description = "ledger-gossip or fabric-defaults (default ${DEFAULT-VALUE}).")
    private String profile;

    @Option(names = "--org-size", defaultValue = "100", description = "Peers per org (default ${DEFAULT-VALUE}).")
    private int orgSize;

    @Option(names = "--super-nodes", defaultValue = "2", description = "Super nodes per org (default ${DEFAULT-VALUE}).")
    private int superNodes;

    @Option(names = "--blocks", defaultValue = "5", description = "Blocks cut (default ${DEFAULT-VALUE}).")
    private int blocks;

    @Option(names = "--block-bytes", defaultValue = "4096", description = "Block size (default ${DEFAULT-VALUE}).")
    private int blockBytes;

    @Option(names = "--hop", defaultValue = "10ms", description = "Latency of every link: one round (default ${DEFAULT-VALUE}).")
    private java.time.Duration hop;

    @Option(names = "--membership", description = "Whole nodes: membership and topology run too, from the super nodes' "
            + "addresses (nodes a multiple of --org-size; hundreds, not thousands: alive gossip is N^2 messages a round).")
    private boolean membership;

    @Option(names = "--kill-super-nodes", defaultValue = "0", paramLabel = "K",
            description = "Super nodes that die as the first block is cut, spread over the orgs (default ${DEFAULT-VALUE}; "
                    + "at most (super nodes per org - 1) x orgs).")
    private int killSuperNodes;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    private boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Options.between(spec, "--nodes", nodes, 2, 1_000_000);
        Options.between(spec, "--blocks", blocks, 1, 100_000);
        Options.between(spec, "--block-bytes", blockBytes, 1, BenchCommand.MAX_BLOCK_BYTES);
        Simulator.Spec simulation;
        try {
            simulation = new Simulator.Spec(nodes, seed, loss, BenchProfile.named(profile), orgSize, superNodes, blocks,
                    blockBytes, hop, java.time.Duration.ofSeconds(1), membership, killSuperNodes);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
        long started = System.nanoTime();
        Simulator.Result r = new Simulator(simulation).run(new Progress(System.err, !noProgress));
        print(out, r);
        err.printf(Locale.ROOT, "simulate: %.1f s wall time%n", (System.nanoTime() - started) / 1e9);
        return r.unfinished() == 0 ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
    }

    private static String show(int rounds) {
        return rounds == Integer.MAX_VALUE ? "never" : Integer.toString(rounds);
    }

    static void print(PrintWriter out, Simulator.Result r) {
        Simulator.Spec s = r.spec();
        out.printf(Locale.ROOT, "simulate: %d nodes in %d orgs (%d super nodes), profile %s, seed %d, loss %.3f, hop %d ms, "
                + "%d blocks of %d bytes, one every %d ms%n", s.nodes(), r.orgs(), r.superNodes(), s.profile().name(), s.seed(),
                s.loss(), s.hopLatency().toMillis(), s.blocks(), s.blockBytes(), s.blockInterval().toMillis());
        if (r.membership() != null) {
            out.printf(Locale.ROOT, "membership: every ordinary node attached to a super node %d ms after start; "
                    + "%.1f other members known per node at the end%n", r.membership().attachedAfterMillis(), r.membership().membersKnownPerNode());
        } else {
            out.printf(Locale.ROOT, "overlay: converged membership assumed, ordinary nodes attached to the least loaded super node%n");
        }
        if (r.killed() > 0) {
            out.printf(Locale.ROOT, "killed: %d super nodes died as block 0 was cut (not counted below)%n", r.killed());
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s %14s %8s", "block", "to all (ms)", "rounds"));
        Simulator.BlockSpread.ROUNDS.forEach(k -> header.append(String.format(Locale.ROOT, " %8s", "@" + k)));
        out.println(header);
        for (Simulator.BlockSpread b : r.blocks()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8d %14s %8s", b.number(),
                    b.rounds() < 0 ? "never" : Long.toString(b.millisToAll()), b.rounds() < 0 ? "-" : Integer.toString(b.rounds())));
            for (double fraction : b.holdingAtRounds()) {
                line.append(String.format(Locale.ROOT, " %8.4f", fraction));
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "(@k: fraction of living nodes holding the block k rounds after its cut)%n");
        int[] rounds = r.blocks().stream().mapToInt(b -> b.rounds() < 0 ? Integer.MAX_VALUE : b.rounds()).sorted().toArray();
        int worst = rounds[rounds.length - 1];
        int p99 = r.p99Rounds();
        out.printf(Locale.ROOT, "rounds to 100%%: median %s, p99 %s, max %s; reference log2 N + ln N = %.1f: %s%n",
                show(rounds[rounds.length / 2]), p99 < 0 ? "never" : Integer.toString(p99), show(worst), r.reference(),
                worst <= r.reference() ? "within" : "beyond");
        out.printf(Locale.ROOT, "per node: %.1f messages, %.0f bytes sent; %.3f block bodies received per block%n",
                r.messagesPerNode(), r.bytesPerNode(), r.bodiesPerNodePerBlock());
        out.printf(Locale.ROOT, "nodes x blocks never held: %d%n", r.unfinished());
        out.flush();
    }
}
