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

    public TrustedOrgs(Map<String, List<X509Certificate>> rootsByMspId) {
        Map<String, List<X509Certificate>> copy = new LinkedHashMap<>();
        rootsByMspId.forEach((msp, roots) -> copy.put(msp, List.copyOf(roots)));
        this.rootsByMspId = Map.copyOf(copy);
    }

    /** Reads each org's {@code msp/cacerts}. */
    public static TrustedOrgs load(Map<String, Path> mspDirByMspId) throws IOException, IdentityException {
        Map<String, List<X509Certificate>> roots = new LinkedHashMap<>();
        for (Map.Entry<String, Path> org : mspDirByMspId.entrySet()) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Path file : MspLayout.files(org.getValue().resolve("cacerts"))) {
                certs.add(Pem.readCertificate(file));
            }
            if (certs.isEmpty()) {
                throw new IdentityException(org.getValue() + "/cacerts holds no CA certificate for " + org.getKey());
            }
            roots.put(org.getKey(), certs);
        }
        return new TrustedOrgs(roots);
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
        Map<String, List<X509Certificate>> merged = new LinkedHashMap<>();
        rootsByMspId.forEach((msp, roots) -> merged.put(msp, new ArrayList<>(roots)));
        more.rootsByMspId.forEach((msp, roots) -> merged.computeIfAbsent(msp, k -> new ArrayList<>()).addAll(roots));
        return new TrustedOrgs(merged);
    }

    public Optional<List<X509Certificate>> roots(String mspId) {
        return Optional.ofNullable(rootsByMspId.get(mspId));
    }

    public Set<String> mspIds() {
        return rootsByMspId.keySet();
    }

    /** Every org's roots: what the TLS layer trusts. */
    public List<X509Certificate> allRoots() {
        return rootsByMspId.values().stream().flatMap(List::stream).toList();
    }
}
