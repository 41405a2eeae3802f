package io.ledgergossip.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.cli.LedgerGossipCli;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.testing.LedgerDamage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recover} as a process, killed with SIGKILL at random points of a repair that rewrites
 * one block file and creates four: afterwards the block files are the original damaged ones byte
 * for byte, or a ledger {@code verify} accepts (the repaired one; or, when the kill fell between
 * the commit and the last rename, its first files with the journal left to finish them), and
 * running recover again always ends with the undamaged ledger's files.
 */
class RecoverKillTest {
    static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
    static final int KILLS = 9;

    @TempDir
    Path tmp;

    @Test
    void aRepairKilledAnywhereLeavesTheOriginalOrAVerifiedLedgerAndFinishesOnTheNextRun() throws Exception {
        FabricChannel channel = new FabricChannel(tmp, RecoverFromPeersTest.NETWORK, 1);
        FixtureOrderer orderer = new FixtureOrderer(NetworkCrypto.ordererIdentity(channel.config, channel.crypto), "mychannel", 5, 4, 5000);
        Path pristineDir = tmp.resolve("pristine/mychannel");
        try (BlockFileWriter writer = BlockFileWriter.create(pristineDir, MAX_FILE_BYTES)) {
            for (int i = 0; i < 700; i++) {
                writer.append(orderer.cut());
            }
        }
        Map<String, byte[]> pristine = LedgerDamage.files(pristineDir);
        List<String> names = new ArrayList<>(pristine.keySet());
        assertTrue(names.size() >= 6, names.toString());
        String cutFile = names.get(names.size() - 5);

        Path damagedDir = tmp.resolve("damaged/mychannel");
        LedgerDamage.copy(pristineDir, damagedDir);
        LedgerDamage.truncate(damagedDir.resolve(cutFile), pristine.get(cutFile).length / 2);
        for (String later : names.subList(names.size() - 4, names.size())) {
            Files.delete(damagedDir.resolve(later));
        }
        Map<String, byte[]> damaged = LedgerDamage.files(damagedDir);

        long full = timeOfAWholeRepair(damagedDir, pristine);
        SplittableRandom random = new SplittableRandom(9);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < KILLS; i++) {
            Path peer = tmp.resolve("kill-" + i + "/mychannel");
            LedgerDamage.copy(damagedDir, peer);
            long killAfter = random.nextLong(full);
            Process process = recoverProcess(peer, tmp.resolve("kill-" + i + "-backups"));
            String when = killPoint(i, process, peer, killAfter, random);
            process.destroyForcibly().waitFor();
            Map<String, byte[]> after = blockFiles(peer);
            String state;
            if (LedgerDamage.difference(damaged, after) == null) {
                state = "original";
            } else {
                assertEquals(0, verify(peer), "killed " + when + ": neither the original nor a ledger verify accepts: "
                        + after.keySet());
                state = LedgerDamage.difference(pristine, after) == null ? "repaired" : "repaired up to the journal's last rename";
            }
            outcomes.merge(state, 1, Integer::sum);
            Process again = recoverProcess(peer, tmp.resolve("kill-" + i + "-backups"));
            assertTrue(again.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, again.exitValue(), "the next run repairs (" + state + ")");
            assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(peer)), "after the next run (" + state + ")");
        }
        System.out.println("recover killed at random points of a " + full + " ms run: " + outcomes);
    }

    /**
     * Where kill {@code i} falls: a third at a random time of a whole run, a third a random time
     * after the first staged file appeared (while blocks are written), a third the moment the
     * journal appears (between the commit and the renames).
     */
    private static String killPoint(int i, Process process, Path peer, long killAfter, SplittableRandom random) throws Exception {
        if (i % 3 == 0) {
            process.waitFor(killAfter, TimeUnit.MILLISECONDS);
            return "after " + killAfter + " ms";
        }
        Path watched = peer.resolve(i % 3 == 1 ? ".ledger-gossip-recover." + firstStaged(peer) : ".ledger-gossip-recover.journal");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(watched) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (i % 3 == 1) {
            long more = random.nextLong(300);
            process.waitFor(more, TimeUnit.MILLISECONDS);
            return more + " ms after staging began";
        }
        return "as the journal appeared";
    }

    /** The block file a repair of this damage stages first: the last one the damaged copy has. */
    private static String firstStaged(Path peer) throws Exception {
        List<Path> files = FabricLedgerDirectory.channelAt(peer).orElseThrow().blockFiles();
        return files.get(files.size() - 1).getFileName().toString();
    }

    private long timeOfAWholeRepair(Path damagedDir, Map<String, byte[]> pristine) throws Exception {
        Path peer = tmp.resolve("whole/mychannel");
        LedgerDamage.copy(damagedDir, peer);
        long start = System.nanoTime();
        Process whole = recoverProcess(peer, tmp.resolve("whole-backups"));
        assertTrue(whole.waitFor(60, TimeUnit.SECONDS));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, whole.exitValue());
        assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(peer)));
        return millis;
    }

    private Process recoverProcess(Path peer, Path backups) throws Exception {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LedgerGossipCli.class.getName(), "recover", peer.toString(),
                "--from-ledger", tmp.resolve("pristine").toString(), "--config", tmp.resolve("network.yaml").toString(),
                "--peer", "peer3.org2.example.com", "--crypto", tmp.resolve("crypto").toString(),
                "--max-blockfile-bytes", Long.toString(MAX_FILE_BYTES), "--backup", backups.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The block files only: hidden staged files and a journal may be there too. */
    private static Map<String, byte[]> blockFiles(Path dir) throws Exception {
        Map<String, byte[]> files = LedgerDamage.files(dir);
        files.keySet().removeIf(name -> !FabricLedgerDirectory.isBlockFileName(name));
        return files;
    }

    private static int verify(Path dir) {
        return LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "verify", dir.toString());
    }
}
