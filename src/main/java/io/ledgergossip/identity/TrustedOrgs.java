package io.ledgergossip.identity;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The orgs of a network and their CA roots: the only authorities a node believes. */
public final class TrustedOrgs {
    private final Map<String, List<X509Certificate>> rootsByMspId;
    private final Map<String, List<X509Certificate>> tlsRootsByMspId;

    /** Orgs whose one CA signs both their identities and their TLS certificates. */
    public TrustedOrgs(Map<String, List<X509Certificate>> rootsByMspId) {
        this(rootsByMspId, rootsByMspId);
    }

    /**
     * @param rootsByMspId each org's identity CAs (an MSP's {@code cacerts})
     * @param tlsRootsByMspId each org's TLS CAs (an MSP's {@code tlscacerts}, as cryptogen and Fabric CA write a separate one)
     */
    public TrustedOrgs(Map<String, List<X509Certificate>> rootsByMspId, Map<String, List<X509Certificate>> tlsRootsByMspId) {
        this.rootsByMspId = copy(rootsByMspId);
        this.tlsRootsByMspId = copy(tlsRootsByMspId);
    }

    private static Map<String, List<X509Certificate>> copy(Map<String, List<X509Certificate>> roots) {
        Map<String, List<X509Certificate>> copy = new LinkedHashMap<>();
        roots.forEach((msp, certs) -> copy.put(msp, List.copyOf(certs)));
        return Map.copyOf(copy);
    }

    /**
     * Reads each org's {@code msp/cacerts}, and its {@code msp/tlscacerts} as the TLS roots (the
     * identity CAs when an MSP has no {@code tlscacerts}, as Fabric's TLS trust falls back too).
     */
    public static TrustedOrgs load(Map<String, Path> mspDirByMspId) throws IOException, IdentityException {
        Map<String, List<X509Certificate>> roots = new LinkedHashMap<>();
        Map<String, List<X509Certificate>> tlsRoots = new LinkedHashMap<>();
        for (Map.Entry<String, Path> org : mspDirByMspId.entrySet()) {
            List<X509Certificate> certs = certificates(org.getValue().resolve("cacerts"));
            if (certs.isEmpty()) {
                throw new IdentityException(org.getValue() + "/cacerts holds no CA certificate for " + org.getKey());
            }
            roots.put(org.getKey(), certs);
            List<X509Certificate> tls = certificates(org.getValue().resolve("tlscacerts"));
            tlsRoots.put(org.getKey(), tls.isEmpty() ? certs : tls);
        }
        return new TrustedOrgs(roots, tlsRoots);
    }

    private static List<X509Certificate> certificates(Path dir) throws IOException, IdentityException {
        List<X509Certificate> certs = new ArrayList<>();
        if (java.nio.file.Files.isDirectory(dir)) {
            for (Path file : MspLayout.files(dir)) {
                certs.add(Pem.readCertificate(file));
            }
        }
        return certs;
    }

    public static TrustedOrgs of(OrgCa... cas) {
        Map<String, List<X509Certificate>> roots = new LinkedHashMap<>();
        for (OrgCa ca : cas) {
            roots.computeIfAbsent(ca.mspId(), k -> new ArrayList<>()).add(ca.certificate());
        }
        return new TrustedOrgs(roots);
    }

    /** These orgs and {@code more} (an org in both keeps the roots of both). */
    public TrustedOrgs with(TrustedOrgs more) {
        return new TrustedOrgs(merged(rootsByMspId, more.rootsByMspId), merged(tlsRootsByMspId, more.tlsRootsByMspId));
    }

    private static Map<String, List<X509Certificate>> merged(Map<String, List<X509Certificate>> a, Map<String, List<X509Certificate>> b) {
        Map<String, List<X509Certificate>> merged = new LinkedHashMap<>();
        a.forEach((msp, roots) -> merged.put(msp, new ArrayList<>(roots)));
        b.forEach((msp, roots) -> merged.computeIfAbsent(msp, k -> new ArrayList<>()).addAll(roots));
        return merged;
    }

    public Optional<List<X509Certificate>> roots(String mspId) {
        return Optional.ofNullable(rootsByMspId.get(mspId));
    }

    public Set<String> mspIds() {
        return rootsByMspId.keySet();
    }

    /** Every org's identity roots. */
    public List<X509Certificate> allRoots() {
        return rootsByMspId.values().stream().flatMap(List::stream).toList();
    }

    /** Every org's TLS roots: what the TLS layer trusts. */
    public List<X509Certificate> allTlsRoots() {
        return tlsRootsByMspId.values().stream().flatMap(List::stream).distinct().toList();
    }

    /** One org's TLS roots (an orderer's TLS CA, for a Deliver client). */
    public Optional<List<X509Certificate>> tlsRoots(String mspId) {
        return Optional.ofNullable(tlsRootsByMspId.get(mspId));
    }
}
