package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.testing.SharedFixtures;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as an operator runs them: output, files and exit codes. */
class CliTest {
    @TempDir
    Path tmp;

    private final CapturedCli cli = new CapturedCli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasHelp() {
        assertEquals(0, run("--help"));
        for (String command : new String[] {"verify", "sample-ledger", "store-bench"}) {
            assertTrue(out.toString().contains(command), out.toString());
        }
        for (String command : new String[] {"verify", "sample-ledger", "store-bench", "crypto"}) {
            assertEquals(0, run(command, "--help"), command);
            assertTrue(out.toString().startsWith("Usage: ledger-gossip " + command), out.toString());
        }
    }

    @Test
    void sampleLedgerVerifiesCleanInBothForms() throws Exception {
        Path dir = tmp.resolve("sample");
        assertEquals(0, run("sample-ledger", "--out", dir.toString(), "--blocks", "12"), err.toString());
        assertTrue(out.toString().contains("height 12"), out.toString());

        assertEquals(0, run("verify", dir.toString()), err.toString());
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertEquals(0, result.get("mychannel").size());
        assertEquals(0, result.get("store").size());
        assertTrue(err.toString().contains("mychannel: 12 blocks read, all valid"), err.toString());
        assertTrue(err.toString().contains("store: 12 blocks read, all valid"), err.toString());

        assertEquals(0, run("verify", dir.resolve("store").toString()));
        assertEquals("[]", out.toString().strip());
    }

    @Test
    void sampleLedgerRefusesANonEmptyDirectory() throws Exception {
        Files.writeString(tmp.resolve("x"), "keep");
        assertEquals(2, run("sample-ledger", "--out", tmp.toString()));
        assertTrue(err.toString().contains("not written by ledger-gossip"), err.toString());
        assertEquals("keep", Files.readString(tmp.resolve("x")));
    }

    @Test
    void realFabricLedgerVerifies() {
        Path ledger = SharedFixtures.fabricSampleProd();
        assertEquals(0, run("verify", ledger.toString()), err.toString());
        assertEquals("[]", out.toString().strip());
    }

    @Test
    void corruptLedgerPrintsFabricsJsonAndExitsOne() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedFixtures.fabricSampleProd().resolve("blockfile_000000"));
        Path channel = Files.createDirectories(tmp.resolve("peer/ledgersData/chains/chains/mychannel"));
        Files.write(channel.resolve("blockfile_000000"), Arrays.copyOf(bytes, bytes.length - 10));

        assertEquals(1, run("verify", tmp.resolve("peer").toString(), "--output", tmp.resolve("results").toString()));

        JsonNode entries = new ObjectMapper().readTree(out.toString());
        assertEquals(1, entries.size());
        assertEquals(7, entries.get(0).get("blockNum").asLong());
        assertEquals(false, entries.get(0).get("valid").asBoolean());
        assertTrue(entries.get(0).get("errors").get(0).asText().contains("truncated block"));
        Path written = tmp.resolve("results/mychannel_verification_result/blocks.json");
        assertEquals(out.toString(), Files.readString(written));
    }

    @Test
    void missingEmptyOrUnreadablePathsExitTwoWithOneLine() throws Exception {
        assertEquals(2, run("verify", tmp.resolve("absent").toString()));
        assertEquals(1, err.toString().strip().lines().count());
        assertTrue(err.toString().contains("does not exist"));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(2, run("verify", empty.toString()));
        assertTrue(err.toString().contains("holds no Fabric block files"), err.toString());

        Path noBlocks = Files.createDirectories(tmp.resolve("noblocks"));
        Files.write(noBlocks.resolve("blockfile_000000"), new byte[0]);
        assertEquals(2, run("verify", noBlocks.toString()));
        assertTrue(err.toString().contains("without a single block"), err.toString());

        Path badSnapshot = Files.createDirectories(tmp.resolve("snap"));
        Files.write(badSnapshot.resolve("blockfile_000000"), new byte[0]);
        Files.write(badSnapshot.resolve("bootstrappingSnapshot.info"), new byte[] {(byte) 0xff});
        assertEquals(2, run("verify", badSnapshot.toString()));
        assertTrue(err.toString().contains("not a valid bootstrappingSnapshot.info"), err.toString());
    }

    @Test
    void cryptoGenerateWritesMaterialEveryPeerOfTheNetworkLoadsAndTrusts() throws Exception {
        Path out = tmp.resolve("crypto");
        assertEquals(0, run("crypto", "generate", "network-config/default.yaml", "--out", out.toString()), err.toString());
        var network = NetworkConfigLoader.load(Path.of("network-config/default.yaml"));
        var validator = NetworkCrypto.validator(network, out, System::currentTimeMillis);
        for (var peer : network.peers()) {
            var identity = NetworkCrypto.peerIdentity(network, out, peer);
            assertEquals(peer.mspId(), validator.validate(identity.serialized()).mspId());
        }
        validator.validate(NetworkCrypto.ordererIdentity(network, out).serialized());
        assertEquals(0, run("crypto", "generate", "network-config/default.yaml", "--out", out.toString()), "replaces its own output");
        Files.writeString(Files.createDirectories(tmp.resolve("other")).resolve("notes.txt"), "x");
        assertEquals(2, run("crypto", "generate", "network-config/default.yaml", "--out", tmp.resolve("other").toString()),
                "refuses a directory it did not write");
    }
}
