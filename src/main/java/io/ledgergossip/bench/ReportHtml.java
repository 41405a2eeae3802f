package io.ledgergossip.bench;

import io.ledgergossip.bench.Stats.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: a report a person reads. The run's parameters; the headline figures with their
 * units, each next to its target and a PASS/FAIL verdict; warnings where a percentile rests on too
 * few samples; this machine's raw limits next to what was measured; the curves as inline SVG with
 * labelled axes. One file that opens offline. report.json keeps every figure for scripts.
 */
final class ReportHtml {
    /** Below this many samples a p99 is only the highest value or two, and the report says so. */
    static final int P99_MIN_SAMPLES = 100;
    /** Real Fabric's p99 time to every peer over ledger-gossip's, at least (the side-by-side target). */
    static final double MIN_FABRIC_RATIO = 100;
    /** At most this many block bodies received per peer per block (the dissemination target). */
    static final double MAX_BODIES_PER_PEER = 1.2;
    /** Catch-up must reach at least this share of min(raw store, raw TLS) measured in the same run. */
    static final double MIN_CATCHUP_RATIO = 0.8;

    private ReportHtml() {}

    /** One headline row: what, its unit, the value per profile, the target and whether each value meets it. */
    private record Row(String figure, String unit, List<Double> values, String target, List<Boolean> met) {}

