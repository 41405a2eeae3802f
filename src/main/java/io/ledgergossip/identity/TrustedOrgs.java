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
    private final Map<String, List<X509Certificate>> intermediatesByMspId;
    /** The orgs whose MSP enables NodeOUs, with the OU of each role (client, peer, admin, orderer). */
    private final Map<String, Set<String>> roleOusByMspId;

    /** Orgs whose one CA signs both their identities and their TLS certificates. */
    public TrustedOrgs(Map<String, List<X509Certificate>> rootsByMspId) {
        this(rootsByMspId, rootsByMspId);
    }

    /**
     * @param rootsByMspId each org's identity CAs (an MSP's {@code cacerts})
     * @param tlsRootsByMspId each org's TLS CAs (an MSP's {@code tlscacerts}, as cryptogen and Fabric CA write a separate one)
     */
    public TrustedOrgs(Map<String, List<X509Certificate>> rootsByMspId, Map<String, List<X509Certificate>> tlsRootsByMspId) {
        this(rootsByMspId, tlsRootsByMspId, Map.of(), Map.of());
    }

    private TrustedOrgs(Map<String, List<X509Certificate>> rootsByMspId, Map<String, List<X509Certificate>> tlsRootsByMspId,
            Map<String, List<X509Certificate>> intermediatesByMspId, Map<String, Set<String>> roleOusByMspId) {
        this.rootsByMspId = copy(rootsByMspId);
        this.tlsRootsByMspId = copy(tlsRootsByMspId);
        this.intermediatesByMspId = copy(intermediatesByMspId);
        Map<String, Set<String>> ous = new LinkedHashMap<>();
        roleOusByMspId.forEach((msp, roles) -> ous.put(msp, Set.copyOf(roles)));
        this.roleOusByMspId = Map.copyOf(ous);
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
        Map<String, List<X509Certificate>> intermediates = new LinkedHashMap<>();
        Map<String, Set<String>> roleOus = new LinkedHashMap<>();
        for (Map.Entry<String, Path> org : mspDirByMspId.entrySet()) {
            List<X509Certificate> certs = certificates(org.getValue().resolve("cacerts"));
            if (certs.isEmpty()) {
                throw new IdentityException(org.getValue() + "/cacerts holds no CA certificate for " + org.getKey());
            }
            roots.put(org.getKey(), certs);
            List<X509Certificate> tls = certificates(org.getValue().resolve("tlscacerts"));
            tlsRoots.put(org.getKey(), tls.isEmpty() ? certs : tls);
            intermediates.put(org.getKey(), certificates(org.getValue().resolve("intermediatecerts")));
            NodeOus.read(org.getValue().resolve("config.yaml")).ifPresent(ous -> roleOus.put(org.getKey(), ous));
        }
        return new TrustedOrgs(roots, tlsRoots).withMspDetails(intermediates, roleOus);
    }

    /**
     * The same orgs with their intermediate CAs and, for the orgs whose MSP enables NodeOUs, the
     * OU names of the roles (an identity of such an org must carry exactly one of them).
     */
    public TrustedOrgs withMspDetails(Map<String, List<X509Certificate>> intermediates, Map<String, Set<String>> roleOus) {
        Map<String, List<X509Certificate>> allIntermediates = new LinkedHashMap<>(intermediatesByMspId);
        allIntermediates.putAll(intermediates);
        Map<String, Set<String>> allRoleOus = new LinkedHashMap<>(roleOusByMspId);
        allRoleOus.putAll(roleOus);
        return new TrustedOrgs(rootsByMspId, tlsRootsByMspId, allIntermediates, allRoleOus);
    }

    public List<X509Certificate> intermediates(String mspId) {
        return intermediatesByMspId.getOrDefault(mspId, List.of());
    }

    /** The role OUs an identity of {@code mspId} must carry one of, when its MSP enables NodeOUs. */
    public Optional<Set<String>> roleOus(String mspId) {
        return Optional.ofNullable(roleOusByMspId.get(mspId));
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
        Map<String, Set<String>> ous = new LinkedHashMap<>(roleOusByMspId);
        ous.putAll(more.roleOusByMspId);
        return new TrustedOrgs(merged(rootsByMspId, more.rootsByMspId), merged(tlsRootsByMspId, more.tlsRootsByMspId),
                merged(intermediatesByMspId, more.intermediatesByMspId), ous);
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
