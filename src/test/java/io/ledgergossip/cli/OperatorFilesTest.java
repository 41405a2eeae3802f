package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgergossip.store.rocksdb.StoreFiles;
import io.ledgergossip.testing.SharedFixtures;
import io.ledgergossip.util.Sha256;
import io.ledgergossip.util.Hex;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory rule (never delete or overwrite what this program did not write) and verify's verdicts on damaged ledgers. */
class OperatorFilesTest {
    @TempDir
    Path tmp;

    private final CapturedCli cli = new CapturedCli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void benchRefusesAnOutDirectoryItDidNotWriteAndKeepsTheUsersFiles() throws Exception {
        Path dir = tmp.resolve("results");
        Path thesis = Files.createDirectories(dir.resolve("work/thesis")).resolve("chapter1.tex");
        Files.writeString(thesis, "years of work");
        assertEquals(2, run("bench", "dissemination", "--out", dir.toString(), "--blocks", "1"));
        assertTrue(err.toString().contains("not written by ledger-gossip"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertEquals("years of work", Files.readString(thesis));
    }

    @Test
    void replayRefusesADataDirectoryWithAnotherRunsFiles() throws Exception {
        Path dir = tmp.resolve("node");
        Path caKey = Files.createDirectories(dir.resolve("crypto/peerOrganizations/org1/ca")).resolve("priv_sk");
        Files.writeString(caKey, "the only copy of a CA key");
        Files.createDirectories(dir.resolve("data/peer0"));
        assertEquals(2, run("replay", SharedFixtures.fabricSampleProd().toString(), "--data", dir.toString()));
        assertTrue(err.toString().contains("not written by ledger-gossip"), err.toString());
        assertEquals("the only copy of a CA key", Files.readString(caKey));
        assertTrue(Files.isDirectory(dir.resolve("data/peer0")));
    }

    @Test
    void aMarkedDirectoryLosesOnlyWhatTheProgramMadeThere() throws Exception {
        Path dir = tmp.resolve("sample");
        assertEquals(0, run("sample-ledger", "--out", dir.toString(), "--blocks", "3"), err.toString());
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "mine");
        assertEquals(0, run("sample-ledger", "--out", dir.toString(), "--blocks", "5"), err.toString());
        assertEquals("mine", Files.readString(notes), "a file the program did not make survives its next run");
        assertTrue(out.toString().contains("height 5"), out.toString());
        // a forged marker cannot make the program delete outside the directory or hidden files
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep");
        Files.writeString(dir.resolve(RunDirectory.MARKER), "created: ../outside.txt\ncreated: ..\ncreated: /\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, run("sample-ledger", "--out", dir.toString(), "--blocks", "2"), err.toString());
        assertEquals("keep", Files.readString(outside));
        assertEquals("mine", Files.readString(notes));
    }

    @Test
    void everyWritingCommandRefusesAForeignNonEmptyDirectory() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("keep.txt"), "keep");
        String dir = foreign.toString();
        String[][] commands = {
            {"network", "up", "network-config/minimal.yaml", "--data", dir, "--blocks", "1"},
            {"chaos", "--data", dir, "--minutes", "0.1"},
            {"sample-ledger", "--out", dir},
            {"crypto", "generate", "network-config/minimal.yaml", "--out", dir},
            {"bench", "catchup", "--out", dir, "--blocks", "10"},
            {"store-bench", "--dir", dir, "--blocks", "10"},
            {"replay", SharedFixtures.fabricSampleProd().toString(), "--data", dir},
        };
        Map<String, String> before = snapshot(foreign);
        for (String[] command : commands) {
            assertEquals(2, run(command), String.join(" ", command) + ": " + err);
            assertTrue(err.toString().contains("not written by ledger-gossip"), String.join(" ", command) + ": " + err);
            assertEquals(before, snapshot(foreign), String.join(" ", command) + " changed the directory");
        }
    }

