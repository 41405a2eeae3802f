package io.ledgergossip.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgergossip.cli.LedgerGossipCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench dissemination --compare-fabric}: the same blocks on ledger-gossip peers and on as
 * many real Fabric v2.5 gossip nodes, in one run, both in one report. The figures are benchmarks;
 * this asserts that both systems ran and were measured the same way.
 */
class FabricComparisonBenchTest {
    @TempDir
    Path tmp;

    @Test
    void bothSystemsRunOnTheSameBlocksAndAppearSideBySide() throws Exception {
        FabricChannel.requireFabricNode();
        OrdererKit.requireKit();
        Path out = tmp.resolve("compare");
        StringWriter stdout = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LedgerGossipCli.run(new PrintWriter(stdout), new PrintWriter(err), "bench", "dissemination", "--compare-fabric",
                FabricChannel.BINARY.toString(), "--peers", "6", "--blocks", "10", "--block-bytes", "8192", "--raw-blocks", "100",
                "--orderer-kit", OrdererKit.KIT.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, code, stdout + "\n" + err);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode profiles = report.get("profiles");
        assertEquals(2, profiles.size(), report.toString());
        JsonNode ours = profiles.get(0);
        JsonNode fabric = profiles.get(1);
        assertEquals("ledger-gossip", ours.get("profile").asText());
        assertEquals("fabric-v2.5.12-real", fabric.get("profile").asText());
        for (JsonNode row : profiles) {
            assertEquals(6, row.get("peers").asInt(), row.toString());
            assertEquals(10, row.get("blocks").asInt(), row.toString());
            assertTrue(row.get("block_bytes").asInt() > 6000, row.toString());
            assertTrue(row.get("cpu_cores_busy").asDouble() > 0, row.toString());
            assertEquals(row.get("time_to_all_ms").size(), row.get("blocks_to_all").asInt(), row.toString());
        }
        assertEquals(fabric.get("block_bytes").asInt(), ours.get("block_bytes").asInt(), "the same blocks");
        assertEquals(10, ours.get("blocks_to_all").asInt(), ours.toString());
        assertEquals(0, ours.get("peer_blocks_never_delivered").asInt(), ours.toString());
        // Fabric pushes bodies to 3 random peers of the org, and a leader's own blocks are not received copies
        assertTrue(fabric.get("bodies_per_peer_per_block").asDouble() > 1, fabric.toString());
        assertTrue(fabric.get("blocks_received_by").get("push").asLong() > 0, fabric.toString());
        JsonNode curve = fabric.get("holding_curve");
        assertTrue(curve.size() > 2, fabric.toString());
        JsonNode fanout = report.get("orderer_fanout");
        assertEquals(6, fanout.get("peers").asInt(), fanout.toString());
        assertEquals(2, fanout.get("super_nodes").asInt(), fanout.toString());
        assertEquals(0, fanout.get("super_nodes_deliver_never_delivered").asInt(), fanout.toString());
        // the orderer's Deliver bytes: one copy per stream and block, 6 streams against the 2 super nodes'
        double everyPeer = fanout.get("every_peer_delivers_orderer_bytes_per_block").asDouble();
        double supers = fanout.get("super_nodes_deliver_orderer_bytes_per_block").asDouble();
        double block = fanout.get("block_bytes").asDouble();
        assertEquals(6 * block, everyPeer, block * 0.01, fanout.toString());
        assertEquals(2 * block, supers, block * 0.01, fanout.toString());
        assertTrue(fanout.get("every_peer_delivers_ms").get("p99").asDouble() >= 0, fanout.toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("id=\"orderer-fanout\""), html);
        assertTrue(html.contains("data-series=\"ledger-gossip\"") && html.contains("data-series=\"fabric-v2.5.12-real\""), html);
        assertTrue(stdout.toString().contains("fabric-v2.5.12-real / ledger-gossip, same run"), stdout.toString());
        try (var logs = Files.list(out)) {
            assertEquals(java.util.Set.of("report.json", "report.html", ".ledger-gossip-run"),
                    logs.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()), "the scratch is removed");
        }
    }

    @Test
    void aMissingFabricNodeOrAnotherScenarioIsRefusedInOneLine() {
        StringWriter err = new StringWriter();
        assertEquals(2, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "dissemination",
                "--compare-fabric", tmp.resolve("nothing-here").toString(), "--out", tmp.resolve("a").toString()));
        assertTrue(err.toString().contains("--compare-fabric") && err.toString().contains("nothing-here"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        err = new StringWriter();
        assertEquals(2, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "catchup",
                "--compare-fabric", "--out", tmp.resolve("b").toString()));
        assertTrue(err.toString().contains("runs the dissemination scenario"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("a")) && !Files.exists(tmp.resolve("b")), "nothing written");
    }
}
