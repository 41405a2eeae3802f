package io.ledgergossip.dissemination;

import static io.ledgergossip.dissemination.DisseminationScenarioTest.cut;
import static io.ledgergossip.dissemination.DisseminationScenarioTest.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.memory.InMemoryTransport;
import io.ledgergossip.wire.SignedGossip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.StateInfoPullRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fabric's StateInfoPullRequest: a peer asked for its height (with the MAC of the asker's PKI-ID) answers with a
 * StateInfoSnapshot holding its own StateInfo.
 */
class StateInfoPullTest {
    @TempDir
    Path tmp;

    @Test
    void aPeerAnswersAStateInfoPullWithItsHeightAndPullsOthersEveryRequestInterval() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 97, 1, 1, 3, MembershipConfig.defaults(), TopologyConfig.defaults(),
                DisseminationConfig.defaults(), 2, 100);
        net.startAll();
        net.advance(Duration.ofSeconds(10));
        cut(net, 7, Duration.ofMillis(100));
        settle(net, 7, Duration.ofSeconds(30));

        Peer asked = net.org(1).get(0);
        Peer probe = net.org(1).get(3);
        net.kill(probe); // its identity now speaks through a bare transport that records what it receives
        List<ReceivedMessage> inbox = new CopyOnWriteArrayList<>();
        InMemoryTransport transport = net.network().join(probe.identity(), probe.endpoint(), net.validator(), TransportConfig.defaults());
        transport.start(inbox::add);
        transport.connect(asked.endpoint());
        net.advance(Duration.ofSeconds(1));
        PkiId askedId = asked.identity().pkiId();
        GossipChannel channel = GossipChannel.DEFAULT;
        // Fabric's MAC is over the requester's own PKI-ID: one over another's gets no answer
        transport.send(askedId, SignedGossip.unsigned(GossipMessage.newBuilder().setNonce(41).setTag(GossipMessage.Tag.CHAN_OR_ORG)
                .setStateInfoPullReq(StateInfoPullRequest.newBuilder().setChannelMAC(channel.mac(askedId))).build()));
        transport.send(askedId, SignedGossip.unsigned(GossipMessage.newBuilder().setNonce(42).setTag(GossipMessage.Tag.CHAN_OR_ORG)
                .setStateInfoPullReq(StateInfoPullRequest.newBuilder().setChannelMAC(channel.mac(probe.identity().pkiId()))).build()));
        net.advance(Duration.ofMillis(500));
        assertTrue(inbox.stream().map(ReceivedMessage::message).noneMatch(m -> m != null && m.hasStateSnapshot() && m.getNonce() == 41),
                "a pull request with another peer's MAC was answered");
        GossipMessage snapshot = inbox.stream().map(ReceivedMessage::message).filter(m -> m != null && m.hasStateSnapshot())
                .filter(m -> m.getNonce() == 42).findFirst().orElseThrow(() -> new AssertionError("no StateInfoSnapshot"));
        assertEquals(channel.id(), snapshot.getChannel(), "a snapshot names its channel");
        GossipMessage info = SignedGossip.open(snapshot.getStateSnapshot().getElements(0));
        assertEquals(askedId, PkiId.fromBytes(info.getStateInfo().getPkiId()));
        assertEquals(channel.mac(askedId), info.getStateInfo().getChannelMAC(), "the StateInfo carries Fabric's channel MAC");
        assertTrue(info.getChannel().isEmpty(), "a StateInfo does not name its channel");
        assertEquals(7, info.getStateInfo().getProperties().getLedgerHeight());

        // and the peers pull on their own every requestStateInfoInterval (4 s): within a few intervals the probe is asked
        long pullsBefore = inbox.stream().filter(m -> m.message() != null && m.message().hasStateInfoPullReq()).count();
        net.advance(DisseminationConfig.defaults().requestStateInfoInterval().multipliedBy(3));
        long pulls = inbox.stream().filter(m -> m.message() != null && m.message().hasStateInfoPullReq()).count();
        assertTrue(pulls > pullsBefore, "the probe was asked for its height " + (pulls - pullsBefore) + " times");
    }
}
