package io.ledgergossip.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ledgergossip.bench.Stats.Point;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code bench} run measured: the scenario's figures per profile, the raw limits, and the
 * machine; written as report.json (figures first, then curves) and a self-contained report.html.
 */
public final class BenchReport {
    private final String scenario;
    private final String profile;
    private final List<DisseminationBench.Result> dissemination = new ArrayList<>();
    private final List<CatchupBench.Result> catchup = new ArrayList<>();
    private final List<LoadBench.Result> load = new ArrayList<>();
    private final List<RecoverBench.Result> recover = new ArrayList<>();
    private RawLimits raw;
    private OrdererFanoutRun.Result ordererFanout;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    BenchReport(String scenario, String profile) {
        this.scenario = scenario;
        this.profile = profile;
    }

    void add(DisseminationBench.Result result) {
        dissemination.add(result);
    }

    void add(CatchupBench.Result result) {
        catchup.add(result);
    }

    void add(LoadBench.Result result) {
        load.add(result);
    }

    void add(RecoverBench.Result result) {
        recover.add(result);
    }

    /** One parameter of the run (what was asked for, and the machine's state), as report.json and report.html show it. */
    void parameter(String name, Object value) {
        parameters.put(name, value);
    }

    public Map<String, Object> parameters() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    void ordererFanout(OrdererFanoutRun.Result result) {
        this.ordererFanout = result;
    }

    /** Every peer delivering from a real orderer against the super nodes delivering, or null when not measured. */
    public OrdererFanoutRun.Result ordererFanout() {
        return ordererFanout;
    }

    void raw(RawLimits limits) {
        this.raw = limits;
    }

    public List<DisseminationBench.Result> dissemination() {
        return List.copyOf(dissemination);
    }

    public List<CatchupBench.Result> catchup() {
        return List.copyOf(catchup);
    }

    public List<LoadBench.Result> load() {
        return List.copyOf(load);
    }

    public RawLimits raw() {
        return raw;
    }

