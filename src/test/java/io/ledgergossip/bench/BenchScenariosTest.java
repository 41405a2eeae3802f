package io.ledgergossip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Every bench scenario runs end to end on a small size (4 real peers, Netty + TLS, RocksDB) and
 * writes a report whose figures are present and consistent. The figures themselves are benchmarks.
 */
class BenchScenariosTest {
    private static final String FOUR = "src/test/resources/network-config/four.yaml";

    @TempDir
    Path tmp;

    private JsonNode bench(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 6];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = FOUR;
        all[args.length + 3] = "--no-progress";
        all[args.length + 4] = "--raw-blocks";
        all[args.length + 5] = "300";
        int code = LedgerGossipCli.run(new PrintWriter(out), new PrintWriter(err), all);
        assertEquals(0, code, out + "\n" + err);
        Path dir = tmp.resolve(args[0]);
        assertTrue(out.toString().contains("raw limits: RocksDB"), out.toString());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        for (String field : new String[] {"scenario", "profile", "peers", "blocks", "block_bytes", "dissemination_ms",
            "bodies_per_peer_per_block", "bytes_sent_per_peer_per_block_ratio", "catchup_mb_s", "raw_store_mb_s", "raw_tcp_mb_s",
            "catchup_ratio_to_limit", "load_blocks_s", "jvm", "cpus", "git_commit"}) {
            assertTrue(report.has(field), "report.json lacks " + field + ": " + report);
        }
        assertEquals(args[0], report.get("scenario").asText());
        assertTrue(report.get("raw_store_mb_s").asDouble() > 0 && report.get("raw_tcp_mb_s").asDouble() > 0, report.toString());
        assertEquals(Runtime.getRuntime().availableProcessors(), report.get("cpus").asInt());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && !html.contains("<script") && !html.contains("http://cdn"), "self-contained");
        return report;
    }

    @Test
    void disseminationWithBothProfilesReportsLatencyRedundancyAndTheCurve() throws Exception {
        JsonNode report = bench("dissemination", "--out", tmp.resolve("dissemination").toString(), "--compare", "--blocks", "12",
                "--interval", "50ms", "--block-bytes", "8192");
        assertEquals(4, report.get("peers").asInt());
        assertEquals(12, report.get("blocks").asInt());
        assertTrue(report.get("block_bytes").asInt() > 6000, report.toString());
        JsonNode ms = report.get("dissemination_ms");
        assertTrue(ms.get("p50").asDouble() > 0 && ms.get("p50").asDouble() <= ms.get("p99").asDouble()
                && ms.get("p99").asDouble() <= ms.get("max").asDouble(), ms.toString());
        // every peer but the super nodes received each block's body at least once
        assertTrue(report.get("bodies_per_peer_per_block").asDouble() >= 0.4, report.toString());
        assertTrue(report.get("bytes_sent_per_peer_per_block_ratio").asDouble() > 0.4, report.toString());
        assertEquals(2, report.get("profiles").size());
        assertEquals("fabric-defaults", report.get("profiles").get(1).get("profile").asText());
        JsonNode curve = report.get("profiles").get(0).get("holding_curve");
        assertEquals(1.0, curve.get(curve.size() - 1).get(1).asDouble(), 1e-9, "every peer ends up holding every block");
        assertTrue(report.get("catchup_mb_s").isNull() && report.get("load_blocks_s").isNull());
        String html = Files.readString(tmp.resolve("dissemination/report.html"));
        assertTrue(html.contains("id=\"dissemination-cdf\"") && html.contains("data-series=\"fabric-defaults\""), html);
    }

    @Test
    void disseminationUnderLossRunsOnTheInMemoryTransportAndStillReachesEveryPeer() throws Exception {
        JsonNode report = bench("dissemination", "--out", tmp.resolve("dissemination").toString(), "--loss", "0.2", "--blocks", "20",
                "--block-bytes", "4096");
        JsonNode row = report.get("profiles").get(0);
        assertEquals("ledger-gossip, in-memory, loss 20%", row.get("profile").asText());
        assertEquals(20, row.get("blocks_to_all").asInt(), row.toString());
        assertEquals(0, row.get("peer_blocks_never_delivered").asInt(), row.toString());
        // a fifth of the pushes lost: some blocks need a few hops more than one, none waits for a pull interval (4 s)
        double p99 = row.get("dissemination_ms").get("p99").asDouble();
        assertTrue(p99 >= 1 && p99 < 1_000, row.toString());
        assertTrue(report.get("parameters").get("transport").asText().contains("in-memory"), report.toString());
    }

    @Test
    void catchupReportsThroughputAgainstTheRawLimits() throws Exception {
        JsonNode report = bench("catchup", "--out", tmp.resolve("catchup").toString(), "--blocks", "400", "--block-bytes", "8192");
        assertEquals(400, report.get("blocks").asInt());
        double mbs = report.get("catchup_mb_s").asDouble();
        assertTrue(mbs > 0, report.toString());
        double limit = Math.min(report.get("raw_store_mb_s").asDouble(), report.get("raw_tcp_mb_s").asDouble());
        assertEquals(mbs / limit, report.get("catchup_ratio_to_limit").asDouble(), 0.01);
        assertTrue(report.get("profiles").get(0).get("catchup_throughput").size() > 0);
        JsonNode profile = report.get("profiles").get(0);
        int warmups = profile.get("catchup_warmup_joiners").asInt();
        assertTrue(warmups >= 0 && warmups <= CatchupBench.MAX_WARMUPS, "warm-up joiners: " + warmups); // 0 where the org has no peer to spare
        assertTrue(profile.get("catchup_jit_ms").asLong() >= 0);
        double perWrite = profile.get("catchup_blocks_per_store_write").asDouble();
        assertTrue(perWrite >= 1 && perWrite <= 100, "blocks per store write: " + perWrite); // at most BlockIntake's run
        double perSync = profile.get("catchup_blocks_per_wal_sync").asDouble();
        assertTrue(perSync >= perWrite, "a log sync covers one store write or more: " + perSync + " blocks per sync, " + perWrite + " per write");
        for (String stage : new String[] {"raw_store_cpu_ms_per_mb", "raw_tcp_cpu_ms_per_mb", "block_checks_cpu_ms_per_mb"}) {
            assertTrue(report.get(stage).asDouble() > 0, stage + " in " + report);
        }
        double msPerMb = profile.get("catchup_cpu_cores_busy").asDouble() * 1000 / mbs; // both rounded in the report
        assertEquals(msPerMb, profile.get("catchup_cpu_ms_per_mb").asDouble(), 0.02 * msPerMb);
        assertTrue(Files.readString(tmp.resolve("catchup/report.html")).contains("id=\"catchup-throughput\""));
    }

    @Test
    void loadTriesRatesAndReportsTheHighestKeptUpWith() throws Exception {
        JsonNode report = bench("load", "--out", tmp.resolve("load").toString(), "--step", "1s", "--load-steps", "2",
                "--block-bytes", "8192");
        JsonNode steps = report.get("profiles").get(0).get("load_steps");
        // two rates; an attempt that failed while the JIT was busy is followed by another at the same rate
        int rates = 0;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            boolean again = i + 1 < steps.size() && steps.get(i + 1).get("blocks_s").asDouble() == step.get("blocks_s").asDouble();
            if (again) {
                assertFalse(step.get("kept_up").asBoolean(), report.toString());
                assertTrue(step.get("jit_ms").asLong() >= JitTime.QUIET_SHARE * 1000, report.toString());
            } else {
                rates++;
            }
        }
        assertEquals(2, rates, report.toString());
        assertTrue(steps.size() <= 2 * (1 + LoadBench.MAX_JIT_RETRIES), report.toString());
        int warmups = report.get("profiles").get(0).get("load_warmup_steps").asInt();
        assertTrue(warmups >= 2 && warmups <= 2 * LoadBench.MAX_WARMUP_STEPS, "warm-up steps (two rates): " + warmups);
        double highest = report.get("load_blocks_s").asDouble();
        for (JsonNode step : steps) {
            if (step.get("kept_up").asBoolean()) {
                assertTrue(step.get("blocks_s").asDouble() <= highest, report.toString());
                assertTrue(step.get("worst_p99_lag").asDouble() <= 2, report.toString());
            } else {
                assertTrue(step.get("worst_p99_lag").asDouble() > 2, report.toString());
            }
        }
        assertTrue(Files.readString(tmp.resolve("load/report.html")).contains("id=\"load-lag\""));
    }

    @Test
    void unknownScenarioOrProfileIsRefusedWithExitTwo() {
        StringWriter err = new StringWriter();
        assertEquals(2, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "gossipy"));
        assertTrue(err.toString().contains("unknown scenario 'gossipy'"), err.toString());
        err = new StringWriter();
        assertEquals(2, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "dissemination",
                "--profile", "fastest"));
        assertTrue(err.toString().contains("unknown profile 'fastest'"), err.toString());
    }
}
