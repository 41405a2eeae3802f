package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `crypto generate` writes cryptogen's full layout: separate TLS CAs, NodeOUs, Admin and User1, and it all validates. */
class CryptoLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void cryptoGenerateWritesCryptogensFullLayout() throws Exception {
        Path out = tmp.resolve("crypto");
        StringWriter err = new StringWriter();
        assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "crypto", "generate",
                "network-config/minimal.yaml", "--out", out.toString()), err.toString());
        Path org = out.resolve("peerOrganizations/org1.example.com");
        for (String file : new String[] {"ca/ca.org1.example.com-cert.pem", "tlsca/tlsca.org1.example.com-cert.pem", "tlsca/priv_sk",
                "msp/cacerts/ca.org1.example.com-cert.pem", "msp/tlscacerts/tlsca.org1.example.com-cert.pem", "msp/config.yaml",
                "peers/peer0.org1.example.com/msp/tlscacerts/tlsca.org1.example.com-cert.pem", "peers/peer0.org1.example.com/msp/config.yaml",
                "users/Admin@org1.example.com/msp/signcerts/Admin@org1.example.com-cert.pem", "users/Admin@org1.example.com/tls/client.crt",
                "users/User1@org1.example.com/msp/keystore/priv_sk", "users/User1@org1.example.com/tls/client.key",
                "../../ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem"}) {
            assertTrue(Files.isRegularFile(org.resolve(file).normalize()), file);
        }
        assertTrue(Files.readString(org.resolve("msp/config.yaml")).contains("Enable: true"));
        X509Certificate tlsCa = Pem.readCertificate(org.resolve("tlsca/tlsca.org1.example.com-cert.pem"));
        X509Certificate nodeTls = Pem.readCertificate(org.resolve("peers/peer0.org1.example.com/tls/server.crt"));
        nodeTls.verify(tlsCa.getPublicKey()); // signed by the TLS CA, not the org's CA
        assertEquals(tlsCa, Pem.readCertificate(org.resolve("peers/peer0.org1.example.com/tls/ca.crt")));

        NetworkConfig config = NetworkConfigLoader.load(Path.of("network-config/minimal.yaml"));
        IdentityValidator validator = NetworkCrypto.validator(config, out, System::currentTimeMillis);
        assertTrue(validator.orgs().roleOus("Org1MSP").isPresent(), "the org's MSP enables NodeOUs");
        for (String user : new String[] {"Admin@org1.example.com", "User1@org1.example.com"}) {
            Path dir = org.resolve("users").resolve(user);
            LocalIdentity identity = LocalIdentity.load(dir.resolve("msp"), dir.resolve("tls/client.crt"), dir.resolve("tls/client.key"), "Org1MSP");
            assertEquals(identity.pkiId(), validator.validate(identity.serialized()).pkiId(), user + " validates with its role OU");
        }
        LocalIdentity peer = NetworkCrypto.peerIdentity(config, out, config.peer("peer0.org1.example.com"));
        assertEquals(peer.pkiId(), validator.validate(peer.serialized()).pkiId());
    }
}
