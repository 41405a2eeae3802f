package io.ledgergossip.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The simulator: block spread against the push reference, under loss, per profile, and its repeatability. */
class SimulatorTest {
    private static Simulator.Result simulate(int nodes, long seed, double loss, BenchProfile profile) {
        return new Simulator(new Simulator.Spec(nodes, seed, loss, profile, 50, 2, 3, 2048, Duration.ofMillis(10),
                Duration.ofSeconds(1), false)).run(Progress.none());
    }

    @Test
    void everyNodeHoldsEveryBlockWithinTheReferenceRoundsAndAboutOneBodyEach() {
        Simulator.Result r = simulate(600, 3, 0, BenchProfile.DEFAULTS);
        assertEquals(0, r.unfinished());
        assertEquals(12, r.orgs());
        assertEquals(24, r.superNodes());
        double reference = Math.log(600) / Math.log(2) + Math.log(600);
        assertEquals(reference, r.reference(), 1e-9);
        for (Simulator.BlockSpread b : r.blocks()) {
            // super node (from the orderer) -> child: one hop, far inside log2 N + ln N
            assertTrue(b.rounds() <= reference, b.toString());
            assertEquals(1, b.rounds(), b.toString());
        }
        assertTrue(r.bodiesPerNodePerBlock() <= 1.2, "bodies per node per block " + r.bodiesPerNodePerBlock());
        assertTrue(r.messagesPerNode() > 0 && r.bytesPerNode() > 2048 * 3 * 0.9, r.toString());
    }

    @Test
    void wholeNodesFindEachOtherFromTheSuperNodesAndThenSpreadBlocksAsFast() {
        Simulator.Result r = new Simulator(new Simulator.Spec(120, 6, 0, BenchProfile.DEFAULTS, 20, 2, 3, 2048,
                Duration.ofMillis(10), Duration.ofSeconds(1), true)).run(Progress.none());
        assertEquals(0, r.unfinished());
        assertTrue(r.membership().attachedAfterMillis() < 60_000, r.membership().toString());
        assertTrue(r.membership().membersKnownPerNode() >= 100, "nearly all 119 others known: " + r.membership());
        for (Simulator.BlockSpread b : r.blocks()) {
            assertTrue(b.rounds() <= r.reference(), b.toString());
        }
        assertTrue(r.bodiesPerNodePerBlock() <= 1.2, r.toString());
    }

    @Test
    void withTwentyPercentLossEveryNodeStillEndsWithEveryBlock() {
        Simulator.Result r = simulate(300, 4, 0.2, BenchProfile.DEFAULTS);
        assertEquals(0, r.unfinished());
        assertTrue(r.blocks().stream().allMatch(b -> b.millisToAll() > 0), r.blocks().toString());
        // a lost push is heard of from siblings and fetched in hops, not after a pull interval (4 s = 400 rounds)
        assertTrue(r.p99Rounds() <= 3 * r.reference(), "p99 " + r.p99Rounds() + " rounds, reference " + r.reference());
    }

    @Test
    void fivePercentLossSpreadsWithinTheReferenceRoundsWithAboutOneBodyPerNode() {
        Simulator.Result r = new Simulator(new Simulator.Spec(3000, 42, 0.05, BenchProfile.DEFAULTS, 100, 2, 4, 2048,
                Duration.ofMillis(10), Duration.ofSeconds(1), false)).run(Progress.none());
        assertEquals(0, r.unfinished());
        for (Simulator.BlockSpread b : r.blocks()) {
            assertTrue(b.rounds() <= r.reference(), b.number() + ": " + b.rounds() + " rounds, reference " + r.reference());
            assertTrue(b.holdingAtRounds()[0] > 0.9 && b.holdingAtRounds()[0] < 0.97, "a twentieth of the pushes lost: "
                    + b.holdingAtRounds()[0] + " hold it after one round");
            assertEquals(1.0, b.holdingAtRounds()[b.holdingAtRounds().length - 1], 1e-9, "all hold it after 20 rounds");
        }
        assertTrue(r.bodiesPerNodePerBlock() <= 1.2, "bodies per node per block " + r.bodiesPerNodePerBlock());
    }

    @Test
    void childrenOfSuperNodesThatDieAtTheFirstBlockGetEveryBlockFromTheirSiblings() {
        Simulator.Result r = new Simulator(new Simulator.Spec(1000, 9, 0.05, BenchProfile.DEFAULTS, 100, 2, 3, 2048,
                Duration.ofMillis(10), Duration.ofSeconds(1), false, 10)).run(Progress.none());
        assertEquals(10, r.killed());
        assertEquals(0, r.unfinished());
        for (Simulator.BlockSpread b : r.blocks()) {
            assertTrue(b.holdingAtRounds()[0] < 0.6, "half of each org lost its super node: " + b.holdingAtRounds()[0]);
            // sibling to sibling, a hop's wait, a request and a body per step: a few steps, not a pull interval (400 rounds)
            assertTrue(b.rounds() <= 2 * r.reference(), b.number() + ": " + b.rounds() + " rounds, reference " + r.reference());
        }
        assertTrue(r.bodiesPerNodePerBlock() <= 1.2, "bodies per node per block " + r.bodiesPerNodePerBlock());
    }

    @Test
    void killingEveryOrgsLastSuperNodeIsRefusedByName() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Spec(1000, 9, 0, BenchProfile.DEFAULTS, 100, 2, 3, 2048, Duration.ofMillis(10), Duration.ofSeconds(1),
                        false, 11));
        assertTrue(e.getMessage().contains("--kill-super-nodes 11") && e.getMessage().contains("at most 10"), e.getMessage());
    }

    @Test
    void fabricDefaultsWaitForPullAndStateTransferWhereTheTreePushesAtOnce() {
        Simulator.Result fabric = simulate(300, 5, 0, BenchProfile.FABRIC_DEFAULTS);
        Simulator.Result ours = simulate(300, 5, 0, BenchProfile.DEFAULTS);
        assertEquals(0, fabric.unfinished());
        int fabricWorst = fabric.blocks().stream().mapToInt(Simulator.BlockSpread::rounds).max().orElseThrow();
        int oursWorst = ours.blocks().stream().mapToInt(Simulator.BlockSpread::rounds).max().orElseThrow();
        assertTrue(fabricWorst >= 10 * oursWorst, "fabric-defaults " + fabricWorst + " rounds, ledger-gossip " + oursWorst);
        assertTrue(fabric.bodiesPerNodePerBlock() > 2 * ours.bodiesPerNodePerBlock(), fabric + " vs " + ours);
    }

    @Test
    void theSameSeedGivesTheSameOutputByteForByteInSeparateProcesses() throws Exception {
        byte[] first = runSimulateProcess("7");
        byte[] second = runSimulateProcess("7");
        byte[] other = runSimulateProcess("8");
        assertTrue(new String(first, StandardCharsets.UTF_8).contains("rounds to 100%"), new String(first, StandardCharsets.UTF_8));
        assertArrayEquals(first, second);
        assertNotEquals(new String(first, StandardCharsets.UTF_8), new String(other, StandardCharsets.UTF_8));
    }

    /** {@code simulate} in a JVM of its own: nothing may depend on hash seeds, identity hash codes or wall time. */
    private static byte[] runSimulateProcess(String seed) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.ledgergossip.cli.LedgerGossipCli", "simulate", "--nodes", "250", "--seed", seed, "--loss", "0.1",
                "--org-size", "50", "--blocks", "3", "--no-progress"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "simulate did not finish");
        assertEquals(0, process.exitValue(), out.toString(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
