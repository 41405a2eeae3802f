package io.ledgergossip.orderer;

import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.ChannelConfig;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a channel's config block makes a peer trust: its orgs' CAs, TLS CAs, intermediate CAs and NodeOU roles. */
public final class ChannelTrust {
    private ChannelTrust() {}

    /** The given orgs of a channel config, each with its TLS CAs (its identity CAs when it lists none, as Fabric falls back). */
    public static TrustedOrgs of(List<ChannelConfig.Org> orgs) {
        Map<String, List<X509Certificate>> roots = new LinkedHashMap<>();
        Map<String, List<X509Certificate>> tlsRoots = new LinkedHashMap<>();
        Map<String, List<X509Certificate>> intermediates = new LinkedHashMap<>();
        Map<String, Set<String>> roleOus = new LinkedHashMap<>();
        for (ChannelConfig.Org org : orgs) {
            roots.put(org.mspId(), org.rootCerts());
            tlsRoots.put(org.mspId(), org.tlsRootCerts().isEmpty() ? org.rootCerts() : org.tlsRootCerts());
            intermediates.put(org.mspId(), org.intermediateCerts());
            if (!org.roleOus().isEmpty()) {
                roleOus.put(org.mspId(), org.roleOus());
            }
        }
        return new TrustedOrgs(roots, tlsRoots).withMspDetails(intermediates, roleOus);
    }
}
