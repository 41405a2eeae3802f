package io.ledgergossip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.wire.SignedGossip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.protos.gossip.Message.DataMessage;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Transport} promises, run over each implementation by a small subclass (as
 * Apache Ratis runs one suite over every RPC): messages arrive in order with the sender's proven
 * identity, one connection per pair even when both dial at once, both sides hear of a disconnect,
 * and a message over the frame limit is refused at the sender, counted, without harm to the link.
 * A new transport (gRPC is next) inherits these tests by adding one subclass.
 */
public abstract class TransportContractTest {
    /** The frame limit the suite runs with: small, so that an oversized message is cheap to build. */
    protected static final int MAX_MESSAGE_SIZE = 256 * 1024;

    @TempDir
    protected Path tmp;

    protected TestPki pki;
    protected IdentityValidator validator;
    private final List<Transport> transports = new ArrayList<>();

    /** A transport of the implementation under test for {@code identity}, not yet started. */
    protected abstract Transport create(LocalIdentity identity, IdentityValidator validator, TransportConfig config) throws Exception;

    /** Lets time pass until {@code condition} holds (virtual time, or polling real time); false after the deadline. */
    protected abstract boolean eventually(BooleanSupplier condition);

    /** A side of a connection under test: its transport and what it received and heard. */
    protected record Side(LocalIdentity identity, Transport transport, ConcurrentLinkedQueue<ReceivedMessage> inbox,
            List<PkiId> disconnects) {}

    @BeforeEach
    void makeIdentities() throws Exception {
        pki = new TestPki(tmp);
        pki.org(1);
        pki.org(2);
        validator = pki.validator();
    }

    @AfterEach
    void closeAll() {
        transports.forEach(Transport::close);
    }

    protected Side side(int org, int i) throws Exception {
        LocalIdentity identity = pki.peer(org, i);
        Transport transport = create(identity, validator, TransportConfig.defaults().withMaxMessageSize(MAX_MESSAGE_SIZE));
        transports.add(transport);
        ConcurrentLinkedQueue<ReceivedMessage> inbox = new ConcurrentLinkedQueue<>();
        List<PkiId> disconnects = new CopyOnWriteArrayList<>();
        transport.start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) {
                inbox.add(message);
            }

            @Override
            public void onDisconnected(PkiId peer) {
                disconnects.add(peer);
            }
        });
        return new Side(identity, transport, inbox, disconnects);
    }

    protected static Envelope message(LocalIdentity from, long seq, int dataBytes) {
        return SignedGossip.sign(GossipMessage.newBuilder().setTag(GossipMessage.Tag.CHAN_AND_ORG)
                .setDataMsg(DataMessage.newBuilder().setPayload(Payload.newBuilder().setSeqNum(seq)
                        .setData(ByteString.copyFrom(new byte[dataBytes])))).build(), from::sign);
    }

    private void connect(Side a, Side b) {
        var dialed = a.transport().connect(b.transport().endpoint());
        assertTrue(eventually(() -> dialed.isDone()), "dial did not complete");
        assertFalse(dialed.isCompletedExceptionally(), "dial failed");
        assertTrue(eventually(() -> b.transport().connectedPeers().contains(a.identity().pkiId())), "the accepting side never saw it");
    }

    @Test
    void messagesArriveInOrderWithTheSendersIdentity() throws Exception {
        Side a = side(1, 0);
        Side b = side(2, 0);
        connect(a, b);
        for (int i = 0; i < 50; i++) {
            assertTrue(a.transport().send(b.identity().pkiId(), message(a.identity(), i, 100)));
        }
        assertTrue(eventually(() -> b.inbox().size() == 50), "received " + b.inbox().size() + " of 50");
        long expected = 0;
        for (ReceivedMessage m : b.inbox()) {
            assertEquals(a.identity().pkiId(), m.sender().pkiId());
            assertEquals(expected++, m.message().getDataMsg().getPayload().getSeqNum(), "out of order");
        }
    }

    @Test
    void bothDialingAtOnceLeavesOneConnectionUsedBothWays() throws Exception {
        Side a = side(1, 0);
        Side b = side(1, 1);
        var ab = a.transport().connect(b.transport().endpoint());
        var ba = b.transport().connect(a.transport().endpoint());
        assertTrue(eventually(() -> ab.isDone() && ba.isDone()));
        assertTrue(eventually(() -> a.transport().connectedPeers().equals(java.util.Set.of(b.identity().pkiId()))
                && b.transport().connectedPeers().equals(java.util.Set.of(a.identity().pkiId()))));
        assertTrue(eventually(() -> a.transport().send(b.identity().pkiId(), message(a.identity(), 1, 10))
                && b.transport().send(a.identity().pkiId(), message(b.identity(), 2, 10))));
        assertTrue(eventually(() -> !a.inbox().isEmpty() && !b.inbox().isEmpty()), "messages flow both ways");
    }

    @Test
    void aDisconnectIsHeardOnBothSides() throws Exception {
        Side a = side(1, 0);
        Side b = side(2, 0);
        connect(a, b);
        a.transport().disconnect(b.identity().pkiId());
        assertTrue(eventually(() -> a.disconnects().contains(b.identity().pkiId()) && b.disconnects().contains(a.identity().pkiId())),
                "disconnect callbacks: " + a.disconnects() + " / " + b.disconnects());
        assertTrue(a.transport().connectedPeers().isEmpty());
        assertTrue(eventually(() -> b.transport().connectedPeers().isEmpty()));
        assertFalse(a.transport().send(b.identity().pkiId(), message(a.identity(), 1, 10)), "no connection, no send");
    }

    @Test
    void aMessageOverTheFrameLimitIsRefusedAtTheSenderAndTheLinkStays() throws Exception {
        Side a = side(1, 0);
        Side b = side(2, 0);
        connect(a, b);
        assertEquals(MAX_MESSAGE_SIZE, a.transport().maxMessageSize());
        assertFalse(a.transport().send(b.identity().pkiId(), message(a.identity(), 1, MAX_MESSAGE_SIZE)), "oversized: not sent");
        assertEquals(1, a.transport().counters().oversizedNotSentCount());
        assertTrue(a.transport().send(b.identity().pkiId(), message(a.identity(), 2, MAX_MESSAGE_SIZE - 2048)), "just under: sent");
        assertTrue(eventually(() -> b.inbox().size() == 1), "the message under the limit arrives");
        assertEquals(2, b.inbox().peek().message().getDataMsg().getPayload().getSeqNum());
        assertEquals(0, b.transport().counters().rejected(RejectReason.OVERSIZED_FRAME));
        assertTrue(a.transport().connectedPeers().contains(b.identity().pkiId()), "the link stays");
    }
}
