package io.ledgergossip.transport.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.wire.SignedGossip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.protos.gossip.Message.DataMessage;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets, real TLS, Fabric's gRPC service: peers on loopback connect, handshake as Fabric does and exchange signed messages. */
class GrpcTransportTest {
    @TempDir
    Path tmp;

    private TestPki pki;
    private final List<GrpcTransport> transports = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki(tmp);
        pki.org(1);
        pki.org(2);
    }

    @AfterEach
    void tearDown() {
        transports.forEach(GrpcTransport::close);
    }

    /** A peer with its transport and what it received. */
    record Node(LocalIdentity identity, GrpcTransport transport, ConcurrentLinkedQueue<ReceivedMessage> inbox) {}

    private Node node(int org, int i) throws Exception {
        return node(pki.peer(org, i), TransportConfig.defaults());
    }

    private Node node(LocalIdentity identity, TransportConfig config) throws Exception {
        IdentityValidator validator = pki.validator();
        GrpcTransport transport = new GrpcTransport(identity, validator, config, "127.0.0.1", 0, System::currentTimeMillis);
        transports.add(transport);
        ConcurrentLinkedQueue<ReceivedMessage> inbox = new ConcurrentLinkedQueue<>();
        transport.start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) {
                inbox.add(message);
            }
        });
        return new Node(identity, transport, inbox);
    }

    static GossipMessage block(long seq, String text) {
        return GossipMessage.newBuilder()
                .setTag(GossipMessage.Tag.CHAN_AND_ORG)
                .setChannel(ByteString.copyFromUtf8("mychannel"))
                .setDataMsg(DataMessage.newBuilder().setPayload(Payload.newBuilder().setSeqNum(seq).setData(ByteString.copyFromUtf8(text))))
                .build();
    }

    @Test
    void twoPeersHandshakeAndExchangeSignedMessagesBothWays() throws Exception {
        Node a = node(1, 0);
        Node b = node(2, 0);

        PeerIdentity reached = a.transport().connect(b.transport().endpoint()).get(10, TimeUnit.SECONDS);
        assertEquals(b.identity().pkiId(), reached.pkiId());
        awaitTrue(() -> b.transport().connectedPeers().contains(a.identity().pkiId()), "b sees a");

        assertTrue(a.transport().send(b.identity().pkiId(), SignedGossip.sign(block(1, "from a"), a.identity()::sign)));
        assertTrue(b.transport().send(a.identity().pkiId(), SignedGossip.sign(block(2, "from b"), b.identity()::sign)));

        ReceivedMessage atB = awaitMessage(b);
        ReceivedMessage atA = awaitMessage(a);
        assertEquals(a.identity().pkiId(), atB.sender().pkiId());
        assertEquals("from a", atB.message().getDataMsg().getPayload().getData().toStringUtf8());
        assertEquals(b.identity().pkiId(), atA.sender().pkiId());
        pki.validator().verifySignature(atB.sender(), atB.envelope().getPayload().toByteArray(), atB.envelope().getSignature().toByteArray());
        pki.validator().verifySignature(atA.sender(), atA.envelope().getPayload().toByteArray(), atA.envelope().getSignature().toByteArray());
        assertEquals(1, a.transport().connectedPeers().size());
        assertEquals(1, b.transport().counters().connectionsOpened(), "one connection, reused both ways");
        assertEquals(0, a.transport().counters().rejectedTotal() + b.transport().counters().rejectedTotal());
    }

    @Test
    void tenPeersConnectPairwiseAndEveryoneHearsEveryone() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(node(1 + i % 2, i));
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                nodes.get(i).transport().connect(nodes.get(j).transport().endpoint()).get(10, TimeUnit.SECONDS);
            }
        }
        for (Node n : nodes) {
            awaitTrue(() -> n.transport().connectedPeers().size() == 9, "full mesh");
        }
        for (Node from : nodes) {
            for (Node to : nodes) {
                if (from != to) {
                    assertTrue(from.transport().send(to.identity().pkiId(), SignedGossip.sign(block(0, "hi"), from.identity()::sign)));
                }
            }
        }
        for (Node n : nodes) {
            awaitTrue(() -> n.inbox().size() == 9, "nine messages at each peer");
            Set<PkiId> senders = new HashSet<>();
            n.inbox().forEach(m -> senders.add(m.sender().pkiId()));
            assertEquals(9, senders.size());
        }
    }

    @Test
    void simultaneousDialsLeaveOneConnectionThatBothSidesUse() throws Exception {
        Node a = node(1, 0);
        Node b = node(1, 1);
        var ab = a.transport().connect(b.transport().endpoint());
        var ba = b.transport().connect(a.transport().endpoint());
        ab.get(10, TimeUnit.SECONDS);
        ba.get(10, TimeUnit.SECONDS);
        awaitTrue(() -> a.transport().send(b.identity().pkiId(), SignedGossip.sign(block(1, "x"), a.identity()::sign))
                && b.transport().send(a.identity().pkiId(), SignedGossip.sign(block(2, "y"), b.identity()::sign)), "sendable");
        awaitMessage(a);
        awaitMessage(b);
        assertEquals(Set.of(b.identity().pkiId()), a.transport().connectedPeers());
        assertEquals(Set.of(a.identity().pkiId()), b.transport().connectedPeers());
    }

    @Test
    void dialingAnEndpointNobodyListensOnFailsAndBacksOff() throws Exception {
        Node a = node(1, 0);
        Node b = node(1, 1);
        String gone = b.transport().endpoint();
        b.transport().close();
        var first = a.transport().connect(gone);
        awaitTrue(first::isDone, "dial fails");
        assertTrue(first.isCompletedExceptionally());
        var second = a.transport().connect(gone);
        assertTrue(second.isCompletedExceptionally(), "second dial right away is refused by the backoff");
        ExecutionException refused = assertThrows(ExecutionException.class, second::get);
        assertTrue(refused.getCause().getMessage().contains("backing off"), refused.getCause().getMessage());
    }

    static ReceivedMessage awaitMessage(Node node) {
        awaitTrue(() -> !node.inbox().isEmpty(), "a message at " + node.identity());
        return node.inbox().poll();
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }

    @Test
    void aDialThatFailsInTlsIsRememberedWithItsReasonUntilADialSucceeds() throws Exception {
        Node dialer = node(1, 0);
        io.ledgergossip.identity.OrgCa rogue = pki.rogueCa(2);
        Node untrusted = node(pki.load(rogue, pki.credentials(rogue, "peer0.org2.example.com")), TransportConfig.defaults());
        String target = untrusted.transport().endpoint();
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> dialer.transport().connect(target).get(10, java.util.concurrent.TimeUnit.SECONDS));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> dialer.transport().counters().tlsDialFailures().containsKey(target));
        java.util.Map<String, String> failures = dialer.transport().counters().tlsDialFailures();
        assertTrue(failures.get(target).toLowerCase(java.util.Locale.ROOT).contains("cert")
                || failures.get(target).toLowerCase(java.util.Locale.ROOT).contains("path"), failures.toString());
        dialer.transport().counters().dialSucceeded(target);
        assertTrue(dialer.transport().counters().tlsDialFailures().isEmpty());
    }
}