    /** The report's figures as report.json holds them. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("profile", profile);
        json.put("parameters", new LinkedHashMap<>(parameters));
        json.putAll(figures(0));
        json.put("raw_store_mb_s", r(raw.storeMbS()));
        json.put("raw_tcp_mb_s", r(raw.tcpMbS()));
        json.put("ledger_store_mb_s", r(raw.ledgerStoreMbS()));
        json.put("raw_store_cpu_ms_per_mb", r(raw.cpu().storeMsPerMb()));
        json.put("raw_tcp_cpu_ms_per_mb", r(raw.cpu().tcpMsPerMb()));
        json.put("block_checks_cpu_ms_per_mb", r(raw.cpu().checksMsPerMb()));
        json.put("raw_blocks", raw.blocks());
        json.put("raw_store_batch_blocks", raw.batchSize());
        json.put("raw_store_runs", RawLimits.RAW_STORE_RUNS);
        json.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("git_commit", io.ledgergossip.util.BuildInfo.gitCommit());
        json.put("created", Instant.now().toString());
        List<Map<String, Object>> profiles = new ArrayList<>();
        int count = Math.max(Math.max(dissemination.size(), recover.size()), Math.max(catchup.size(), load.size()));
        for (int i = 0; i < count; i++) {
            profiles.add(figures(i));
        }
        json.put("profiles", profiles);
        if (ordererFanout != null) {
            OrdererFanoutRun.Result o = ordererFanout;
            Map<String, Object> fanout = new LinkedHashMap<>();
            fanout.put("peers", o.peers());
            fanout.put("super_nodes", o.superNodes());
            fanout.put("blocks", o.blocks());
            fanout.put("block_bytes", r(o.blockBytes()));
            fanout.put("blocks_per_second", r(o.blocksPerSecond()));
            fanout.put("every_peer_delivers_ms", summary(o.everyPeerMs()));
            fanout.put("every_peer_delivers_orderer_bytes_per_block", r(o.everyPeerOrdererBytesPerBlock()));
            fanout.put("super_nodes_deliver_ms", summary(o.superNodesMs()));
            fanout.put("super_nodes_deliver_orderer_bytes_per_block", r(o.superNodesOrdererBytesPerBlock()));
            fanout.put("super_nodes_deliver_never_delivered", o.superNodesNeverDelivered());
            fanout.put("every_peer_delivers_copies_per_block", r(o.everyPeerCopiesPerBlock()));
            fanout.put("super_nodes_deliver_copies_per_block", r(o.superNodesCopiesPerBlock()));
            json.put("orderer_fanout", fanout);
        }
        return json;
    }

    /** The figures of the i-th profile run (null where the scenario does not measure them). */
    private Map<String, Object> figures(int i) {
        Map<String, Object> f = new LinkedHashMap<>();
        DisseminationBench.Result d = i < dissemination.size() ? dissemination.get(i) : null;
        CatchupBench.Result c = i < catchup.size() ? catchup.get(i) : null;
        LoadBench.Result l = i < load.size() ? load.get(i) : null;
        RecoverBench.Result rc = i < recover.size() ? recover.get(i) : null;
        Integer peers = null;
        Integer blocks = null;
        Integer blockBytes = null;
        String name = profile;
        if (d != null) {
            name = d.profile();
            peers = d.peers();
            blocks = d.blocks();
            blockBytes = d.blockBytes();
        } else if (c != null) {
            name = c.profile();
            peers = c.providers() + 1;
            blocks = c.blocks();
            blockBytes = c.blockBytes();
        } else if (l != null) {
            name = l.profile();
            peers = l.peers();
            blocks = l.blocks();
            blockBytes = l.blockBytes();
        } else if (rc != null) {
            name = rc.profile();
            peers = rc.sources() + 1;
            blocks = rc.blocks();
            blockBytes = rc.blockBytes();
        }
        f.put("profile", name);
        f.put("peers", peers);
        f.put("blocks", blocks);
        f.put("block_bytes", blockBytes);
        if (d != null) {
            f.put("dissemination_ms", Map.of("p50", r(d.dissemination().p50()), "p99", r(d.dissemination().p99()),
                    "max", r(d.dissemination().max())));
            f.put("blocks_to_all", d.blocksToAll());
            f.put("peer_blocks_never_delivered", d.neverDelivered());
            f.put("one_hop_ms", r(d.oneHopMs()));
            f.put("p99_bound_ms", r(p99Bound(d)));
            f.put("bodies_per_peer_per_block", r(d.bodiesPerPeerPerBlock()));
            f.put("bytes_sent_per_peer_per_block_ratio", r(d.bytesSentPerPeerPerBlockRatio()));
            f.put("cpu_cores_busy", r(d.cpuCores()));
            f.put("blocks_received_by", Map.of("push", d.byPush(), "pull", d.byPull(), "state_transfer", d.byStateTransfer()));
            f.put("connections_refused", d.connectionsRefused());
            f.put("time_to_all_ms", java.util.Arrays.stream(d.timeToAllMs()).map(BenchReport::r).boxed().toList());
            f.put("holding_curve", curve(d.holdingCurve()));
        } else {
            f.put("dissemination_ms", null);
            f.put("bodies_per_peer_per_block", null);
            f.put("bytes_sent_per_peer_per_block_ratio", null);
        }
        f.put("catchup_mb_s", c != null ? r(c.mbPerSecond()) : null);
        f.put("catchup_blocks_s", c != null ? r(c.blocksPerSecond()) : null);
        f.put("catchup_ratio_to_limit", c != null && raw != null ? r(c.mbPerSecond() / raw.min()) : null);
        if (c != null && raw != null) {
            f.put("catchup_ratio_to_ledger_store", r(c.mbPerSecond() / raw.ledgerStoreMbS()));
        }
        if (c != null) {
            f.put("catchup_seconds", r(c.seconds()));
            f.put("catchup_cpu_cores_busy", r(c.cpuCores()));
            f.put("catchup_cpu_ms_per_mb", r(c.cpuMsPerMb()));
            f.put("catchup_warmup_joiners", c.warmups());
            f.put("catchup_jit_ms", c.jitMs());
            f.put("catchup_blocks_per_store_write", r(c.blocksPerWrite()));
            f.put("catchup_blocks_per_wal_sync", r(c.blocksPerSync()));
            f.put("catchup_throughput", curve(c.throughput()));
        }
        if (rc != null) {
            f.put("recover_seconds", r(rc.seconds()));
            f.put("recover_blocks_fetched", rc.fetched());
            f.put("recover_blocks_by_source", rc.bySource());
            f.put("recover_mb_s", r(rc.mbPerSecond()));
            f.put("recover_blocks_s", r(rc.blocksPerSecond()));
            f.put("recover_ratio_to_limit", raw != null ? r(rc.mbPerSecond() / raw.min()) : null);
            f.put("recover_cpu_cores_busy", r(rc.cpuCores()));
            f.put("recover_files_identical", rc.identical());
        }
        f.put("load_blocks_s", l != null ? r(l.highestRate()) : null);
        if (l != null) {
            List<Map<String, Object>> steps = new ArrayList<>();
            l.steps().forEach(s -> steps.add(Map.of("blocks_s", s.blocksPerSecond(), "worst_p99_lag", s.worstP99Lag(),
                    "kept_up", s.keptUp(), "cpu_cores_busy", s.cpuCores(), "jit_ms", s.jitMillis())));
            f.put("load_steps", steps);
            f.put("load_warmup_steps", l.warmupSteps());
        }
        return f;
    }