    static String render(BenchReport report, Map<String, Object> json) {
        String scenario = String.valueOf(json.get("scenario"));
        List<Row> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> profiles = new ArrayList<>();
        dissemination(report, rows, warnings, profiles);
        catchup(report, rows, profiles);
        load(report, rows, profiles);

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ledger-gossip bench: ")
                .append(esc(scenario)).append("</title>\n<style>body{font-family:sans-serif;margin:24px;max-width:980px}"
                        + "table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
                        + "th{background:#f4f4f4}td.name,th.name{text-align:left}.pass{color:#1a7f37;font-weight:bold}"
                        + ".fail{color:#cf222e;font-weight:bold}.warn{color:#9a6700}</style></head><body>\n");
        html.append("<h1>ledger-gossip bench: ").append(esc(scenario)).append("</h1>\n");
        long failed = rows.stream().flatMap(r -> r.met().stream()).filter(m -> m != null && !m).count();
        long checked = rows.stream().flatMap(r -> r.met().stream()).filter(m -> m != null).count();
        html.append("<p id=\"verdict\" class=\"").append(failed == 0 ? "pass" : "fail").append("\">")
                .append(checked - failed).append(" of ").append(checked).append(" targets met</p>\n");

        html.append("<h2>Run</h2>\n<table id=\"parameters\">\n");
        for (Map.Entry<String, Object> p : report.parameters().entrySet()) {
            html.append("<tr><td class=\"name\">").append(esc(words(p.getKey()))).append("</td><td>").append(esc(String.valueOf(p.getValue())))
                    .append("</td></tr>\n");
        }
        html.append("<tr><td class=\"name\">machine</td><td>").append(esc(json.get("cpus") + " CPUs, " + json.get("jvm")))
                .append("</td></tr>\n<tr><td class=\"name\">commit</td><td>").append(esc(String.valueOf(json.get("git_commit"))))
                .append("</td></tr>\n<tr><td class=\"name\">created</td><td>").append(esc(String.valueOf(json.get("created"))))
                .append("</td></tr>\n</table>\n");

        html.append("<h2>Headline figures</h2>\n<table id=\"headline\">\n<tr><th class=\"name\">figure</th>");
        for (String profile : profiles) {
            html.append("<th>").append(esc(profile)).append("</th>");
        }
        html.append("<th>target</th></tr>\n");
        for (Row row : rows) {
            html.append("<tr><td class=\"name\">").append(esc(row.figure())).append(" (").append(esc(row.unit())).append(")</td>");
            for (int i = 0; i < profiles.size(); i++) {
                Double v = i < row.values().size() ? row.values().get(i) : null;
                Boolean met = i < row.met().size() ? row.met().get(i) : null;
                html.append("<td>").append(v == null ? "" : number(v));
                if (met != null) {
                    html.append(" <span class=\"").append(met ? "pass\">PASS" : "fail\">FAIL").append("</span>");
                }
                html.append("</td>");
            }
            html.append("<td>").append(esc(row.target())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!warnings.isEmpty()) {
            html.append("<ul id=\"warnings\">\n");
            warnings.forEach(w -> html.append("<li class=\"warn\">").append(esc(w)).append("</li>\n"));
            html.append("</ul>\n");
        }

        RawLimits raw = report.raw();
        if (raw != null) {
            html.append("<h2>This machine's raw limits, measured in the same run</h2>\n<table id=\"raw\">\n")
                    .append(rawRow("RocksDB batch writes, synced (median of " + RawLimits.RAW_STORE_RUNS + " runs)", raw.storeMbS()))
                    .append(rawRow("one mutually authenticated TLS connection on loopback", raw.tcpMbS()))
                    .append(rawRow("the peer's ledger store alone (no gossip)", raw.ledgerStoreMbS()))
                    .append(cpuRow("CPU per MB of the raw RocksDB writes", raw.cpu().storeMsPerMb()))
                    .append(cpuRow("CPU per MB through the raw TLS connection (both ends)", raw.cpu().tcpMsPerMb()))
                    .append(cpuRow("CPU per MB of a peer's checks of the same blocks (data hash, transactions, orderer signature)",
                            raw.cpu().checksMsPerMb()));
            for (CatchupBench.Result c : report.catchup()) {
                html.append(rawRow("measured: catch-up of a joining peer (" + c.profile() + ")", c.mbPerSecond()))
                        .append(cpuRow("measured: CPU per MB of that catch-up (serving peers and joiner)", c.cpuMsPerMb()));
            }
            html.append("</table>\n");
        }
        ordererFanout(report.ordererFanout(), html);
        plots(report, html);
        html.append("</body></html>\n");
        return html.toString();
    }

    /** Fabric 2.x's default (every peer delivers) against the super nodes delivering, from the same real orderer. */
    private static void ordererFanout(OrdererFanoutRun.Result o, StringBuilder html) {
        if (o == null) {
            return;
        }
        double bytesRatio = o.bytesRatio();
        double bytesTarget = (double) o.superNodes() / o.peers();
        double timeRatio = o.superNodesMs().p99() / o.everyPeerMs().p99();
        html.append("<h2>From a real Fabric orderer: every peer delivers, or the super nodes deliver</h2>\n")
                .append(String.format(Locale.ROOT, "<p>%d peers, %d blocks of about %s bytes at %s blocks/s; time from a block's "
                        + "first arrival at any peer until every peer holds it.</p>\n", o.peers(), o.blocks(), number(o.blockBytes()),
                        number(o.blocksPerSecond())))
                .append("<table id=\"orderer-fanout\">\n<tr><th>figure</th><th>every peer delivers (Fabric 2.x default)</th>"
                        + "<th>ledger-gossip: super nodes deliver</th><th>target</th></tr>\n");
        fanoutRow(html, "time to every peer, p50 (ms)", o.everyPeerMs().p50(), o.superNodesMs().p50(), "", null);
        fanoutRow(html, "time to every peer, p99 (ms)", o.everyPeerMs().p99(), o.superNodesMs().p99(),
                "within 2x: " + number(timeRatio) + "x", timeRatio <= 2);
        fanoutRow(html, "time to every peer, max (ms)", o.everyPeerMs().max(), o.superNodesMs().max(), "", null);
        fanoutRow(html, "copies of each block the orderer sends", o.everyPeerCopiesPerBlock(), o.superNodesCopiesPerBlock(), "", null);
        fanoutRow(html, "bytes the orderer sends per block", o.everyPeerOrdererBytesPerBlock(), o.superNodesOrdererBytesPerBlock(),
                String.format(Locale.ROOT, "<= super nodes / peers = %s: %s (per byte of block)", number(bytesTarget),
                        number(bytesRatio)),
                bytesRatio <= bytesTarget + 1e-9);
        html.append("</table>\n");
    }

    private static void fanoutRow(StringBuilder html, String figure, double everyPeer, double superNodes, String target, Boolean met) {
        html.append("<tr><td class=\"name\">").append(esc(figure)).append("</td><td>").append(number(everyPeer)).append("</td><td>")
                .append(number(superNodes));
        if (met != null) {
            html.append(" <span class=\"").append(met ? "pass\">PASS" : "fail\">FAIL").append("</span>");
        }
        html.append("</td><td>").append(esc(target)).append("</td></tr>\n");
    }

    private static void dissemination(BenchReport report, List<Row> rows, List<String> warnings, List<String> profiles) {
        List<DisseminationBench.Result> results = report.dissemination();
        if (results.isEmpty()) {
            return;
        }
        results.forEach(d -> profiles.add(d.profile()));
        List<Double> bound = results.stream().map(BenchReport::p99Bound).toList();
        rows.add(new Row("blocks that reached every peer", "blocks", results.stream().map(d -> (double) d.blocksToAll()).toList(),
                "all", results.stream().map(d -> d.blocksToAll() == d.blocks()).toList()));
        rows.add(new Row("peer-blocks never delivered (within 30 s of the last cut)", "count",
                results.stream().map(d -> (double) d.neverDelivered()).toList(), "0", results.stream().map(d -> d.neverDelivered() == 0).toList()));
        rows.add(new Row("time from cut to every peer, p50", "ms", results.stream().map(d -> d.dissemination().p50()).toList(), "", List.of()));
        List<Double> p99 = results.stream().map(d -> d.dissemination().p99()).toList();
        List<Boolean> p99Met = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            p99Met.add(Double.isNaN(bound.get(i)) ? null : p99.get(i) <= bound.get(i)); // no one-hop figure (real Fabric): no bound
        }
        rows.add(new Row("time from cut to every peer, p99", "ms", p99, String.format(Locale.ROOT,
                "<= 3 x ceil(log2 peers) x one hop = %s ms", number(bound.get(0))), p99Met));
        int fabric = profiles.indexOf(FabricDisseminationRun.PROFILE);
        if (fabric >= 0) {
            double fabricP99 = p99.get(fabric);
            List<Double> ratio = new ArrayList<>();
            List<Boolean> met = new ArrayList<>();
            for (int i = 0; i < p99.size(); i++) {
                ratio.add(i == fabric ? null : fabricP99 / p99.get(i)); // no verdict on Fabric against itself
                met.add(i == fabric ? null : fabricP99 / p99.get(i) >= MIN_FABRIC_RATIO);
            }
            rows.add(new Row("real Fabric's p99 to every peer over this one's, same run", "x", ratio, ">= " + number(MIN_FABRIC_RATIO),
                    met));
        }
        rows.add(new Row("time from cut to every peer, max", "ms", results.stream().map(d -> d.dissemination().max()).toList(), "", List.of()));
        rows.add(new Row("one hop (child after its super node), median", "ms", results.stream().map(DisseminationBench.Result::oneHopMs).toList(),
                "", List.of()));
        List<Double> bodies = results.stream().map(DisseminationBench.Result::bodiesPerPeerPerBlock).toList();
        rows.add(new Row("block bodies received per peer per block", "copies", bodies, "<= " + MAX_BODIES_PER_PEER,
                bodies.stream().map(b -> b <= MAX_BODIES_PER_PEER).toList()));
        rows.add(new Row("bytes sent per peer per block", "x block size", results.stream()
                .map(DisseminationBench.Result::bytesSentPerPeerPerBlockRatio).toList(), "", List.of()));
        rows.add(new Row("CPU cores busy", "cores", results.stream().map(DisseminationBench.Result::cpuCores).toList(), "", List.of()));
        rows.add(new Row("connections refused", "count", results.stream()
                .map(d -> d.connectionsRefused() < 0 ? Double.NaN : (double) d.connectionsRefused()).toList(), "0",
                results.stream().map(d -> d.connectionsRefused() <= 0).toList()));
        for (DisseminationBench.Result d : results) {
            if (d.blocks() < P99_MIN_SAMPLES) {
                warnings.add(String.format(Locale.ROOT, "%s: the p99 rests on %d blocks, fewer than %d: it is close to the slowest "
                        + "block, not a percentile; run more blocks (--blocks) for a p99 that means one", d.profile(), d.blocks(), P99_MIN_SAMPLES));
            }
        }
    }

