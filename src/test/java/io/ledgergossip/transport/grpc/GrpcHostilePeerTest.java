package io.ledgergossip.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.EcdsaSignatures;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.NodeCredentials;
import io.ledgergossip.identity.OrgCa;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.transport.Handshake;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.wire.SignedGossip;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.hyperledger.fabric.protos.gossip.Message.ConnEstablish;
import org.hyperledger.fabric.protos.gossip.Message.DataMessage;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks the Netty wire is tested against, on Fabric's gRPC wire: every impostor and every
 * malformed stream is refused, the refusal counted under its reason (and told to the attacker as
 * the stream's status, as Fabric tells it), and the victim goes on serving honest peers.
 */
class GrpcHostilePeerTest {
    private static final Duration CONN_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_MESSAGE = 64 * 1024;

    @TempDir
    Path tmp;

    private TestPki pki;
    private OrgCa org1;
    private LocalIdentity victimId;
    private GrpcTransport victim;
    private GrpcTransport honest;
    private LocalIdentity honestId;
    private NodeCredentials malloryCreds;
    private LocalIdentity mallory;
    private List<X509Certificate> roots;
    private final ConcurrentLinkedQueue<ReceivedMessage> victimInbox = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki(tmp);
        org1 = pki.org(1);
        roots = List.of(org1.certificate(), pki.org(2).certificate());
        victimId = pki.peer(1, 0);
        honestId = pki.peer(2, 0);
        malloryCreds = pki.credentials(org1, "peer7.org1.example.com");
        mallory = pki.load(org1, malloryCreds);
        TransportConfig config = TransportConfig.defaults().withConnTimeout(CONN_TIMEOUT).withMaxMessageSize(MAX_MESSAGE);
        victim = new GrpcTransport(victimId, pki.validator(), config, "127.0.0.1", 0, System::currentTimeMillis);
        victim.start(victimInbox::add);
        honest = new GrpcTransport(honestId, pki.validator(), config, "127.0.0.1", 0, System::currentTimeMillis);
        honest.start(message -> { });
    }

    @AfterEach
    void tearDown() {
        victim.close();
        honest.close();
    }

    private int port(GrpcTransport transport) {
        return Integer.parseInt(transport.endpoint().substring(transport.endpoint().lastIndexOf(':') + 1));
    }

    private RawGossipClient malloryStream() throws Exception {
        return new RawGossipClient(port(victim), malloryCreds.tlsKeys().getPrivate(), malloryCreds.tlsCert(), roots, true, MAX_MESSAGE * 2);
    }

    private static Envelope connEstablish(ByteString pkiId, ByteString identity, byte[] tlsCertHash, PrivateKey signer) {
        GossipMessage message = GossipMessage.newBuilder().setTag(GossipMessage.Tag.EMPTY)
                .setConn(ConnEstablish.newBuilder().setPkiId(pkiId).setIdentity(identity).setTlsCertHash(ByteString.copyFrom(tlsCertHash)))
                .build();
        return SignedGossip.sign(message, payload -> EcdsaSignatures.sign(signer, payload));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    /** The attack ends with the attacker's stream ended (not OK), the reason counted, and an honest peer served. */
    private Status assertRefused(RawGossipClient attacker, RejectReason reason) throws Exception {
        Status status = attacker.endedWithin(Duration.ofSeconds(10));
        assertNotNull(status, "victim did not end the attacker's stream");
        assertNotEquals(Status.Code.OK, status.getCode(), "ended with " + status);
        awaitTrue(() -> victim.counters().rejected(reason) >= 1, "refusal counted as " + reason);
        assertTrue(victim.connectedPeers().isEmpty(), "attacker must not be registered");
        assertVictimServesHonestPeers();
        return status;
    }

    private void assertVictimServesHonestPeers() throws Exception {
        honest.connect(victim.endpoint()).get(10, TimeUnit.SECONDS);
        assertTrue(honest.send(victimId.pkiId(), SignedGossip.sign(block(1), honestId::sign)));
        awaitTrue(() -> !victimInbox.isEmpty(), "victim received the honest message");
        assertEquals(honestId.pkiId(), victimInbox.peek().sender().pkiId());
    }

    private static GossipMessage block(long seq) {
        return GossipMessage.newBuilder().setTag(GossipMessage.Tag.CHAN_AND_ORG).setChannel(ByteString.copyFromUtf8("mychannel"))
                .setDataMsg(DataMessage.newBuilder().setPayload(Payload.newBuilder().setSeqNum(seq))).build();
    }

    @Test
    void clientWithACertificateFromAnUnknownCaIsRefusedAtTlsAndCounted() throws Exception {
        NodeCredentials rogue = pki.credentials(pki.rogueCa(1), "peer0.org1.example.com");
        try (RawGossipClient attacker = new RawGossipClient(port(victim), rogue.tlsKeys().getPrivate(), rogue.tlsCert(), roots, true,
                MAX_MESSAGE)) {
            Status status = attacker.endedWithin(Duration.ofSeconds(10));
            assertNotNull(status);
            assertEquals(Status.Code.UNAVAILABLE, status.getCode(), "the TLS handshake failed: " + status);
        }
        awaitTrue(() -> victim.counters().rejected(RejectReason.TLS_HANDSHAKE_FAILED) >= 1, "TLS refusal counted");
        assertVictimServesHonestPeers();
    }

    @Test
    void aPeerOfAnOrgThatIsNotInTheNetworkConfigIsRefusedAtTls() throws Exception {
        // a real org with its own CA and MSP, that this network's config does not list
        OrgCa org9 = pki.org(9);
        NodeCredentials outsider = pki.credentials(org9, "peer0.org9.example.com");
        try (RawGossipClient attacker = new RawGossipClient(port(victim), outsider.tlsKeys().getPrivate(), outsider.tlsCert(),
                List.of(org1.certificate(), org9.certificate()), true, MAX_MESSAGE)) {
            assertNotNull(attacker.endedWithin(Duration.ofSeconds(10)));
        }
        awaitTrue(() -> victim.counters().rejected(RejectReason.TLS_HANDSHAKE_FAILED) >= 1, "TLS refusal counted");
        assertVictimServesHonestPeers();
    }

    @Test
    void aTrustedCertificateClaimingAnMspIdThatIsNotInTheNetworkConfig() throws Exception {
        // Org1's CA issued the certificate; the identity says it belongs to Org9MSP, which nobody here trusts
        byte[] pem = io.ledgergossip.identity.Pem.certificate(mallory.signCert()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteString claimed = org.hyperledger.fabric.protos.msp.Identities.SerializedIdentity.newBuilder().setMspid("Org9MSP")
                .setIdBytes(ByteString.copyFrom(pem)).build().toByteString();
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            attacker.send(connEstablish(io.ledgergossip.identity.PkiId.of("Org9MSP", pem).toByteString(), claimed,
                    mallory.tlsCertHash(), malloryCreds.signingKeys().getPrivate()));
            assertRefused(attacker, RejectReason.INVALID_IDENTITY);
        }
    }

    @Test
    void aCertificateThatHasExpiredIsRefused() throws Exception {
        // issued by Org1's CA, valid for January 2025 only: the TLS layer (real time) finds it expired
        io.ledgergossip.identity.CryptoGenerator past = new io.ledgergossip.identity.CryptoGenerator(new java.security.SecureRandom(),
                java.time.Instant.parse("2025-01-01T00:00:00Z"), Duration.ofDays(30));
        NodeCredentials expired = past.issueNode(org1, "peer8.org1.example.com", List.of("localhost", "127.0.0.1"));
        try (RawGossipClient attacker = new RawGossipClient(port(victim), expired.tlsKeys().getPrivate(), expired.tlsCert(), roots, true,
                MAX_MESSAGE)) {
            assertNotNull(attacker.endedWithin(Duration.ofSeconds(10)));
        }
        awaitTrue(() -> victim.counters().rejected(RejectReason.TLS_HANDSHAKE_FAILED) >= 1, "TLS refusal counted");
        assertTrue(victim.connectedPeers().isEmpty(), "the expired peer is not registered");
        assertVictimServesHonestPeers();
    }

    @Test
    void validCertificateButAPkiIdThatIsNotItsOwn() throws Exception {
        try (RawGossipClient attacker = malloryStream()) {
            assertTrue(SignedGossip.open(attacker.next()).hasConn(), "the victim speaks first, as Fabric peers do");
            attacker.send(connEstablish(honestId.pkiId().toByteString(), mallory.serialized(), mallory.tlsCertHash(),
                    malloryCreds.signingKeys().getPrivate()));
            assertRefused(attacker, RejectReason.PKI_ID_MISMATCH);
        }
    }

    @Test
    void connEstablishSignedByAnotherKeyIsRefusedWithTheReasonAsStatus() throws Exception {
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            attacker.send(connEstablish(honestId.pkiId().toByteString(), honestId.serialized(), mallory.tlsCertHash(),
                    malloryCreds.signingKeys().getPrivate()));
            Status status = assertRefused(attacker, RejectReason.BAD_SIGNATURE);
            assertEquals(Status.Code.UNAUTHENTICATED, status.getCode());
            assertTrue(String.valueOf(status.getDescription()).contains("signature"), "the reason comes back: " + status);
        }
    }

    @Test
    void tlsCertHashOfAnotherCertificate() throws Exception {
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            attacker.send(connEstablish(mallory.pkiId().toByteString(), mallory.serialized(), honestId.tlsCertHash(),
                    malloryCreds.signingKeys().getPrivate()));
            assertRefused(attacker, RejectReason.TLS_CERT_HASH_MISMATCH);
        }
    }

    @Test
    void highSSignature() throws Exception {
        Envelope valid = Handshake.connEstablish(mallory, mallory.tlsCertHash());
        BigInteger[] rs = EcdsaSignatures.decode(valid.getSignature().toByteArray());
        byte[] highS = EcdsaSignatures.encode(rs[0], EcdsaSignatures.P256_ORDER.subtract(rs[1]));
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            attacker.send(valid.toBuilder().setSignature(ByteString.copyFrom(highS)).build());
            assertRefused(attacker, RejectReason.BAD_SIGNATURE);
        }
    }

    @Test
    void peerThatNeverSendsItsConnEstablishTimesOut() throws Exception {
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            assertRefused(attacker, RejectReason.HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void firstMessageThatIsNotAConnEstablish() throws Exception {
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            attacker.send(SignedGossip.sign(block(1), mallory::sign));
            assertRefused(attacker, RejectReason.NOT_CONN_ESTABLISH);
        }
    }

    @Test
    void anEnvelopeThatIsNotAGossipMessageEndsTheStreamAsFabricDoes() throws Exception {
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            attacker.send(Handshake.connEstablish(mallory, mallory.tlsCertHash()));
            awaitTrue(() -> victim.connectedPeers().contains(mallory.pkiId()), "mallory admitted (it is a member)");
            byte[] garbage = new byte[100];
            java.util.Arrays.fill(garbage, (byte) 0xff); // 0xff is no protobuf tag
            attacker.send(Envelope.newBuilder().setPayload(ByteString.copyFrom(garbage)).build());
            Status status = attacker.endedWithin(Duration.ofSeconds(10));
            assertNotNull(status, "the stream stayed open");
            awaitTrue(() -> victim.counters().rejected(RejectReason.MALFORMED_MESSAGE) >= 1, "counted as malformed");
            awaitTrue(() -> victim.connectedPeers().isEmpty(), "mallory dropped");
            assertVictimServesHonestPeers();
        }
    }

    @Test
    void aMessageOverTheSizeLimitEndsTheStreamAndTheVictimStaysUp() throws Exception {
        try (RawGossipClient attacker = malloryStream()) {
            attacker.next();
            attacker.send(Handshake.connEstablish(mallory, mallory.tlsCertHash()));
            awaitTrue(() -> victim.connectedPeers().contains(mallory.pkiId()), "mallory admitted (it is a member)");
            attacker.send(SignedGossip.sign(block(2).toBuilder().setDataMsg(DataMessage.newBuilder().setPayload(Payload.newBuilder()
                    .setData(ByteString.copyFrom(new byte[MAX_MESSAGE + 1])))).build(), mallory::sign));
            Status status = attacker.endedWithin(Duration.ofSeconds(10));
            assertNotNull(status, "the stream stayed open");
            assertNotEquals(Status.Code.OK, status.getCode());
            awaitTrue(() -> victim.connectedPeers().isEmpty(), "mallory dropped");
            assertTrue(victimInbox.isEmpty(), "nothing of the oversized message was delivered");
            assertVictimServesHonestPeers();
        }
    }

    @Test
    void plaintextOnTheTlsPortIsClosed() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port(victim))) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            plain.getOutputStream().flush();
            byte[] buffer = new byte[4096];
            int read;
            do {
                read = plain.getInputStream().read(buffer); // a TLS alert at most, then the end
            } while (read > 0);
            assertEquals(-1, read);
        }
        assertVictimServesHonestPeers();
    }

    @Test
    void aPeerThatStopsReadingCostsBoundedMemoryAndMessagesAreDroppedNotQueued() throws Exception {
        TransportConfig tight = new TransportConfig(MAX_MESSAGE, CONN_TIMEOUT, Duration.ofSeconds(3), 50, MAX_MESSAGE,
                Duration.ofMillis(200), Duration.ofSeconds(10));
        GrpcTransport sender = new GrpcTransport(pki.peer(2, 5), pki.validator(), tight, "127.0.0.1", 0, System::currentTimeMillis);
        sender.start(message -> { });
        try (RawGossipClient slow = new RawGossipClient(port(sender), malloryCreds.tlsKeys().getPrivate(), malloryCreds.tlsCert(), roots,
                false, MAX_MESSAGE * 2)) {
            slow.next();
            slow.send(Handshake.connEstablish(mallory, mallory.tlsCertHash()));
            awaitTrue(() -> sender.connectedPeers().contains(mallory.pkiId()), "slow peer admitted");
            Envelope big = SignedGossip.sign(block(3).toBuilder().setDataMsg(DataMessage.newBuilder().setPayload(Payload.newBuilder()
                    .setData(ByteString.copyFrom(new byte[16 * 1024])))).build(), mallory::sign);
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
