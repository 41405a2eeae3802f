package io.ledgergossip.dissemination;

import static io.ledgergossip.dissemination.DisseminationScenarioTest.cut;
import static io.ledgergossip.dissemination.DisseminationScenarioTest.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.wire.SignedGossip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;
import org.hyperledger.fabric.protos.gossip.Message.DataDigest;
import org.hyperledger.fabric.protos.gossip.Message.DataRequest;
import org.hyperledger.fabric.protos.gossip.Message.GossipHello;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.PullMsgType;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateRequest;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that floods another with pull and state-transfer requests (Hellos, huge digests, requests
 * for every block, state requests for a billion blocks): the victim serves at most
 * maxRequestsPerSecond of them, scores the flooder down once per second of flooding, bans and
 * drops it, and keeps committing blocks; nobody honest is punished.
 */
class FloodingPeerTest {
    @TempDir
    Path tmp;

    @Test
    void aFlooderIsThrottledScoredDownBannedAndDroppedWhileTheNetworkGoesOn() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 95, 2, 1, 3, MembershipConfig.defaults(), TopologyConfig.defaults(),
                DisseminationConfig.defaults(), 2, 100);
        net.startAll();
        net.advance(Duration.ofSeconds(15));
        cut(net, 20, Duration.ofMillis(100));
        settle(net, 20, Duration.ofSeconds(30));

        Peer flooder = net.org(1).get(1);
        PkiId parent = flooder.node().topology().parent().orElseThrow();
        Peer victim = net.peers().stream().filter(p -> p.identity().pkiId().equals(parent)).findFirst().orElseThrow();
        PkiId victimId = victim.identity().pkiId();
        int perSecond = Defaults.MAX_REQUESTS_PER_SECOND;
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 2 * perSecond; i++) {
                flooder.transport().send(victimId, floodMessage(i));
            }
            net.advance(Duration.ofSeconds(1));
        }

        DisseminationService atVictim = victim.node().dissemination();
        var inbox = victim.node().inboxCounters();
        assertEquals(3, inbox.floods(), "one penalty per second of flooding");
        // seconds one and two: the excess dropped; second three: banned at its first excess, the rest ignored
        assertTrue(inbox.droppedOverRate() >= 2L * perSecond + 1, "the excess is dropped, not served: " + inbox.droppedOverRate());
        assertTrue(atVictim.scores().isBanned(flooder.identity().pkiId(), net.scheduler().millis()), "banned after three");
        net.advance(Duration.ofSeconds(5));
        assertFalse(victim.transport().connectedPeers().contains(flooder.identity().pkiId()), "and dropped");

        cut(net, 30, Duration.ofMillis(100));
        net.kill(flooder);
        settle(net, 50, Duration.ofSeconds(60));
        for (Peer p : net.running()) {
            long expected = p == victim ? 1 : 0;
            assertEquals(expected, p.node().dissemination().scores().bans(), p + ": only the flooder is banned, only by its victim");
            assertEquals(p == victim ? 3 : 0, p.node().inboxCounters().floods(), p + " saw no other flood");
        }
    }

    /** Hellos, digests offering a thousand blocks, requests for a hundred, state requests for a billion, in turn. */
    private static Envelope floodMessage(int i) {
        GossipMessage.Builder m = GossipMessage.newBuilder().setNonce(i).setTag(GossipMessage.Tag.CHAN_AND_ORG)
                .setChannel(ByteString.copyFromUtf8("mychannel"));
        switch (i % 4) {
            case 0 -> m.setHello(GossipHello.newBuilder().setNonce(i).setMsgType(PullMsgType.BLOCK_MSG));
            case 1 -> m.setDataDig(DataDigest.newBuilder().setNonce(i).setMsgType(PullMsgType.BLOCK_MSG)
                    .addAllDigests(LongStream.range(1_000_000, 1_001_000).mapToObj(n -> ByteString.copyFromUtf8(Long.toString(n))).toList()));
            case 2 -> m.setDataReq(DataRequest.newBuilder().setNonce(i).setMsgType(PullMsgType.BLOCK_MSG)
                    .addAllDigests(LongStream.range(0, 100).mapToObj(n -> ByteString.copyFromUtf8(Long.toString(n))).toList()));
            default -> m.setStateRequest(RemoteStateRequest.newBuilder().setStartSeqNum(0).setEndSeqNum(1_000_000_000L));
        }
        return SignedGossip.unsigned(m.build());
    }
}
