package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.LocalIdentity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when TLS is the reason a peer cannot reach its orderer or a neighbour. */
class NetworkReportTest {
    @TempDir
    Path tmp;

    @Test
    void theProgressLineNamesAPeerThatCannotReachAnEndpointBecauseOfTls() throws Exception {
        NetworkConfig config = NetworkConfigLoader.load(Path.of("network-config/minimal.yaml"));
        StringWriter out = new StringWriter();
        NetworkReport.progress(new PrintWriter(out, true), config, Map.of(
                "peer0.org1.example.com", new Fleet.PeerStatus(0, "", "", "", "10.1.2.3:7050 (Path does not chain with any of the trust anchors)"),
                "peer1.org1.example.com", new Fleet.PeerStatus(0, "", "", "")), 0, 10, System.nanoTime());
        String line = out.toString();
        assertEquals(1, line.strip().lines().count(), line);
        assertTrue(line.contains("TLS fails: peer0.org1.example.com cannot reach 10.1.2.3:7050 (Path does not chain"), line);
        assertTrue(!line.contains("peer1.org1.example.com cannot reach"), line);
    }

    @Test
    void theOrderersCertificateNamesTheAddressPeersDialItAt() throws Exception {
        String text = Files.readString(Path.of("network-config/minimal.yaml")).replace("grpcs://127.0.0.1:7050",
                "grpcs://orderer0.example.net:7050");
        Path file = Files.writeString(tmp.resolve("net.yaml"), text);
        NetworkConfig config = NetworkConfigLoader.load(file);
        NetworkCrypto.generate(config, tmp.resolve("crypto"), Instant.now(), Duration.ofDays(1));
        LocalIdentity orderer = NetworkCrypto.ordererIdentity(config, tmp.resolve("crypto"));
        X509Certificate tls = orderer.tlsCert();
        List<String> names = tls.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertTrue(names.contains("orderer0.example.net"), names.toString());
    }
}
