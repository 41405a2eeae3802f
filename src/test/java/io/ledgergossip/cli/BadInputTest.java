package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.GossipSettings;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.ops.http.HttpEndpoint;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input gets one line naming the option, key, path or value and the reason, exit code 2,
 * and no stack trace; each case here printed a stack trace, looped or was accepted before.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    private final CapturedCli cli = new CapturedCli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    /** Runs a command that must be refused: exit 2, one line on stderr naming {@code named}, no stack trace anywhere. */
    private void refused(String named, String... args) {
        int code = run(args);
        String all = out + "\n" + err;
        assertEquals(2, code, String.join(" ", args) + "\n" + all);
        assertFalse(all.contains("\tat ") || all.contains("Exception in thread") || all.contains("Caused by:"),
                "stack trace for " + String.join(" ", args) + ":\n" + all);
        assertEquals(1, err.toString().strip().lines().count(), String.join(" ", args) + ": not one line:\n" + err);
        assertTrue(err.toString().contains(named), String.join(" ", args) + ": does not name '" + named + "':\n" + err);
    }

    private Path config(String from, String to) throws Exception {
        String text = Files.readString(Path.of("network-config/minimal.yaml"));
        assertTrue(text.contains(from), from);
        Path file = Files.createTempFile(tmp, "net", ".yaml");
        Files.writeString(file, text.replace(from, to));
        return file;
    }

    @Test
    void badConfigFilesAreOneLineEach() throws Exception {
        refused("not a file", "network", "up", tmp.toString());
        Path binary = Files.write(tmp.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80, 10});
        refused("binary.yaml", "network", "up", binary.toString());
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        refused("bomb.yaml", "network", "up", Files.writeString(tmp.resolve("bomb.yaml"), bomb).toString());
        refused("propagatePeerNum", "network", "up", config("aliveExpirationTimeout: 5s",
                "aliveExpirationTimeout: 5s\n  peer.gossip.propagatePeerNum: 99999999999").toString());
        refused("pullInterval", "network", "up", config("aliveExpirationTimeout: 5s", "aliveExpirationTimeout: 5s\n  peer.gossip.pullInterval: 0s").toString());
        refused("blockBufferSize", "network", "up", config("aliveExpirationTimeout: 5s",
                "aliveExpirationTimeout: 5s\n  peer.gossip.state.batchSize: 50\n  peer.gossip.state.blockBufferSize: 10").toString());
        refused("maxMessageSize", "network", "up", config("aliveExpirationTimeout: 5s", "aliveExpirationTimeout: 5s\n  peer.gossip.maxMessageSize: 100").toString());
        refused("aliveExpirationTimeout", "network", "up", config("aliveExpirationTimeout: 5s", "aliveExpirationTimeout: 1500ms").toString());
        refused("channel", "network", "up", config("channel: mychannel", "channel: My_Channel").toString());
        refused("data", "network", "up", config("data: data/peer0.org1.example.com", "data: ../../escaped").toString());
        refused("data", "network", "up", config("data: data/peer0.org1.example.com", "data: /etc").toString());
    }

    @Test
    void badOptionsAreRefusedBeforeAnyWork() throws Exception {
        Path untouched = tmp.resolve("never-created");
        refused("--blocks", "bench", "dissemination", "--blocks", "0", "--out", untouched.toString());
        refused("--interval", "bench", "dissemination", "--interval", "4 seconds", "--out", untouched.toString());
        refused("--block-bytes", "bench", "dissemination", "--block-bytes", "-1", "--out", untouched.toString());
        refused("--loss", "bench", "dissemination", "--loss", "1.5", "--out", untouched.toString());
        refused("--loss", "bench", "catchup", "--loss", "0.1", "--out", untouched.toString());
        refused("--peers", "bench", "dissemination", "--compare-fabric", "--peers", "2", "--out", untouched.toString());
        refused("does not fit a gossip message", "bench", "dissemination", "--block-bytes", "20000000", "--blocks", "10", "--out", untouched.toString());
        refused("--timeout", "network", "up", "--timeout", "2 minutes", "--data", untouched.toString());
        refused("--rate", "network", "up", "--rate", "0", "--data", untouched.toString());
        refused("--blocks", "network", "up", "--blocks", "-3", "--data", untouched.toString());
        refused("--value-bytes", "sample-ledger", "--out", untouched.toString(), "--value-bytes", "2000000000");
        refused("--channel", "sample-ledger", "--out", untouched.toString(), "--channel", "Bad Channel");
        refused("--validity-days", "crypto", "generate", "network-config/minimal.yaml", "--out", untouched.toString(), "--validity-days", "0");
        refused("--validity-days", "crypto", "generate", "network-config/minimal.yaml", "--out", untouched.toString(), "--validity-days", "-5");
        refused("--rate", "replay", "whatever", "--rate", "0", "--data", untouched.toString());
        refused("--log-level", "node", "--config", "network-config/minimal.yaml", "--peer", "x", "--log-level", "loud");
        assertFalse(Files.exists(untouched), "a refused command created its directory");
    }

    @Test
    void environmentOverridesAreCheckedLikeTheConfig() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GossipSettings.from(Map.of(), Map.of("CORE_PEER_GOSSIP_PROPAGATEPEERNUM", "99999999999")));
        assertTrue(e.getMessage().contains("propagatePeerNum"), e.getMessage());
    }

    @Test
    void nodeSaysWhyItCannotStart() throws Exception {
        Path data = tmp.resolve("node");
        assertEquals(0, run("crypto", "generate", "network-config/minimal.yaml", "--out", data.resolve("crypto").toString()), err.toString());
        Path storeDir = data.resolve("data/peer1.org1.example.com/store");
        try (RocksLedgerStore held = RocksLedgerStore.open(storeDir)) {
            refused("the store is in use", "node", "--config", "network-config/minimal.yaml", "--peer", "peer1.org1.example.com",
                    "--data", data.toString());
        }
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 7052));
            refused("cannot listen on 127.0.0.1:7052", "node", "--config", "network-config/minimal.yaml", "--peer",
                    "peer1.org1.example.com", "--data", data.toString());
        }
        Path untouched = tmp.resolve("never-created");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 7051));
            refused("cannot listen on 127.0.0.1:7051 (peer0.org1.example.com)", "network", "up", "network-config/minimal.yaml",
                    "--data", untouched.toString(), "--blocks", "1");
        }
        assertFalse(Files.exists(untouched), "network up started work before it checked its addresses");
        refused("no peer 'nobody'", "node", "--config", "network-config/minimal.yaml", "--peer", "nobody", "--data", data.toString());
    }

    @Test
    void statusTellsUnreachableForeignAndHttpsApart() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        refused("cannot reach", "status", "--ops", "127.0.0.1:" + free);
        try (HttpEndpoint foreign = new HttpEndpoint(new InetSocketAddress("127.0.0.1", 0),
                Map.of("/status", () -> new HttpEndpoint.Response(200, "text/html", "<html>hello</html>")), null)) {
            refused("not a ledger-gossip operations endpoint", "status", "--ops", "127.0.0.1:" + foreign.address().getPort());
        }
        try (HttpEndpoint empty = new HttpEndpoint(new InetSocketAddress("127.0.0.1", 0), Map.of(), null)) {
            refused("not a ledger-gossip operations endpoint", "status", "--ops", "127.0.0.1:" + empty.address().getPort());
        }
        javax.net.ssl.SSLContext tls = io.ledgergossip.ops.OpsTls.serverContext(new io.ledgergossip.testing.TestPki(tmp.resolve("pki")).orderer());
        try (HttpEndpoint https = new HttpEndpoint(new InetSocketAddress("127.0.0.1", 0), Map.of(), tls)) {
            refused("try --tls-ca", "status", "--ops", "127.0.0.1:" + https.address().getPort());
        }
    }

    @Test
    void aNetworkOfSuperNodesOnlyLoads() throws Exception {
        Path onlySupers = config("      operations: 127.0.0.1:9444", "      superNode: true\n      operations: 127.0.0.1:9444");
        assertEquals(2, NetworkConfigLoader.load(onlySupers).superNodes().size());
    }

    @Test
    void versionNamesTheCommit() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().matches("(?s)ledger-gossip \\S+ \\(commit [0-9a-f]{40}(-dirty)?\\).*"), out.toString());
    }
}
