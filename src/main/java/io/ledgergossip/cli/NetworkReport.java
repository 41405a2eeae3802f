package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.dissemination.CommitPlan;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.util.Hex;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Common.Block;

/** What network up and replay print: a progress line per org, and the closing table and verdict. */
final class NetworkReport {
    private NetworkReport() {}

    static void progress(PrintWriter out, NetworkConfig config, Map<String, Fleet.PeerStatus> statuses, int cut, int target,
            long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        StringBuilder line = new StringBuilder(String.format("[%5.1fs] orderer %d/%d |", seconds, cut, target));
        for (NetworkConfig.Org org : config.orgs()) {
            long min = statuses.entrySet().stream().filter(e -> config.peer(e.getKey()).org().equals(org.name()))
                    .mapToLong(e -> e.getValue().height()).min().orElse(0);
            int filled = target == 0 ? 10 : (int) Math.min(10, min * 10 / target);
            line.append(String.format(" %s %s%s %d", org.name(), "#".repeat(filled), ".".repeat(10 - filled), min));
        }
        long committed = statuses.values().stream().mapToLong(Fleet.PeerStatus::height).min().orElse(0);
        line.append(String.format(" | peers up %d/%d | %.1f blocks/s", statuses.size(), config.peers().size(),
                seconds > 0 ? committed / seconds : 0));
        statuses.forEach((peer, status) -> {
            if (!status.tlsFailing().isEmpty()) {
                line.append(" | TLS fails: ").append(peer).append(" cannot reach ").append(status.tlsFailing());
            }
        });
        out.println(line);
        out.flush();
    }

    /**
     * The per-peer table and the verdict: converged only when every peer of the config reports the
     * same height, head and state, the state is {@code expectedState}, and (when given) the head is
     * {@code expectedHead}.
     */
    static int summary(PrintWriter out, NetworkConfig config, Map<String, Fleet.PeerStatus> statuses, int height,
            String expectedState, String expectedHead) {
        out.printf("%-28s %7s  %-16s %-16s %s%n", "peer", "height", "head", "state", "blocks by");
        String head = null;
        String state = null;
        boolean agree = statuses.size() == config.peers().size();
        for (Map.Entry<String, Fleet.PeerStatus> e : statuses.entrySet()) {
            Fleet.PeerStatus s = e.getValue();
            out.printf("%-28s %7d  %-16s %-16s %s%n", e.getKey(), s.height(), abbreviate(s.head()),
                    s.fabric() ? "(no world state)" : abbreviate(s.state()), s.detail());
            if (head == null) {
                head = s.head();
            }
            if (state == null && !s.fabric()) {
                state = s.state();
            }
            // a Fabric node keeps no world state: its height and head are compared, its state is not
            agree &= s.height() == height && s.head().equals(head) && (s.fabric() || s.state().equals(state));
        }
        out.printf("single-process state of the same blocks: %s%n", expectedState);
        agree &= expectedState.equals(state) && (expectedHead == null || expectedHead.equals(head));
        if (agree) {
            out.printf("converged: %d peers, height %d, head %s, state %s%n", statuses.size(), height, head, state);
            return ExitCodes.OK;
        }
        out.println("NOT converged: see the table above");
        return ExitCodes.FOUND_PROBLEMS;
    }

    /** The state hash that applying {@code blocks} in one process gives: what every peer must hold. */
    static String singleProcessState(List<Block> blocks, BlockValidation validation) throws BlockRejectedException {
        InMemoryLedgerStore single = new InMemoryLedgerStore();
        for (Block block : blocks) {
            CommitPlan plan = validation.plan(block, single);
            single.append(plan.block(), plan.writes());
        }
        return Hex.of(single.stateHash());
    }

    private static String abbreviate(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) : hex;
    }
}
