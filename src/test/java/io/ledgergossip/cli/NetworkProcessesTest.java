package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real separate peer processes: one JVM per peer, a SIGKILLed peer restarted, a clean stop on SIGTERM. */
class NetworkProcessesTest {
    private static final String FOUR = "src/test/resources/network-config/four.yaml";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fourPeerProcessesConvergeAfterOneIsKilledAndRestarted() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "network", "up", FOUR,
                "--processes", "--blocks", "40", "--rate", "100", "--data", tmp.resolve("run").toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("crashing peer1.org1.example.com"), out.toString());
        assertTrue(out.toString().contains("restarting peer1.org1.example.com from its RocksDB store"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("converged: 4 peers, height 40, head [0-9a-f]{64}, state [0-9a-f]{64}")),
                out.toString());
        assertEquals(4, out.toString().lines().filter(l -> l.contains("(pid ")).map(l -> l.replaceAll(".*\\(pid (\\d+)\\).*", "$1"))
                .distinct().count(), "four separate processes");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aNodeProcessStopsCleanlyOnSigterm() throws Exception {
        Path data = tmp.resolve("node");
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "crypto", "generate", FOUR, "--out", data.resolve("crypto").toString()));
        Process node = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LedgerGossipCli.class.getName(), "node", "--config", FOUR, "--peer",
                "peer1.org2.example.com", "--data", data.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertTrue(first != null && first.startsWith("node peer1.org2.example.com listening on 127.0.0.1:7154"), first);
            String status = lines.readLine();
            assertTrue(status != null && status.startsWith("status height=0 "), status);
            node.destroy(); // SIGTERM
            assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node did not stop on SIGTERM");
        }
        assertEquals(143, node.exitValue(), "ended by SIGTERM, after its shutdown hook");
        try (RocksLedgerStore store = RocksLedgerStore.open(data.resolve("data/peer1.org2.example.com/store"))) {
            assertEquals(0, store.height(), "the store was closed cleanly and reopens");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aNodeProcessTakesFabricStyleEnvironmentOverridesAndRefusesBadOnesNamingThem() throws Exception {
        Path data = tmp.resolve("env");
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "crypto", "generate", FOUR, "--out", data.resolve("crypto").toString()));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"),
                LedgerGossipCli.class.getName(), "node", "--config", FOUR, "--peer", "peer1.org2.example.com", "--data", data.toString());

        ProcessBuilder good = new ProcessBuilder(command).redirectErrorStream(true);
        good.environment().put("CORE_PEER_GOSSIP_EXTERNALENDPOINT", "127.0.0.1:7999");
        good.environment().put("CORE_PEER_GOSSIP_PULLINTERVAL", "2s");
        Process node = good.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean advertised = false;
            while ((line = lines.readLine()) != null && !line.startsWith("status ")) {
                if (line.contains("listening on 127.0.0.1:7154, reached at 127.0.0.1:7999")) {
                    advertised = true;
                    assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* .*"), "log line without its timestamp: " + line);
                }
            }
            assertTrue(advertised, "the transport advertises CORE_PEER_GOSSIP_EXTERNALENDPOINT");
        } finally {
            node.destroy();
            node.waitFor(30, TimeUnit.SECONDS);
        }

        ProcessBuilder bad = new ProcessBuilder(command).redirectErrorStream(true);
        bad.environment().put("CORE_PEER_GOSSIP_PULLINTERVAL", "soon");
        Process refused = bad.start();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, refused.exitValue(), output);
        assertTrue(output.contains("CORE_PEER_GOSSIP_PULLINTERVAL"), output);
        assertEquals(1, output.strip().lines().count(), "one line, no stack trace: " + output);
    }
}
