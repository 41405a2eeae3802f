package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, short runs: every peer in this JVM over Netty + TLS with RocksDB stores, a restart and a late joiner. */
class NetworkUpTest {
    @TempDir
    Path tmp;

    private String up(String config, int blocks) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "network", "up", config,
                "--blocks", Integer.toString(blocks), "--rate", "200", "--data", tmp.resolve("run").toString());
        assertEquals(0, code, out + "\n" + err);
        return out.toString();
    }

    @Test
    void minimalNetworkConverges() {
        String out = up("network-config/minimal.yaml", 20);
        assertTrue(out.lines().anyMatch(l -> l.matches("converged: 2 peers, height 20, head [0-9a-f]{64}, state [0-9a-f]{64}")), out);
    }

    @Test
    void defaultNetworkConvergesWithARestartAndALateJoiner() throws Exception {
        String out = up("network-config/default.yaml", 40);
        assertTrue(out.contains("restarting peer2.org1.example.com from its RocksDB store"), out);
        assertTrue(out.contains("late joiner peer4.org3.example.com starts with an empty ledger"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("converged: 15 peers, height 40, head [0-9a-f]{64}, state [0-9a-f]{64}")), out);
        assertTrue(Files.isDirectory(tmp.resolve("run/data/peer0.org1.example.com/store")), "each peer has its RocksDB store");
    }

    @Test
    void cryptoMaterialThatIsNotThereIsRefusedInOneLineBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        int code = LedgerGossipCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "network", "up",
                "network-config/minimal.yaml", "--crypto", tmp.resolve("no-such-crypto").toString(), "--data", tmp.resolve("run").toString());
        assertEquals(2, code);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("network up: --crypto: "), err.toString());
        assertTrue(!Files.exists(tmp.resolve("run")), "nothing written");
    }

    @Test
    void refusesADataDirectoryThatIsNotAPreviousRun() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(foreign.resolve("thesis.tex"), "keep me");
        StringWriter err = new StringWriter();
        int code = LedgerGossipCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "network", "up",
                "network-config/minimal.yaml", "--data", foreign.toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("not written by ledger-gossip"), err.toString());
        assertEquals("keep me", Files.readString(foreign.resolve("thesis.tex")));
    }
}
