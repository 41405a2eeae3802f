package io.ledgergossip.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where crypto material lives on disk, as Fabric's cryptogen lays it out:
 *
 * <pre>
 *   DIR/peerOrganizations/org1.example.com/
 *       ca/ca.org1.example.com-cert.pem, ca/priv_sk
 *       msp/cacerts/ca.org1.example.com-cert.pem            the org's root, what others trust
 *       peers/peer0.org1.example.com/
 *           msp/cacerts/ca.org1.example.com-cert.pem
 *           msp/signcerts/peer0.org1.example.com-cert.pem   the node's identity
 *           msp/keystore/priv_sk
 *           tls/ca.crt, tls/server.crt, tls/server.key
 *   DIR/ordererOrganizations/... likewise, with orderers/ instead of peers/
 * </pre>
 *
 * <p>With a separate TLS CA (cryptogen's full layout): {@code tlsca/tlsca.<domain>-cert.pem} and
 * {@code priv_sk}, every {@code msp/tlscacerts}, the peer orgs' {@code msp/config.yaml} enabling
 * NodeOUs (roles client, peer, admin, orderer), nodes' {@code tls/ca.crt} the TLS CA, and
 * {@code users/Admin@<domain>/} and {@code users/User1@<domain>/} ({@code msp/} and
 * {@code tls/client.crt}, {@code client.key}).
 */
public final class MspLayout {
    public static final String PRIVATE_KEY_FILE = "priv_sk";

    private MspLayout() {}

    public static Path orgDir(Path base, NodeRole role, String domain) {
        return base.resolve(role.orgsDir()).resolve(domain);
    }

    /** The org's MSP directory: its {@code cacerts} are the roots that members of other orgs trust. */
    public static Path orgMspDir(Path base, NodeRole role, String domain) {
        return orgDir(base, role, domain).resolve("msp");
    }

    public static Path nodeDir(Path base, NodeRole role, String domain, String nodeName) {
        return orgDir(base, role, domain).resolve(role.nodesDir()).resolve(nodeName);
    }

    public static void writeOrg(Path base, OrgCa ca) throws IOException {
        Path org = orgDir(base, ca.role(), ca.domain());
        String caFile = caFileName(ca.domain());
        write(org.resolve("ca").resolve(caFile), Pem.certificate(ca.certificate()));
        writeSecret(org.resolve("ca").resolve(PRIVATE_KEY_FILE), Pem.privateKey(ca.keys().getPrivate()));
        write(org.resolve("msp/cacerts").resolve(caFile), Pem.certificate(ca.certificate()));
    }

    /** The org's CA, its separate TLS CA, and an MSP that enables NodeOUs: cryptogen's full layout of an org. */
    public static void writeOrg(Path base, OrgCa ca, OrgCa tlsCa) throws IOException {
        writeOrg(base, ca);
        Path org = orgDir(base, ca.role(), ca.domain());
        String tlsFile = tlsCaFileName(ca.domain());
        write(org.resolve("tlsca").resolve(tlsFile), Pem.certificate(tlsCa.certificate()));
        writeSecret(org.resolve("tlsca").resolve(PRIVATE_KEY_FILE), Pem.privateKey(tlsCa.keys().getPrivate()));
        writeMspExtras(org.resolve("msp"), ca.domain(), tlsCa.certificate(), ca.role() == NodeRole.PEER);
    }

    /**
     * {@code tlscacerts}, and for a peer org a {@code config.yaml} enabling NodeOUs, as cryptogen writes them (the
     * ordering org's MSP without NodeOUs: Fabric's MSP v1.3, which Fabric's gossip nodes run, has no orderer role).
     */
    private static void writeMspExtras(Path msp, String domain, java.security.cert.X509Certificate tlsCa, boolean nodeOus)
            throws IOException {
        write(msp.resolve("tlscacerts").resolve(tlsCaFileName(domain)), Pem.certificate(tlsCa));
        if (!nodeOus) {
            return;
        }
        String ca = "cacerts/" + caFileName(domain);
        StringBuilder yaml = new StringBuilder("NodeOUs:\n  Enable: true\n");
        for (String[] role : new String[][] {{"Client", "client"}, {"Peer", "peer"}, {"Admin", "admin"}, {"Orderer", "orderer"}}) {
            yaml.append("  ").append(role[0]).append("OUIdentifier:\n    Certificate: ").append(ca)
                    .append("\n    OrganizationalUnitIdentifier: ").append(role[1]).append("\n");
        }
        write(msp.resolve("config.yaml"), yaml.toString());
    }

    /** Writes a node's MSP and TLS directories; returns the node directory. */
    public static Path writeNode(Path base, String domain, NodeCredentials node) throws IOException {
        Path dir = nodeDir(base, node.role(), domain, node.name());
        writeMsp(dir.resolve("msp"), domain, node);
        write(dir.resolve("tls/ca.crt"), Pem.certificate(node.tlsCaCert()));
        write(dir.resolve("tls/server.crt"), Pem.certificate(node.tlsCert()));
        writeSecret(dir.resolve("tls/server.key"), Pem.privateKey(node.tlsKeys().getPrivate()));
        return dir;
    }

    /** Writes a user's MSP and TLS client directories ({@code users/Admin@<domain>/}); returns the user directory. */
    public static Path writeUser(Path base, String domain, NodeCredentials user) throws IOException {
        Path dir = orgDir(base, user.role(), domain).resolve("users").resolve(user.name());
        writeMsp(dir.resolve("msp"), domain, user);
        write(dir.resolve("tls/ca.crt"), Pem.certificate(user.tlsCaCert()));
        write(dir.resolve("tls/client.crt"), Pem.certificate(user.tlsCert()));
        writeSecret(dir.resolve("tls/client.key"), Pem.privateKey(user.tlsKeys().getPrivate()));
        return dir;
    }

    private static void writeMsp(Path msp, String domain, NodeCredentials who) throws IOException {
        write(msp.resolve("cacerts").resolve(caFileName(domain)), Pem.certificate(who.caCert()));
        write(msp.resolve("signcerts").resolve(who.name() + "-cert.pem"), Pem.certificate(who.signCert()));
        writeSecret(msp.resolve("keystore").resolve(PRIVATE_KEY_FILE), Pem.privateKey(who.signingKeys().getPrivate()));
        if (who.separateTlsCa()) {
            writeMspExtras(msp, domain, who.tlsCaCert(), who.role() == NodeRole.PEER);
        }
    }

    static String tlsCaFileName(String domain) {
        return "tlsca." + domain + "-cert.pem";
    }

    static String caFileName(String domain) {
        return "ca." + domain + "-cert.pem";
    }

    /** The single regular file in a directory (Fabric's signcerts and keystore hold one each). */
    static Path onlyFile(Path dir) throws IOException, IdentityException {
        if (!Files.isDirectory(dir)) {
            throw new IdentityException(dir + " is missing");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.size() != 1) {
            throw new IdentityException(dir + " must hold exactly one file, it holds " + files.size());
        }
        return files.get(0);
    }

    static List<Path> files(Path dir) throws IOException, IdentityException {
        if (!Files.isDirectory(dir)) {
            throw new IdentityException(dir + " is missing");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static void writeSecret(Path file, String content) throws IOException {
        write(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }
}
