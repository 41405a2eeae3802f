package io.ledgergossip.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.cli.LedgerGossipCli;
import io.ledgergossip.testing.LedgerDamage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recover} on a larger ledger made by {@code sample-ledger} (a config genesis block, then
 * orderer-signed blocks, spread over two 64 MiB block files as Fabric's block store spreads them):
 * each damage of the issue, repaired from another copy, gives back the very same files.
 */
class RecoverSampleLedgerTest {
    @TempDir
    static Path tmp;
    static Path pristineDir;
    static Map<String, byte[]> pristine;

    @BeforeAll
    static void sampleLedger() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "sample-ledger", "--out",
                tmp.resolve("source").toString(), "--blocks", "1100", "--txs-per-block", "10", "--value-bytes", "6500"), err.toString());
        pristineDir = tmp.resolve("source/ledgersData/chains/chains/mychannel");
        pristine = LedgerDamage.files(pristineDir);
        assertEquals(2, pristine.size(), "two block files: " + pristine.keySet());
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private void repairs(String what, Damage damage) throws Exception {
        Path peer = tmp.resolve(what.replaceAll("[^a-z0-9]+", "-"));
        Path dir = LedgerDamage.copy(pristineDir, peer.resolve("ledgersData/chains/chains/mychannel"));
        damage.on(dir);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "recover", peer.toString(),
                "--from-ledger", tmp.resolve("source").toString()), what + ": " + out + err);
        assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(dir)), what + ": byte for byte\n" + out);
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "verify",
                dir.toString()), what);
    }

    interface Damage {
        void on(Path channelDir) throws Exception;
    }

    @Test
    void theLastBlockFileTruncatedAtRandomOffsets() throws Exception {
        SplittableRandom random = new SplittableRandom(1100);
        for (int i = 0; i < 4; i++) {
            long cut = random.nextLong(pristine.get("blockfile_000001").length);
            repairs("last file cut at " + cut, d -> LedgerDamage.truncate(d.resolve("blockfile_000001"), cut));
            assertTrue(out.toString().contains("orderer signature of OrdererMSP (from block 0's channel config)"), out.toString());
        }
    }

    @Test
    void bytesFlippedInAMiddleBlockOfTheFirstFile() throws Exception {
        List<Long> records = LedgerDamage.recordOffsets(pristineDir.resolve("blockfile_000000"));
        long inBlock = (records.get(500) + records.get(501)) / 2;
        repairs("flipped in block 500", d -> LedgerDamage.flip(d.resolve("blockfile_000000"), inBlock));
        assertTrue(out.toString().contains("fetched 600 blocks (500..1099)"), out.toString());
        assertTrue(out.toString().contains("blockfile_000000 rewritten") && !out.toString().contains("blockfile_000001 rewritten"),
                "the second file, whose bytes did not change, is left alone: " + out);
    }

    @Test
    void theLastBlockFileDeleted() throws Exception {
        repairs("last file deleted", d -> Files.delete(d.resolve("blockfile_000001")));
        assertTrue(out.toString().contains("blockfile_000001 created"), out.toString());
    }

    @Test
    void garbageAppendedToTheLastFile() throws Exception {
        byte[] garbage = new byte[5000];
        new SplittableRandom(7).nextBytes(garbage);
        repairs("garbage appended", d -> LedgerDamage.append(d.resolve("blockfile_000001"), garbage));
        assertTrue(out.toString().contains("fetched 0 blocks"), out.toString());
    }

    @Test
    void aDamagedMiddleFileWhoseLaterFileHoldsMoreBlocksIsNotCutWithoutASourceThatHoldsThem() throws Exception {
        Path peer = tmp.resolve("no-source");
        Path dir = LedgerDamage.copy(pristineDir, peer.resolve("ledgersData/chains/chains/mychannel"));
        List<Long> records = LedgerDamage.recordOffsets(pristineDir.resolve("blockfile_000000"));
        LedgerDamage.flip(dir.resolve("blockfile_000000"), (records.get(900) + records.get(901)) / 2);
        Path shortCopy = LedgerDamage.copy(pristineDir, tmp.resolve("short/mychannel"));
        Files.delete(shortCopy.resolve("blockfile_000001"));
        LedgerDamage.truncate(shortCopy.resolve("blockfile_000000"), records.get(950));
        Map<String, byte[]> before = LedgerDamage.files(dir);
        assertEquals(1, LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "recover", peer.toString(),
                "--from-ledger", tmp.resolve("short").toString()), out + "" + err);
        assertTrue(err.toString().contains("the sources hold only up to block 949"), err.toString());
        assertNull(LedgerDamage.difference(before, LedgerDamage.files(dir)), "the blocks after the damage are kept");
    }
}
