package io.ledgergossip.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import io.ledgergossip.wire.proto.LedgerGossip.RoutedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.hyperledger.fabric.protos.gossip.Message.DataDigest;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.PullMsgType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A peer floods its super node with one kind of message at full speed for 30 s of virtual time:
 * what waits in the victim stays under the inbox's bounds, no honest peer is declared dead, the
 * flooder is scored down and banned, and every honest peer keeps committing the blocks cut meanwhile.
 */
class InboundFloodTest {
    /** What the flooder sends, each at thousands a second. */
    enum Kind { BODIES, MEMBERSHIP_REQUESTS, ROUTED_MESSAGES, DIGESTS }

    private static final Duration STEP = Duration.ofMillis(10);
    private static final int PER_STEP = 100; // 10,000 a second

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFloodOfOneKindCostsBoundedMemoryGetsTheFlooderBannedAndTheNetworkGoesOn(Kind kind) throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 41, 2, 1, 4, MembershipConfig.defaults(), TopologyConfig.defaults(),
                DisseminationConfig.defaults(), 2, 100);
        net.startAll();
        net.advance(Duration.ofSeconds(15));
        Peer flooder = net.org(1).get(1);
        PkiId parent = flooder.node().topology().parent().orElseThrow();
        Peer victim = net.peers().stream().filter(p -> p.identity().pkiId().equals(parent)).findFirst().orElseThrow();
        PkiId victimId = victim.identity().pkiId();
        net.orderer().cut();
        net.advance(Duration.ofSeconds(2));
        Envelope body = victim.node().ledger().block(0).map(b -> io.ledgergossip.dissemination.DisseminationService.data(io.ledgergossip.dissemination.GossipChannel.DEFAULT, b)).orElseThrow();
        List<Peer> honest = net.peers().stream().filter(p -> p != flooder).toList();

        long seq = 0;
        long cut = 1;
        for (long step = 0; step < Duration.ofSeconds(30).dividedBy(STEP); step++) {
            for (int i = 0; i < PER_STEP; i++) {
                seq++;
                switch (kind) {
                    case BODIES -> flooder.transport().send(victimId, body); // a valid block, again and again
                    case MEMBERSHIP_REQUESTS -> flooder.node().membership().requestMembership(victimId);
                    case ROUTED_MESSAGES -> flooder.transport().send(victimId, routed(flooder, victim, seq));
                    case DIGESTS -> flooder.transport().send(victimId, digest(seq));
                }
            }
            net.advance(STEP);
            if (step % 100 == 0) { // once a virtual second: a block is cut, and nobody honest may be dead
                net.orderer().cut();
                cut++;
                for (Peer p : honest) {
                    for (Peer q : honest) {
                        if (p != q) {
                            assertTrue(p.node().membership().isAlive(q.identity().pkiId()),
                                    kind + ": " + p + " declared honest " + q + " dead at " + step * STEP.toMillis() + " ms");
                        }
                    }
                }
            }
        }
        var inbox = victim.node().inboxCounters();
        long bound = 16L * (1 << 20) * 2 + 4L * victim.transport().maxMessageSize();
        assertTrue(inbox.maxQueuedBytes() <= bound, kind + ": " + inbox.maxQueuedBytes() + " bytes queued at most, over " + bound);
        assertTrue(victim.node().dissemination().scores().isBanned(flooder.identity().pkiId(), net.scheduler().millis()),
                kind + ": the flooder is not banned; floods reported " + inbox.floods() + ", over rate " + inbox.droppedOverRate()
                        + ", queue full " + inbox.droppedQueueFull(InboundLane.ROUTED) + ", connected "
                        + victim.transport().connectedPeers().contains(flooder.identity().pkiId()) + ", score "
                        + victim.node().dissemination().scores().score(flooder.identity().pkiId()));
        net.advance(Duration.ofSeconds(20));
        for (Peer p : honest) {
            assertEquals(cut, p.node().height(), kind + ": " + p + " stopped committing");
        }
    }

    private static Envelope digest(long seq) {
        return SignedGossip.unsigned(GossipMessage.newBuilder().setNonce(seq).setTag(GossipMessage.Tag.CHAN_AND_ORG)
                .setChannel(ByteString.copyFromUtf8("mychannel"))
                .setDataDig(DataDigest.newBuilder().setNonce(seq).setMsgType(PullMsgType.BLOCK_MSG)
                        .addAllDigests(LongStream.range(1_000_000, 1_000_100).mapToObj(n -> ByteString.copyFromUtf8(Long.toString(n))).toList()))
                .build());
    }

    private static Envelope routed(Peer from, Peer to, long seq) {
        return SignedGossip.unsigned(ExtensionMessage.newBuilder().setRouted(RoutedMessage.newBuilder()
                .setMessageId(ByteString.copyFromUtf8("flood-" + seq)).setOrigin(from.identity().pkiId().toByteString())
                .setTarget(to.identity().pkiId().toByteString()).setBudgetMillis(Integer.MAX_VALUE).setHop(1)
                .setBody(ByteString.copyFrom(new byte[1024]))).build(), seq);
    }
}
