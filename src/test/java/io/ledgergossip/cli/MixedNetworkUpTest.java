package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ledgergossip.fixture.fabric.FabricGossipNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixed network from one command: ledger-gossip peers in this JVM and real Fabric v2.5 gossip nodes as processes,
 * every one of them at the orderer's height and head at the end.
 */
class MixedNetworkUpTest {
    @TempDir
    Path tmp;

    @Test
    void mixedNetworkOfLedgerGossipAndFabricPeersConverges() throws Exception {
        assumeTrue(Files.isExecutable(FabricGossipNode.DEFAULT_BINARY), "skipped: no Fabric gossip node at "
                + FabricGossipNode.DEFAULT_BINARY.toAbsolutePath().normalize());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "network", "up",
                "network-config/mixed.yaml", "--blocks", "30", "--rate", "200", "--data", tmp.resolve("run").toString());
        assertEquals(0, code, out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("Fabric peers: 4 real Fabric gossip nodes"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("converged: 8 peers, height \\d+, head [0-9a-f]{64}, state [0-9a-f]{64}")), text);
        for (String fabric : new String[] {"peer2.org1.example.com", "peer3.org1.example.com", "peer2.org2.example.com",
                "peer3.org2.example.com"}) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith(fabric) && l.contains("(no world state)") && l.contains("Fabric {")),
                    fabric + " is in the table as a Fabric node: " + text);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("run/fabric/genesis/blockfile_000000")), "the Fabric nodes' genesis block file");
    }

    @Test
    void commandsThatRunLedgerGossipPeersOnlyRefuseFabricPeersBeforeStartingAnything() {
        for (String[] args : new String[][] {
                {"chaos", "network-config/mixed.yaml", "--minutes", "0.1", "--data", tmp.resolve("chaos").toString()},
                {"node", "--config", "network-config/mixed.yaml", "--peer", "peer2.org1.example.com", "--data", tmp.resolve("node").toString()},
                {"bench", "dissemination", "--config", "network-config/mixed.yaml", "--out", tmp.resolve("bench").toString()}}) {
            StringWriter err = new StringWriter();
            int code = LedgerGossipCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
            assertEquals(2, code, String.join(" ", args) + ": " + err);
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().contains("Fabric peer"), err.toString());
            assertTrue(!Files.exists(tmp.resolve(args[0])), "nothing written for " + args[0]);
        }
    }

    @Test
    void aMixedNetworkWithoutTheFabricNodeIsRefusedInOneLine() {
        StringWriter err = new StringWriter();
        int code = LedgerGossipCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "network", "up",
                "network-config/mixed.yaml", "--fabric-node", tmp.resolve("nowhere").toString(), "--data", tmp.resolve("run").toString());
        assertEquals(2, code);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("--fabric-node") && err.toString().contains("implementation: fabric"), err.toString());
    }
}
