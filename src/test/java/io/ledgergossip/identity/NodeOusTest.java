package io.ledgergossip.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NodeOUs as Fabric's MSP applies them: an org whose {@code msp/config.yaml} enables them admits
 * only identities that carry exactly one of its role OUs; an org without the file admits any.
 */
class NodeOusTest {
    @TempDir
    Path tmp;

    private IdentityValidator validatorFor(Path mspDir) throws Exception {
        return new IdentityValidator(TrustedOrgs.load(Map.of("Org1MSP", mspDir)), TestPki.CLOCK);
    }

    @Test
    void anOrgWithNodeOusAdmitsOnlyIdentitiesWithOneOfItsRoleOus() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        OrgCa org1 = pki.org(1);
        Path msp = tmp.resolve("peerOrganizations/org1.example.com/msp");
        LocalIdentity peer = pki.peer(1, 0); // its certificate carries OU=peer, as cryptogen's do
        assertEquals(java.util.List.of("peer"), IdentityValidator.organizationalUnits(peer.signCert()).stream()
                .filter(ou -> ou.equals("peer")).toList());
        Path written = Files.createDirectories(tmp.resolve("msp/cacerts"));
        Files.writeString(written.resolve("ca.pem"), Pem.certificate(org1.certificate()));
        Path mspDir = written.getParent();
        assertEquals(peer.pkiId(), validatorFor(mspDir).validate(peer.serialized()).pkiId(), "no config.yaml: no role needed");

        Files.writeString(mspDir.resolve("config.yaml"), """
                NodeOUs:
                  Enable: true
                  ClientOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client}
                  PeerOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer}
                  AdminOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin}
                  OrdererOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer}
                """);
        assertEquals(peer.pkiId(), validatorFor(mspDir).validate(peer.serialized()).pkiId(), "OU=peer is a role");

        Files.writeString(mspDir.resolve("config.yaml"), """
                NodeOUs:
                  Enable: true
                  PeerOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: member}
                """);
        IdentityException refused = assertThrows(IdentityException.class, () -> validatorFor(mspDir).validate(peer.serialized()));
        assertTrue(refused.getMessage().contains("must carry exactly one role OU"), refused.getMessage());

        Files.writeString(mspDir.resolve("config.yaml"), "NodeOUs:\n  Enable: false\n");
        assertEquals(peer.pkiId(), validatorFor(mspDir).validate(peer.serialized()).pkiId(), "NodeOUs off: no role needed");
        Files.writeString(mspDir.resolve("config.yaml"), "NodeOUs: [broken\n");
        assertThrows(IdentityException.class, () -> validatorFor(mspDir));
        assertTrue(Files.notExists(msp));
    }

    @Test
    void anIdentityIssuedByAnIntermediateCaIsAdmittedOnlyWhenTheMspListsThatIntermediate() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("pki"));
        OrgCa root = pki.org(1);
        java.security.KeyPair keys = pki.generator().keyPair();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(root.certificate().getSubjectX500Principal(),
                java.math.BigInteger.valueOf(4242), java.util.Date.from(TestPki.NOT_BEFORE),
                java.util.Date.from(TestPki.NOT_BEFORE.plus(java.time.Duration.ofDays(365))),
                new javax.security.auth.x500.X500Principal("CN=ica.org1.example.com,O=org1.example.com"), keys.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                new org.bouncycastle.asn1.x509.BasicConstraints(true));
        java.security.cert.X509Certificate icaCert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(root.keys().getPrivate())));
        OrgCa intermediate = new OrgCa(root.mspId(), root.domain(), root.role(), keys, icaCert);
        LocalIdentity issued = pki.load(intermediate, pki.credentials(intermediate, "peer9.org1.example.com"));

        Path mspDir = Files.createDirectories(tmp.resolve("msp/cacerts")).getParent();
        Files.writeString(mspDir.resolve("cacerts/ca.pem"), Pem.certificate(root.certificate()));
        IdentityException refused = assertThrows(IdentityException.class, () -> validatorFor(mspDir).validate(issued.serialized()));
        assertTrue(refused.getMessage().contains("does not chain to a CA of Org1MSP"), refused.getMessage());
        Files.createDirectories(mspDir.resolve("intermediatecerts"));
        Files.writeString(mspDir.resolve("intermediatecerts/ica.pem"), Pem.certificate(icaCert));
        assertEquals(issued.pkiId(), validatorFor(mspDir).validate(issued.serialized()).pkiId());
    }
}
