package io.ledgergossip.transport.netty;

import static io.ledgergossip.transport.netty.NettyTransportTest.awaitTrue;
import static io.ledgergossip.transport.netty.NettyTransportTest.block;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.CryptoGenerator;
import io.ledgergossip.identity.EcdsaSignatures;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.NodeCredentials;
import io.ledgergossip.identity.OrgCa;
import io.ledgergossip.identity.Pem;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.transport.Handshake;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.wire.SignedGossip;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.gossip.Message.ConnEstablish;
import org.hyperledger.fabric.protos.gossip.Message.DataMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.msp.Identities.SerializedIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every impostor and every malformed byte stream is refused: the attacker's connection is closed,
 * the refusal is counted under its reason, and the victim goes on serving honest peers.
 */
class HostilePeerTest {
    private static final Duration CONN_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_MESSAGE = 64 * 1024;

    @TempDir
    Path tmp;

    private TestPki pki;
    private OrgCa org1;
    private LocalIdentity victimId;
    private NettyTransport victim;
    private NettyTransport honest;
    private LocalIdentity honestId;
    private NodeCredentials malloryCreds;
    private LocalIdentity mallory;
    private List<X509Certificate> roots;
    private final ConcurrentLinkedQueue<ReceivedMessage> victimInbox = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki(tmp);
        org1 = pki.org(1);
        pki.org(2);
        roots = List.of(org1.certificate(), pki.org(2).certificate());
        victimId = pki.peer(1, 0);
        honestId = pki.peer(2, 0);
        malloryCreds = pki.credentials(org1, "peer7.org1.example.com");
        mallory = pki.load(org1, malloryCreds);
        TransportConfig config = TransportConfig.defaults().withConnTimeout(CONN_TIMEOUT).withMaxMessageSize(MAX_MESSAGE);
        victim = new NettyTransport(victimId, pki.validator(), config, "127.0.0.1", 0, System::currentTimeMillis);
        victim.start(victimInbox::add);
        ConcurrentLinkedQueue<ReceivedMessage> honestInbox = new ConcurrentLinkedQueue<>();
        honest = new NettyTransport(honestId, pki.validator(), config, "127.0.0.1", 0, System::currentTimeMillis);
        honest.start(honestInbox::add);
    }

    @AfterEach
    void tearDown() {
        victim.close();
        honest.close();
    }

    private int port() {
        return Integer.parseInt(victim.endpoint().substring(victim.endpoint().lastIndexOf(':') + 1));
    }

    private RawTlsClient malloryTls() throws Exception {
        return RawTlsClient.tls(port(), malloryCreds.tlsKeys().getPrivate(), malloryCreds.tlsCert(), roots);
    }

    private static Envelope connEstablish(ByteString pkiId, ByteString identity, byte[] tlsCertHash, PrivateKey signer) {
        GossipMessage message = GossipMessage.newBuilder().setTag(GossipMessage.Tag.EMPTY)
                .setConn(ConnEstablish.newBuilder().setPkiId(pkiId).setIdentity(identity).setTlsCertHash(ByteString.copyFrom(tlsCertHash)))
                .build();
        return SignedGossip.sign(message, payload -> EcdsaSignatures.sign(signer, payload));
    }

    /** The attack ends with the attacker's connection closed, the reason counted, and an honest peer served. */
    private void assertRefused(RawTlsClient attacker, RejectReason reason) throws Exception {
        assertTrue(attacker.closedByPeer(Duration.ofSeconds(10)), "victim did not close the attacker's connection");
        awaitTrue(() -> victim.counters().rejected(reason) >= 1, "refusal counted as " + reason);
        assertTrue(victim.connectedPeers().isEmpty(), "attacker must not be registered");
        assertVictimServesHonestPeers();
    }

    private void assertVictimServesHonestPeers() throws Exception {
        honest.connect(victim.endpoint()).get(10, TimeUnit.SECONDS);
        assertTrue(honest.send(victimId.pkiId(), SignedGossip.sign(block(1, "still here?"), honestId::sign)));
        awaitTrue(() -> !victimInbox.isEmpty(), "victim received the honest message");
        assertEquals(honestId.pkiId(), victimInbox.peek().sender().pkiId());
    }

    @Test
    void clientWithACertificateFromAnUnknownCa() throws Exception {
        OrgCa rogue = pki.rogueCa(1);
        assertRefusedAtTls(pki.credentials(rogue, "peer0.org1.example.com"), roots);
    }

    /** The victim's TLS layer refuses the client (during the handshake, or by closing right after it). */
    private void assertRefusedAtTls(NodeCredentials client, List<X509Certificate> clientTrusts) throws Exception {
        RawTlsClient attacker;
        try {
            attacker = RawTlsClient.tls(port(), client.tlsKeys().getPrivate(), client.tlsCert(), clientTrusts);
        } catch (javax.net.ssl.SSLException refusedDuringHandshake) {
            awaitTrue(() -> victim.counters().rejected(RejectReason.TLS_HANDSHAKE_FAILED) >= 1, "TLS refusal counted");
            assertVictimServesHonestPeers();
            return;
        }
        try (attacker) {
            assertRefused(attacker, RejectReason.TLS_HANDSHAKE_FAILED);
        }
    }

    @Test
    void aPeerOfAnOrgThatIsNotInTheNetworkConfig() throws Exception {
        // a real org with its own CA and MSP, that this network's config does not list
        OrgCa org9 = pki.org(9);
        NodeCredentials outsider = pki.credentials(org9, "peer0.org9.example.com");
        assertRefusedAtTls(outsider, List.of(org1.certificate(), pki.org(2).certificate(), org9.certificate()));
    }

    @Test
    void aTrustedCertificateClaimingAnMspIdThatIsNotInTheNetworkConfig() throws Exception {
        // Org1's CA issued the certificate; the identity says it belongs to Org9MSP, which nobody here trusts
        byte[] pem = Pem.certificate(mallory.signCert()).getBytes(StandardCharsets.UTF_8);
        ByteString claimed = SerializedIdentity.newBuilder().setMspid("Org9MSP").setIdBytes(ByteString.copyFrom(pem)).build()
                .toByteString();
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            attacker.writeEnvelope(connEstablish(PkiId.of("Org9MSP", pem).toByteString(), claimed, mallory.tlsCertHash(),
                    malloryCreds.signingKeys().getPrivate()));
            assertRefused(attacker, RejectReason.INVALID_IDENTITY);
        }
    }

    @Test
    void aCertificateThatHasExpired() throws Exception {
        // issued by Org1's CA, valid for January 2025 only: both the TLS layer (real time) and the
        // identity check (the validator's clock, November 2026) find it expired
        CryptoGenerator past = new CryptoGenerator(new java.security.SecureRandom(), Instant.parse("2025-01-01T00:00:00Z"),
                Duration.ofDays(30));
        NodeCredentials expired = past.issueNode(org1, "peer8.org1.example.com", List.of("localhost", "127.0.0.1"));
        LocalIdentity expiredId = pki.load(org1, expired);
        IdentityException e = assertThrows(IdentityException.class, () -> pki.validator().validate(expiredId.serialized()));
        assertTrue(e.getMessage().contains("is not valid now: NotAfter"), e.getMessage());
        RawTlsClient attacker;
        try {
            attacker = RawTlsClient.tls(port(), expired.tlsKeys().getPrivate(), expired.tlsCert(), roots);
        } catch (javax.net.ssl.SSLException refusedDuringHandshake) {
            awaitTrue(() -> victim.counters().rejected(RejectReason.TLS_HANDSHAKE_FAILED) >= 1, "TLS refusal counted");
            assertVictimServesHonestPeers();
            return;
        }
        try (attacker) {
            if (!attacker.closedByPeer(Duration.ofSeconds(2))) {
                attacker.readEnvelope(); // TLS let it through: the ConnEstablish check must not
                attacker.writeEnvelope(Handshake.connEstablish(expiredId, expiredId.tlsCertHash()));
                assertRefused(attacker, RejectReason.INVALID_IDENTITY);
            } else {
                awaitTrue(() -> victim.counters().rejected(RejectReason.TLS_HANDSHAKE_FAILED) >= 1, "TLS refusal counted");
                assertTrue(victim.connectedPeers().isEmpty(), "the expired peer is not registered");
                assertVictimServesHonestPeers();
            }
        }
    }

    @Test
    void validCertificateButAPkiIdThatIsNotItsOwn() throws Exception {
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            attacker.writeEnvelope(connEstablish(honestId.pkiId().toByteString(), mallory.serialized(), mallory.tlsCertHash(),
                    malloryCreds.signingKeys().getPrivate()));
            assertRefused(attacker, RejectReason.PKI_ID_MISMATCH);
        }
    }

    @Test
    void connEstablishSignedByAnotherKey() throws Exception {
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            // claims to be the honest peer, but can only sign with its own key
            attacker.writeEnvelope(connEstablish(honestId.pkiId().toByteString(), honestId.serialized(), mallory.tlsCertHash(),
                    malloryCreds.signingKeys().getPrivate()));
            assertRefused(attacker, RejectReason.BAD_SIGNATURE);
        }
    }

    @Test
    void tlsCertHashOfAnotherCertificate() throws Exception {
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            attacker.writeEnvelope(connEstablish(mallory.pkiId().toByteString(), mallory.serialized(), honestId.tlsCertHash(),
                    malloryCreds.signingKeys().getPrivate()));
            assertRefused(attacker, RejectReason.TLS_CERT_HASH_MISMATCH);
        }
    }

    @Test
    void highSSignature() throws Exception {
        Envelope valid = Handshake.connEstablish(mallory, mallory.tlsCertHash());
        BigInteger[] rs = EcdsaSignatures.decode(valid.getSignature().toByteArray());
        byte[] highS = EcdsaSignatures.encode(rs[0], EcdsaSignatures.P256_ORDER.subtract(rs[1]));
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            attacker.writeEnvelope(valid.toBuilder().setSignature(ByteString.copyFrom(highS)).build());
            assertRefused(attacker, RejectReason.BAD_SIGNATURE);
        }
    }

    @Test
    void plaintextClientOnTheTlsPort() throws Exception {
        try (RawTlsClient attacker = RawTlsClient.plain(port())) {
            attacker.writeEnvelope(Handshake.connEstablish(mallory, mallory.tlsCertHash()));
            assertRefused(attacker, RejectReason.TLS_HANDSHAKE_FAILED);
        }
    }

    @Test
    void frameOverTheSizeLimitIsRefusedFromItsLengthAlone() throws Exception {
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            attacker.writeEnvelope(Handshake.connEstablish(mallory, mallory.tlsCertHash()));
            awaitTrue(() -> victim.connectedPeers().contains(mallory.pkiId()), "mallory admitted (it is a member)");
            attacker.writeRaw(new byte[] {0x00, 0x01, 0x00, 0x01}); // claims 65,537 bytes, sends none of them
            assertRefused(attacker, RejectReason.OVERSIZED_FRAME);
        }
    }

    @Test
    void garbageAfterTheHandshake() throws Exception {
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            attacker.writeEnvelope(Handshake.connEstablish(mallory, mallory.tlsCertHash()));
            awaitTrue(() -> victim.connectedPeers().contains(mallory.pkiId()), "mallory admitted (it is a member)");
            byte[] garbage = new byte[100];
            Arrays.fill(garbage, (byte) 0xff); // 0xff is no protobuf tag
            attacker.writeFrame(garbage);
            assertRefused(attacker, RejectReason.MALFORMED_MESSAGE);
        }
    }

    @Test
    void peerThatNeverSendsItsConnEstablishTimesOut() throws Exception {
        try (RawTlsClient attacker = malloryTls()) {
            Envelope victimsHello = attacker.readEnvelope();
            assertTrue(SignedGossip.open(victimsHello).hasConn(), "the victim speaks first, as Fabric peers do");
            assertRefused(attacker, RejectReason.HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void firstMessageThatIsNotAConnEstablish() throws Exception {
        try (RawTlsClient attacker = malloryTls()) {
            attacker.readEnvelope();
            attacker.writeEnvelope(SignedGossip.sign(block(1, "let me in"), mallory::sign));
            assertRefused(attacker, RejectReason.NOT_CONN_ESTABLISH);
        }
    }

    @Test
    void aPeerThatStopsReadingCostsBoundedMemoryAndMessagesAreDroppedNotQueued() throws Exception {
        TransportConfig tight = new TransportConfig(MAX_MESSAGE, CONN_TIMEOUT, Duration.ofSeconds(3), 50, MAX_MESSAGE,
                Duration.ofMillis(200), Duration.ofSeconds(10));
        NettyTransport sender = new NettyTransport(pki.peer(2, 5), pki.validator(), tight, "127.0.0.1", 0, System::currentTimeMillis);
        sender.start(message -> { });
        int port = Integer.parseInt(sender.endpoint().substring(sender.endpoint().lastIndexOf(':') + 1));
        try (RawTlsClient slow = RawTlsClient.tls(port, malloryCreds.tlsKeys().getPrivate(), malloryCreds.tlsCert(), roots)) {
            slow.readEnvelope();
            slow.writeEnvelope(Handshake.connEstablish(mallory, mallory.tlsCertHash()));
            awaitTrue(() -> sender.connectedPeers().contains(mallory.pkiId()), "slow peer admitted");
            Envelope big = SignedGossip.sign(GossipMessage.newBuilder().setTag(GossipMessage.Tag.EMPTY)
                    .setDataMsg(DataMessage.newBuilder()
                            .setPayload(Payload.newBuilder()
                                    .setData(ByteString.copyFrom(new byte[16 * 1024]))))
                    .build(), mallory::sign);
            int accepted = 0;
            for (int i = 0; i < 20_000; i++) { // 320 MB offered to a peer that reads nothing
                if (sender.send(mallory.pkiId(), big)) {
                    accepted++;
                }
            }
            long dropped = sender.counters().overflowDropped();
            assertEquals(20_000, accepted + dropped, "every message is either queued or counted as dropped");
            assertTrue(dropped > 19_000, "only a bounded number may be queued, dropped " + dropped);
        } finally {
            sender.close();
        }
    }
}