    private static void catchup(BenchReport report, List<Row> rows, List<String> profiles) {
        List<CatchupBench.Result> results = report.catchup();
        if (results.isEmpty() || report.raw() == null) {
            return;
        }
        if (profiles.isEmpty()) {
            results.forEach(c -> profiles.add(c.profile()));
        }
        double limit = report.raw().min();
        rows.add(new Row("catch-up throughput", "MB/s", results.stream().map(CatchupBench.Result::mbPerSecond).toList(), "", List.of()));
        List<Double> ratio = results.stream().map(c -> c.mbPerSecond() / limit).toList();
        rows.add(new Row("catch-up / min(raw store, raw TLS)", "ratio", ratio, ">= " + MIN_CATCHUP_RATIO,
                ratio.stream().map(r -> r >= MIN_CATCHUP_RATIO).toList()));
        rows.add(new Row("catch-up", "blocks/s", results.stream().map(CatchupBench.Result::blocksPerSecond).toList(), "", List.of()));
        rows.add(new Row("JIT compilation during the measured catch-up", "ms", results.stream().map(c -> (double) c.jitMs()).toList(), "",
                List.of()));
    }

    private static void load(BenchReport report, List<Row> rows, List<String> profiles) {
        List<LoadBench.Result> results = report.load();
        if (results.isEmpty()) {
            return;
        }
        if (profiles.isEmpty()) {
            results.forEach(l -> profiles.add(l.profile()));
        }
        rows.add(new Row("highest rate every peer keeps up with (p99 lag <= 2 blocks)", "blocks/s",
                results.stream().map(LoadBench.Result::highestRate).toList(), "", List.of()));
    }

