package io.ledgergossip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ledgergossip.bench.Stats.Point;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opened by a real browser with no network: headless Chromium renders it, and the
 * DOM it built holds the plots with one line per profile. Skipped where Chromium is absent
 * (Debian: apt-get install chromium).
 */
class ReportHtmlChromiumTest {
    @TempDir
    Path tmp;

    @Test
    void headlessChromiumRendersEveryPlotOffline() throws Exception {
        Optional<Path> chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .map(Path::of).filter(Files::isExecutable).findFirst();
        assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium): report.html not rendered");

        BenchReport report = new BenchReport("dissemination", "ledger-gossip");
        report.add(result("ledger-gossip", 1));
        report.add(result("fabric-defaults", 40));
        report.add(new CatchupBench.Result("ledger-gossip", 4, 100, 32768, 2.0, 1.6, 50,
                List.of(new Point(0.25, 10), new Point(0.5, 30), new Point(0.75, 35)), 1.5, 1, 12, 10.0, 20.0));
        report.raw(new RawLimits(150, 500, 70, 2000, 32768, 10, new StageCpu(2.7, 3.8, 4.1)));
        report.parameter("config", "network-config/large.yaml");
        report.parameter("interval_ms", 250);
        report.write(tmp);

        Process browser = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + tmp.resolve("profile"), "--dump-dom",
                tmp.resolve("report.html").toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream dom = new ByteArrayOutputStream();
        try (InputStream in = browser.getInputStream()) {
            in.transferTo(dom);
        }
        assertTrue(browser.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        String html = dom.toString(StandardCharsets.UTF_8);
        assertTrue(html.contains("<svg id=\"dissemination-cdf\""), html);
        assertTrue(html.contains("<svg id=\"catchup-throughput\""), html);
        String cdf = html.substring(html.indexOf("<svg id=\"dissemination-cdf\""));
        cdf = cdf.substring(0, cdf.indexOf("</svg>"));
        assertEquals(2, count(cdf, "class=\"series\" data-series=\"(ledger-gossip|fabric-defaults)\" d=\"M"), cdf);
        // a report a person reads: parameters, headline figures with units, targets and verdicts, raw limits
        assertTrue(html.contains("<table id=\"parameters\">") && html.contains("interval ms") && html.contains("large.yaml"), html);
        String headline = html.substring(html.indexOf("<table id=\"headline\">"), html.indexOf("</table>", html.indexOf("<table id=\"headline\">")));
        assertTrue(headline.contains("time from cut to every peer, p99 (ms)"), headline);
        assertTrue(headline.contains("class=\"pass\">PASS") && headline.contains("class=\"fail\">FAIL"), headline);
        assertTrue(headline.contains("block bodies received per peer per block (copies)"), headline);
        assertTrue(headline.contains("connections refused (count)"), headline);
        assertTrue(html.contains("<table id=\"raw\">") && html.contains("150 MB/s"), html);
        assertTrue(html.contains("id=\"verdict\""), html);
        assertTrue(!html.contains("{p99=") && !html.contains(">null<"), "no Java map text or null rows: " + html);
        assertTrue(html.contains("<svg id=\"dissemination-per-block\""), html);
        // the fraction axis ends at 1: its top label is 1, never 1.1
        assertTrue(cdf.contains("text-anchor=\"end\">1</text>") && !cdf.contains(">1.1<"), cdf);
    }

    private static DisseminationBench.Result result(String profile, double scale) {
        List<Point> curve = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            curve.add(new Point(scale * (i + 1), i / 10.0));
        }
        return new DisseminationBench.Result(profile, 100, 200, 32768, new Stats.Summary(5 * scale, 9 * scale, 10 * scale), 2,
                curve, 0.9, 1.5, new double[] {1 * scale, 3 * scale, 2 * scale}, 1, 0, 0, 1.2, scale > 1 ? 3 : 0, 200, 0);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
