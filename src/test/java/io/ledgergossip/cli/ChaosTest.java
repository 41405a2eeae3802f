package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety under load: six peer processes, SIGKILLed (super nodes too) and restarted while the
 * orderer cuts blocks, behind partitions and lossy links; afterwards each store is read back.
 */
class ChaosTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void tenKillsPartitionsAndLossLoseNothing() {
        String out = chaos("--minutes", "1", "--kills", "10", "--seed", "3");
        assertNothingLost(out, 10);
    }

    /** The long run: 50 SIGKILLs over five minutes ({@code mvn -Pfull test}). */
    @Test
    @Tag("slow")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void fiftyKillsLoseNothing() {
        String out = chaos("--minutes", "5", "--kills", "50", "--seed", "11");
        assertNothingLost(out, 50);
    }

    private String chaos(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 3];
        args[0] = "chaos";
        args[1] = "--data";
        args[2] = tmp.resolve("run").toString();
        System.arraycopy(options, 0, args, 3, options.length);
        int code = LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, out + "\n" + err);
        return out.toString();
    }

    private static void assertNothingLost(String out, int kills) {
        assertTrue(out.contains("faults: fault-injecting proxy on loopback"), out);
        assertTrue(count(out, "^kills\\s+(\\d+)") >= kills, out);
        assertEquals(kills, out.lines().filter(l -> l.startsWith("kill -9 ")).count(), out);
        assertTrue(count(out, "^partitions\\s+(\\d+)") >= 1, out);
        assertEquals(0, count(out, "^blocks lost\\s+(\\d+)"), out);
        assertEquals(0, count(out, "^peers diverged\\s+(\\d+)"), out);
        assertEquals(6, out.lines().filter(l -> l.endsWith("every block once, chained, the orderer's")).count(), out);
        long height = count(out, "^blocks cut\\s+(\\d+)");
        assertTrue(height > 100, out);
        assertEquals(6, out.lines().filter(l -> l.matches("peer\\d\\.org\\d\\.example\\.com\\s+" + height + "\\s.*")).count(), out);
        assertTrue(out.contains("chaos: nothing lost, every peer converged"), out);
    }

    private static long count(String out, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), "no line matching " + regex + " in\n" + out);
        return Long.parseLong(m.group(1));
    }
}