    @Test
    void verifyFindsAFlippedByteInAStoreFileAndChangesNoFile() throws Exception {
        Path dir = tmp.resolve("sample");
        assertEquals(0, run("sample-ledger", "--out", dir.toString(), "--blocks", "40", "--value-bytes", "2000"), err.toString());
        Path store = dir.resolve("store");
        StoreFiles.flushToTables(store);
        Path sst = StoreFiles.largestTable(store);
        byte[] bytes = Files.readAllBytes(sst);
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(sst, bytes);
        Map<String, String> before = snapshot(store);

        assertEquals(1, run("verify", store.toString()), err.toString() + out);
        assertFalse(err.toString().contains("all valid"), err.toString());
        JsonNode entries = new ObjectMapper().readTree(out.toString());
        assertTrue(entries.size() >= 1, out.toString());
        assertTrue(out.toString().contains("Corruption") || out.toString().contains("damaged"), out.toString());
        assertEquals(before, snapshot(store), "verify changed a file of the store");

        io.ledgergossip.store.StoreException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.ledgergossip.store.StoreException.class, () -> io.ledgergossip.store.rocksdb.RocksLedgerStore.open(store).close());
        assertTrue(refused.getMessage().contains("damaged"), refused.getMessage());
    }

    @Test
    void aStoreWithADamagedManifestIsDamagedNotForeign() throws Exception {
        Path dir = tmp.resolve("sample");
        assertEquals(0, run("sample-ledger", "--out", dir.toString(), "--blocks", "5"), err.toString());
        Path store = dir.resolve("store");
        try (Stream<Path> files = Files.list(store)) {
            for (Path manifest : files.filter(f -> f.getFileName().toString().startsWith("MANIFEST-")).toList()) {
                byte[] bytes = Files.readAllBytes(manifest);
                for (int i = 0; i < bytes.length; i += 7) {
                    bytes[i] ^= 0x5a;
                }
                Files.write(manifest, bytes);
            }
        }
        Map<String, String> before = snapshot(store);
        assertEquals(1, run("verify", store.toString()), err.toString() + out);
        assertTrue(out.toString().contains("a damaged ledger-gossip store"), out.toString());
        assertFalse(out.toString().contains("not a ledger-gossip store"), out.toString());
        assertEquals(before, snapshot(store));
        Files.delete(store.resolve("CURRENT"));
        assertEquals(1, run("verify", store.toString()), err.toString() + out);
        assertTrue(out.toString().contains("CURRENT file is missing"), out.toString());
    }

    @Test
    void aFlippedFirstLengthPrefixIsOneDamageAtItsOffset() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedFixtures.fabricSampleProd().resolve("blockfile_000000"));
        for (int bit = 0; bit < 7; bit++) {
            byte[] damaged = bytes.clone();
            damaged[0] ^= (byte) (1 << bit);
            Path channel = Files.createDirectories(tmp.resolve("flip" + bit + "/mychannel"));
            Files.write(channel.resolve("blockfile_000000"), damaged);
            assertEquals(1, run("verify", channel.toString()), err.toString());
            JsonNode entries = new ObjectMapper().readTree(out.toString());
            assertEquals(1, entries.size(), "bit " + bit + ": " + out);
            assertEquals(0, entries.get(0).get("blockNum").asLong());
            assertTrue(entries.get(0).get("errors").get(0).asText().contains("offset 0"), out.toString());
        }
    }

    @Test
    void aTailOfZerosIsOneDamageNamingTheCrashTail() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedFixtures.fabricSampleProd().resolve("blockfile_000000"));
        byte[] withTail = java.util.Arrays.copyOf(bytes, bytes.length + 4096);
        Path channel = Files.createDirectories(tmp.resolve("tail/mychannel"));
        Files.write(channel.resolve("blockfile_000000"), withTail);
        assertEquals(1, run("verify", channel.toString()), err.toString());
        JsonNode entries = new ObjectMapper().readTree(out.toString());
        assertEquals(1, entries.size(), out.toString());
        String error = entries.get(0).get("errors").get(0).asText();
        assertTrue(error.contains("offset " + bytes.length) && error.contains("4096 zero bytes"), error);
    }

    @Test
    void verifySearchesATreeOfPeersAndNamesEachLedger() throws Exception {
        Path network = tmp.resolve("network");
        for (String peer : new String[] {"peer0", "peer1"}) {
            assertEquals(0, run("sample-ledger", "--out", network.resolve("data/" + peer).toString(), "--blocks", "4"), err.toString());
        }
        assertEquals(0, run("verify", network.toString()), err.toString());
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertEquals(4, result.size(), out.toString());
        assertTrue(result.has("data/peer0/store") && result.has("data/peer1/ledgersData/chains/chains/mychannel"), out.toString());
        assertEquals(4, err.toString().lines().filter(l -> l.contains("4 blocks read, all valid")).count(), err.toString());
    }

    /** Every file under {@code dir} with the hash of its content: equal before and after means nothing was changed. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Hex.of(Sha256.of(Files.readAllBytes(f))) + "/" + Files.getLastModifiedTime(f));
            }
        }
        return files;
    }
}
