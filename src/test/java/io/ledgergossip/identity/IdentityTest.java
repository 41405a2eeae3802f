package io.ledgergossip.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.hyperledger.fabric.protos.msp.Identities.SerializedIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    @TempDir
    Path tmp;

    private TestPki pki;

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki(tmp);
        pki.org(1);
        pki.org(2);
    }

    @Test
    void layoutIsCryptogensAndLoadsBack() throws Exception {
        LocalIdentity peer = pki.peer(1, 0);
        Path node = tmp.resolve("peerOrganizations/org1.example.com/peers/peer0.org1.example.com");
        for (String file : List.of("msp/cacerts/ca.org1.example.com-cert.pem", "msp/signcerts/peer0.org1.example.com-cert.pem",
                "msp/keystore/priv_sk", "tls/ca.crt", "tls/server.crt", "tls/server.key")) {
            assertTrue(Files.isRegularFile(node.resolve(file)), file);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("peerOrganizations/org1.example.com/msp/cacerts/ca.org1.example.com-cert.pem")));
        assertEquals("Org1MSP", peer.mspId());
        assertTrue(peer.signCert().getSubjectX500Principal().getName().contains("OU=peer"));
    }

    @Test
    void tlsCertificateNamesTheHostAndLoopback() throws Exception {
        Collection<List<?>> sans = pki.peer(1, 0).tlsCert().getSubjectAlternativeNames();
        List<String> names = sans.stream().map(s -> s.get(1).toString()).toList();
        assertEquals(List.of("peer0.org1.example.com", "localhost", "127.0.0.1"), names);
    }

    @Test
    void pkiIdIsHashOfMspIdAndPemCertificate() throws Exception {
        LocalIdentity peer = pki.peer(1, 0);
        SerializedIdentity sid = SerializedIdentity.parseFrom(peer.serialized());
        assertEquals("Org1MSP", sid.getMspid());
        assertTrue(sid.getIdBytes().toStringUtf8().startsWith("-----BEGIN CERTIFICATE-----"));
        byte[] expected = Sha256.of(ByteString.copyFromUtf8("Org1MSP").concat(sid.getIdBytes()).toByteArray());
        assertArrayEquals(expected, peer.pkiId().toBytes());
        assertEquals(peer.pkiId(), pki.validator().validate(peer.serialized()).pkiId());
    }

    @Test
    void membersOfTrustedOrgsAreAdmitted() throws Exception {
        IdentityValidator validator = pki.validator();
        PeerIdentity a = validator.validate(pki.peer(1, 0).serialized());
        PeerIdentity b = validator.validate(pki.peer(2, 3).serialized());
        assertEquals("Org1MSP", a.mspId());
        assertEquals("Org2MSP", b.mspId());
    }

    @Test
    void unknownOrgIsRefused() throws Exception {
        IdentityValidator onlyOrg1 = new IdentityValidator(TrustedOrgs.of(pki.org(1)), TestPki.CLOCK);
        IdentityException e = assertThrows(IdentityException.class, () -> onlyOrg1.validate(pki.peer(2, 0).serialized()));
        assertTrue(e.getMessage().contains("unknown org 'Org2MSP'"), e.getMessage());
    }

    @Test
    void certificateFromAnotherCaWithTheSameNameIsRefused() throws Exception {
        OrgCa rogue = pki.rogueCa(1);
        NodeCredentials forged = pki.credentials(rogue, "peer9.org1.example.com");
        ByteString identity = serialized("Org1MSP", forged.signCert());
        IdentityException e = assertThrows(IdentityException.class, () -> pki.validator().validate(identity));
        assertTrue(e.getMessage().contains("does not chain to a CA of Org1MSP"), e.getMessage());
    }

    @Test
    void memberOfOneOrgCannotClaimAnother() throws Exception {
        ByteString claimsOrg2 = serialized("Org2MSP", pki.peer(1, 0).signCert());
        assertThrows(IdentityException.class, () -> pki.validator().validate(claimsOrg2));
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRefused() throws Exception {
        ByteString identity = pki.peer(1, 0).serialized();
        TrustedOrgs orgs = TrustedOrgs.of(pki.org(1));
        IdentityValidator future = new IdentityValidator(orgs, () -> Instant.parse("2040-01-01T00:00:00Z").toEpochMilli());
        IdentityValidator past = new IdentityValidator(orgs, () -> Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
        assertTrue(assertThrows(IdentityException.class, () -> future.validate(identity)).getMessage().contains("not valid now"));
        assertTrue(assertThrows(IdentityException.class, () -> past.validate(identity)).getMessage().contains("not valid now"));
    }

    @Test
    void caCertificateIsNotANodeIdentity() throws Exception {
        ByteString ca = serialized("Org1MSP", pki.org(1).certificate());
        assertThrows(IdentityException.class, () -> pki.validator().validate(ca));
    }

    @Test
    void garbageIsRefusedWithTheProjectsError() throws Exception {
        IdentityValidator validator = pki.validator();
        assertThrows(IdentityException.class, () -> validator.validate(ByteString.copyFrom(new byte[] {(byte) 0xff, 1, 2})));
        ByteString notPem = SerializedIdentity.newBuilder().setMspid("Org1MSP").setIdBytes(ByteString.copyFromUtf8("hello")).build().toByteString();
        assertThrows(IdentityException.class, () -> validator.validate(notPem));
        ByteString huge = ByteString.copyFrom(new byte[IdentityValidator.MAX_IDENTITY_BYTES + 1]);
        assertTrue(assertThrows(IdentityException.class, () -> validator.validate(huge)).getMessage().contains("exceeds"));
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsRefusedOnLoad() throws Exception {
        LocalIdentity peer = pki.peer(1, 0);
        Path node = tmp.resolve("peerOrganizations/org1.example.com/peers/peer0.org1.example.com");
        Files.copy(node.resolve("tls/server.key"), node.resolve("msp/keystore/priv_sk"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IdentityException e = assertThrows(IdentityException.class, () -> LocalIdentity.load(node, peer.mspId()));
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
        assertThrows(IdentityException.class, () -> LocalIdentity.load(tmp.resolve("nowhere"), "Org1MSP"));
    }

    private static ByteString serialized(String mspId, X509Certificate cert) {
        return SerializedIdentity.newBuilder().setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII)))
                .build().toByteString();
    }
}
