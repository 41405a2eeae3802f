package io.ledgergossip.testing;

import io.ledgergossip.identity.CryptoGenerator;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.MspLayout;
import io.ledgergossip.identity.NodeCredentials;
import io.ledgergossip.identity.NodeRole;
import io.ledgergossip.identity.OrgCa;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.time.Clock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Crypto material for tests, made like cryptogen makes it, written to disk in the MSP layout and
 * read back from there (as a node gets its identity).
 */
public final class TestPki {
    public static final String ORDERER_MSP = "OrdererMSP";
    public static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    public static final Clock CLOCK = () -> Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();

    private final Path dir;
    private final CryptoGenerator generator = new CryptoGenerator(new SecureRandom(), NOT_BEFORE, Duration.ofDays(3650));
    private final Map<String, OrgCa> orgs = new LinkedHashMap<>();

    public TestPki(Path dir) {
        this.dir = dir;
    }

    /** Org "OrgNMSP" with domain orgN.example.com. */
    public OrgCa org(int n) throws Exception {
        String msp = "Org" + n + "MSP";
        if (!orgs.containsKey(msp)) {
            OrgCa ca = generator.createOrgCa(msp, "org" + n + ".example.com", NodeRole.PEER);
            MspLayout.writeOrg(dir, ca);
            orgs.put(msp, ca);
        }
        return orgs.get(msp);
    }

    /** The ordering org "OrdererMSP" (domain example.com) and its orderer's identity, read back from disk. */
    public LocalIdentity orderer() throws Exception {
        OrgCa ca = orgs.get(ORDERER_MSP);
        if (ca == null) {
            ca = generator.createOrgCa(ORDERER_MSP, "example.com", NodeRole.ORDERER);
            MspLayout.writeOrg(dir, ca);
            orgs.put(ORDERER_MSP, ca);
        }
        NodeCredentials node = generator.issueNode(ca, "orderer.example.com", List.of("localhost"));
        return LocalIdentity.load(MspLayout.writeNode(dir, ca.domain(), node), ORDERER_MSP);
    }

    /** A CA that the network does not trust: same names as org n, other keys. */
    public OrgCa rogueCa(int n) {
        return generator.createOrgCa("Org" + n + "MSP", "org" + n + ".example.com", NodeRole.PEER);
    }

    public CryptoGenerator generator() {
        return generator;
    }

    public NodeCredentials credentials(OrgCa ca, String name) {
        return generator.issueNode(ca, name, List.of("localhost", "127.0.0.1"));
    }

    /** Peer {@code peer<i>.org<n>.example.com}, written to disk and loaded back. */
    public LocalIdentity peer(int org, int i) throws Exception {
        OrgCa ca = org(org);
        NodeCredentials node = credentials(ca, "peer" + i + "." + ca.domain());
        Path nodeDir = MspLayout.writeNode(dir, ca.domain(), node);
        return LocalIdentity.load(nodeDir, ca.mspId());
    }

    public LocalIdentity load(OrgCa ca, NodeCredentials node) throws Exception {
        return LocalIdentity.load(MspLayout.writeNode(dir, ca.domain(), node), ca.mspId());
    }

    /** The validator of a node of this network: trusts the orgs made so far, read from their MSP dirs. */
    public IdentityValidator validator() throws Exception {
        Map<String, Path> mspDirs = new LinkedHashMap<>();
        for (OrgCa ca : orgs.values()) {
            mspDirs.put(ca.mspId(), MspLayout.orgMspDir(dir, ca.role(), ca.domain()));
        }
        return new IdentityValidator(TrustedOrgs.load(mspDirs), CLOCK);
    }

    public List<OrgCa> orgs() {
        return new ArrayList<>(orgs.values());
    }
}