    private static void plots(BenchReport report, StringBuilder html) {
        if (!report.dissemination().isEmpty()) {
            List<SvgChart.Series> holding = new ArrayList<>();
            List<SvgChart.Series> perBlock = new ArrayList<>();
            for (DisseminationBench.Result d : report.dissemination()) {
                holding.add(new SvgChart.Series(d.profile(), d.holdingCurve()));
                List<Point> points = new ArrayList<>();
                for (int b = 0; b < d.timeToAllMs().length; b++) {
                    points.add(new Point(b + 1, d.timeToAllMs()[b]));
                }
                perBlock.add(new SvgChart.Series(d.profile(), points));
            }
            html.append("<h2>Dissemination</h2>\n").append(SvgChart.render("dissemination-cdf",
                    "Fraction of peers holding a block vs time since its cut", "time since the block was cut (ms, log scale)",
                    "fraction of peers holding it", holding, true, 1.0));
            html.append(SvgChart.render("dissemination-per-block", "Time from cut to every peer, block by block",
                    "block (in the order cut)", "time to every peer (ms)", perBlock, false, Double.NaN));
        }
        if (!report.catchup().isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            report.catchup().forEach(c -> series.add(new SvgChart.Series(c.profile(), c.throughput())));
            html.append("<h2>Catch-up</h2>\n").append(SvgChart.render("catchup-throughput", "Catch-up throughput of the joining peer",
                    "time since it started (s)", "throughput (MB/s)", series, false, Double.NaN));
        }
        if (!report.load().isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            for (LoadBench.Result l : report.load()) {
                List<Point> points = l.steps().stream().sorted(java.util.Comparator.comparingDouble(LoadBench.Step::blocksPerSecond))
                        .map(s -> new Point(s.blocksPerSecond(), s.worstP99Lag())).toList();
                series.add(new SvgChart.Series(l.profile(), points));
            }
            html.append("<h2>Load</h2>\n").append(SvgChart.render("load-lag", "Worst peer's p99 lag behind the head vs block rate",
                    "block rate (blocks/s)", "worst peer's p99 lag (blocks)", series, false, Double.NaN));
        }
    }

    private static String rawRow(String what, double mbS) {
        return "<tr><td class=\"name\">" + esc(what) + "</td><td>" + number(mbS) + " MB/s</td></tr>\n";
    }

    private static String cpuRow(String what, double msPerMb) {
        return "<tr><td class=\"name\">" + esc(what) + "</td><td>" + number(msPerMb) + " ms/MB</td></tr>\n";
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String words(String key) {
        return key.replace('_', ' ');
    }

    private static String esc(String text) {
        return SvgChart.escape(text);
    }
}