    /** The target for p99 to all peers: 3 x ceil(log2 peers) x the one-hop latency of the same run. */
    public static double p99Bound(DisseminationBench.Result d) {
        return 3 * Math.ceil(Math.log(d.peers()) / Math.log(2)) * d.oneHopMs();
    }

    private static Map<String, Object> summary(Stats.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", r(s.p50()));
        m.put("p99", r(s.p99()));
        m.put("max", r(s.max()));
        return m;
    }

    private static List<List<Double>> curve(List<Point> points) {
        return points.stream().map(p -> List.of(r(p.x()), r(p.y()))).toList();
    }

    private static double r(double value) {
        return Double.isNaN(value) ? value : Stats.round(value, 3);
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), json());
        Files.writeString(dir.resolve("report.html"), ReportHtml.render(this, json()), StandardCharsets.UTF_8);
    }

    /** The short table printed at the end of a run. */
    public void printTable(PrintWriter out) {
        out.printf("%-20s %9s %9s %9s %8s %8s %8s %9s %9s %9s%n", "profile", "p50 ms", "p99 ms", "max ms", "hop ms",
                "bodies", "bytes/B", "to all", "catchup", "load b/s");
        int count = Math.max(Math.max(dissemination.size(), recover.size()), Math.max(catchup.size(), load.size()));
        for (int i = 0; i < count; i++) {
            Map<String, Object> f = figures(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) f.get("dissemination_ms");
            out.printf("%-20s %9s %9s %9s %8s %8s %8s %9s %9s %9s%n", f.get("profile"), cell(d == null ? null : d.get("p50")),
                    cell(d == null ? null : d.get("p99")), cell(d == null ? null : d.get("max")), cell(f.get("one_hop_ms")),
                    cell(f.get("bodies_per_peer_per_block")), cell(f.get("bytes_sent_per_peer_per_block_ratio")),
                    f.get("blocks_to_all") == null ? "-" : f.get("blocks_to_all") + "/" + f.get("blocks"),
                    cell(f.get("catchup_mb_s")), cell(f.get("load_blocks_s")));
        }
        out.printf("raw limits: RocksDB %.1f MB/s (batches of %d blocks, synced; median of %d runs), TLS loopback %.1f MB/s; "
                + "the peer's ledger store alone (blocks + state, same batches) %.1f MB/s%n", raw.storeMbS(), raw.batchSize(), RawLimits.RAW_STORE_RUNS,
                raw.tcpMbS(), raw.ledgerStoreMbS());
        for (DisseminationBench.Result d : dissemination) {
            out.printf("%s: %d of %d blocks reached all %d peers, %d peer-blocks never delivered; p99 to all %.1f ms", d.profile(),
                    d.blocksToAll(), d.blocks(), d.peers(), d.neverDelivered(), d.dissemination().p99());
            out.printf(Double.isNaN(d.oneHopMs()) ? "%n" : String.format(java.util.Locale.ROOT,
                    "; bound 3 x ceil(log2 %d) x %.2f ms one hop = %.1f ms%n", d.peers(), d.oneHopMs(), p99Bound(d)));
        }
        if (ordererFanout != null) {
            OrdererFanoutRun.Result o = ordererFanout;
            out.printf("real orderer, %d blocks of %.0f bytes at %.1f blocks/s, %d peers: every peer delivers: p99 to all %.1f ms, "
                    + "orderer sends %.0f bytes per block; %d super nodes deliver: p99 to all %.1f ms (%.2fx), orderer sends %.0f "
                    + "bytes per block (%.3f of every peer's per byte of block; super nodes / peers = %.3f)%n", o.blocks(), o.blockBytes(),
                    o.blocksPerSecond(), o.peers(), o.everyPeerMs().p99(), o.everyPeerOrdererBytesPerBlock(), o.superNodes(),
                    o.superNodesMs().p99(), o.superNodesMs().p99() / o.everyPeerMs().p99(), o.superNodesOrdererBytesPerBlock(),
                    o.bytesRatio(), (double) o.superNodes() / o.peers());
        }
        if (dissemination.size() == 2) {
            DisseminationBench.Result a = dissemination.get(0);
            DisseminationBench.Result b = dissemination.get(1);
            out.printf("%s / %s, same run: p99 to all %.1fx, body copies per peer per block %.2fx%n", b.profile(), a.profile(),
                    b.dissemination().p99() / a.dissemination().p99(), b.bodiesPerPeerPerBlock() / a.bodiesPerPeerPerBlock());
        }
        for (RecoverBench.Result r : recover) {
            out.printf("%s: repair of a %d-block ledger cut in its middle: %d blocks fetched from %d peers %s in %.2f s (%.1f MB/s, "
                    + "%.0f blocks/s, %.2f of min(raw store, raw TLS)), each checked; files byte for byte the undamaged ones: %s%n",
                    r.profile(), r.blocks(), r.fetched(), r.sources(), r.bySource().values(), r.seconds(), r.mbPerSecond(),
                    r.blocksPerSecond(), r.mbPerSecond() / raw.min(), r.identical());
        }
        for (CatchupBench.Result c : catchup) {
            out.printf("%s: catch-up of %d blocks in %.1f s: %.1f MB/s, %.0f blocks/s, %.2f of min(raw store, raw TLS), "
                    + "%.2f of the ledger store alone; %.1f blocks per store write, %.1f per log sync (after %d warm-up joiners; "
                    + "JIT %d ms during it)%n",
                    c.profile(), c.blocks(), c.seconds(), c.mbPerSecond(), c.blocksPerSecond(), c.mbPerSecond() / raw.min(),
                    c.mbPerSecond() / raw.ledgerStoreMbS(), c.blocksPerWrite(), c.blocksPerSync(), c.warmups(), c.jitMs());
        }
        out.flush();
    }

    private static String cell(Object value) {
        return value == null ? "-" : value instanceof Double d ? String.format("%.2f", d) : value.toString();
    }

}
