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

    /** Writes a node's MSP and TLS directories; returns the node directory. */
    public static Path writeNode(Path base, String domain, NodeCredentials node) throws IOException {
        Path dir = nodeDir(base, node.role(), domain, node.name());
        write(dir.resolve("msp/cacerts").resolve(caFileName(domain)), Pem.certificate(node.caCert()));
        write(dir.resolve("msp/signcerts").resolve(node.name() + "-cert.pem"), Pem.certificate(node.signCert()));
        writeSecret(dir.resolve("msp/keystore").resolve(PRIVATE_KEY_FILE), Pem.privateKey(node.signingKeys().getPrivate()));
        write(dir.resolve("tls/ca.crt"), Pem.certificate(node.caCert()));
        write(dir.resolve("tls/server.crt"), Pem.certificate(node.tlsCert()));
        writeSecret(dir.resolve("tls/server.key"), Pem.privateKey(node.tlsKeys().getPrivate()));
        return dir;
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
