package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.testing.SharedFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Fabric ledger in ../shared fed into a fixture network: orderer signatures checked with the CA from its genesis block. */
class ReplayTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int replay(Path ledger) {
        return LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "replay", ledger.toString(),
                "--config", "network-config/minimal.yaml", "--rate", "50", "--data", tmp.resolve("run").toString());
    }

    @Test
    void aRealFabricLedgerReplaysIntoTheNetworkAndEveryPeerEndsAtItsHead() {
        Path ledger = SharedFixtures.fabricSampleProd();
        assertEquals(0, replay(ledger), out + "\n" + err);
        String text = out.toString();
        String head = text.lines().filter(l -> l.startsWith("the ledger's own head: ")).findFirst().orElseThrow().substring(23);
        assertTrue(text.contains("orderer orgs [SampleOrg]"), text);
        assertTrue(text.lines().anyMatch(l -> l.equals("converged: 2 peers, height 8, head " + head + ", state "
                + l.substring(l.lastIndexOf(' ') + 1))), text);
        assertTrue(!text.contains("state 0000000000000000000000000000000000000000000000000000000000000000"),
                "the ledger's transactions wrote world state");
    }

    @Test
    void aCorruptLedgerIsRefusedBeforeAnythingIsFedIn() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedFixtures.fabricSampleProd().resolve("blockfile_000000"));
        Path channel = Files.createDirectories(tmp.resolve("bad/mychannel"));
        Files.write(channel.resolve("blockfile_000000"), Arrays.copyOf(bytes, bytes.length - 10));
        assertEquals(1, replay(channel));
        assertTrue(err.toString().contains("does not verify"), err.toString());
        assertTrue(!out.toString().contains("replaying"), out.toString());
    }
}
