package io.ledgergossip.bench;

import io.ledgergossip.bench.Stats.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** report.html: the figures in a table and the curves as inline SVG, one file that opens offline. */
final class ReportHtml {
    private ReportHtml() {}

    static String render(BenchReport report, Map<String, Object> json) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ledger-gossip bench: ")
                .append(SvgChart.escape(String.valueOf(json.get("scenario")))).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:24px}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}</style></head><body>\n");
        html.append("<h1>ledger-gossip bench: ").append(SvgChart.escape(String.valueOf(json.get("scenario")))).append("</h1>\n");
        html.append("<p>").append(SvgChart.escape(json.get("jvm") + ", " + json.get("cpus") + " CPUs, commit " + json.get("git_commit")
                + ", " + json.get("created"))).append("</p>\n");
        html.append("<table id=\"figures\"><tr><th>figure</th><th>value</th></tr>\n");
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (!e.getKey().equals("profiles") && !(e.getValue() instanceof List)) {
                html.append("<tr><td style=\"text-align:left\">").append(SvgChart.escape(e.getKey())).append("</td><td>")
                        .append(SvgChart.escape(String.valueOf(e.getValue()))).append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
        if (!report.dissemination().isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            report.dissemination().forEach(d -> series.add(new SvgChart.Series(d.profile(), d.holdingCurve())));
            html.append("<h2>Dissemination</h2>\n").append(SvgChart.render("dissemination-cdf",
                    "Fraction of peers holding a block vs time since its cut", "ms since the block was cut (log scale)",
                    "fraction of peers", series, true));
        }
        if (!report.catchup().isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            report.catchup().forEach(c -> series.add(new SvgChart.Series(c.profile(), c.throughput())));
            html.append("<h2>Catch-up</h2>\n").append(SvgChart.render("catchup-throughput", "Catch-up throughput of the joining peer",
                    "seconds since it started", "MB/s", series, false));
        }
        if (!report.load().isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            for (LoadBench.Result l : report.load()) {
                List<Point> points = l.steps().stream().sorted(java.util.Comparator.comparingDouble(LoadBench.Step::blocksPerSecond))
                        .map(s -> new Point(s.blocksPerSecond(), s.worstP99Lag())).toList();
                series.add(new SvgChart.Series(l.profile(), points));
            }
            html.append("<h2>Load</h2>\n").append(SvgChart.render("load-lag", "Worst peer's p99 lag behind the head vs block rate",
                    "blocks per second", "blocks behind (p99)", series, false));
        }
        html.append("</body></html>\n");
        return html.toString();
    }
}
