package io.ledgergossip.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.wire.SignedGossip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Membership on the in-memory transport with the virtual clock: bootstrap, failure detection, hostile alive messages. */
class MembershipScenarioTest {
    private static final MembershipConfig FABRIC = MembershipConfig.defaults();
    private static final Duration ALIVE = FABRIC.aliveTimeInterval();

    @TempDir
    Path tmp;

    /** Alive rounds until every running peer's view holds every other running peer. */
    static int roundsToFullView(SimulatedNetwork net, int maxRounds) {
        for (int round = 1; round <= maxRounds; round++) {
            net.advance(ALIVE);
            if (fullView(net)) {
                return round;
            }
        }
        return -1;
    }

    static boolean fullView(SimulatedNetwork net) {
        List<Peer> running = net.running();
        for (Peer p : running) {
            if (p.node().membership().aliveMembers().size() != running.size() - 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void fiftyPeersInFiveOrgsLearnEveryoneThroughTheSuperNodesWithinTwoAliveRounds() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 50, 5, 2, 8, FABRIC, TopologyConfig.defaults());
        net.startAll();
        int rounds = roundsToFullView(net, 10);
        // bootstrap: each peer asks the super nodes, which answer with all they know; a pull every 4 s
        // and alive messages every 5 s fill in the rest
        assertTrue(rounds >= 1 && rounds <= 2, "full view after " + rounds + " alive rounds");
        for (Peer p : net.peers()) {
            assertEquals(49, p.node().membership().aliveMembers().size());
        }
    }

    @Test
    void aSilentPeerIsDeclaredDeadAfterTheExpirationTimeoutAndAliveAgainWhenItReturns() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 51, 2, 1, 3, FABRIC, TopologyConfig.defaults());
        net.startAll();
        assertTrue(roundsToFullView(net, 5) > 0);
        Peer victim = net.org(2).get(3);
        Peer observer = net.org(1).get(2);
        net.kill(victim);
        long killedAt = net.scheduler().millis();
        while (observer.node().membership().isAlive(victim.identity().pkiId())) {
            net.advance(Duration.ofSeconds(1));
            assertTrue(net.scheduler().millis() - killedAt <= FABRIC.aliveExpirationTimeout().plus(ALIVE).toMillis(),
                    "not declared dead in time");
        }
        long deadAfter = net.scheduler().millis() - killedAt;
        assertTrue(deadAfter >= FABRIC.aliveExpirationTimeout().minus(ALIVE).toMillis(), "declared dead too early: " + deadAfter);
        long oldIncarnation = observer.node().membership().member(victim.identity().pkiId()).orElseThrow().incNum();

        net.advance(Duration.ofSeconds(7));
        net.start(victim); // a new incarnation: the restart time
        assertTrue(roundsToFullView(net, 5) > 0);
        Member back = observer.node().membership().member(victim.identity().pkiId()).orElseThrow();
        assertTrue(back.alive());
        assertTrue(back.incNum() > oldIncarnation);
    }

    @Test
    void replayedAndForgedAliveMessagesAreIgnored() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 52, 2, 1, 2, FABRIC, TopologyConfig.defaults());
        net.startAll();
        assertTrue(roundsToFullView(net, 5) > 0);
        Peer a = net.org(1).get(1);
        Peer c = net.org(2).get(1);
        MembershipService atC = c.node().membership();
        Envelope old = atC.member(a.identity().pkiId()).orElseThrow().aliveEnvelope();
        net.advance(ALIVE.multipliedBy(3));
        long seqBefore = atC.member(a.identity().pkiId()).orElseThrow().seqNum();

        // a replay of an old, validly signed alive message
        long staleBefore = atC.staleAlives();
        atC.handle(received(net, c, old));
        assertEquals(staleBefore + 1, atC.staleAlives());
        assertEquals(seqBefore, atC.member(a.identity().pkiId()).orElseThrow().seqNum());

        // an alive message that claims a's identity and a newer time, signed by c's neighbour b
        Peer b = net.org(2).get(0);
        GossipMessage claim = SignedGossip.open(old).toBuilder()
                .setAliveMsg(SignedGossip.open(old).getAliveMsg().toBuilder()
                        .setTimestamp(SignedGossip.open(old).getAliveMsg().getTimestamp().toBuilder().setSeqNum(1_000_000)))
                .build();
        long invalidBefore = atC.invalidAlives();
        atC.handle(received(net, c, SignedGossip.sign(claim, b.identity()::sign)));
        assertEquals(invalidBefore + 1, atC.invalidAlives());
        assertTrue(atC.member(a.identity().pkiId()).orElseThrow().seqNum() < 1_000_000);

        // a member of an org the network does not know, with a perfectly signed alive message
        LocalIdentity stranger = new TestPki(tmp.resolve("stranger")).peer(9, 0);
        GossipMessage strangerAlive = claim.toBuilder().setAliveMsg(claim.getAliveMsg().toBuilder()
                .setIdentity(stranger.serialized())
                .setMembership(claim.getAliveMsg().getMembership().toBuilder().setPkiId(stranger.pkiId().toByteString())))
                .build();
        atC.handle(received(net, c, SignedGossip.sign(strangerAlive, stranger::sign)));
        assertEquals(invalidBefore + 2, atC.invalidAlives());
        assertFalse(atC.member(stranger.pkiId()).isPresent(), "a stranger is never admitted");
    }

    @Test
    void morePropagateIterationsForwardEachFreshAliveMessageToMorePeers() throws Exception {
        long once = aliveTraffic(1);
        long thrice = aliveTraffic(3);
        assertTrue(thrice > once * 3 / 2, "alive messages sent: " + once + " with 1 iteration, " + thrice + " with 3");
    }

    /** Messages sent by every peer of the same network, same seed, over 30 virtual seconds. */
    private long aliveTraffic(int iterations) throws Exception {
        MembershipConfig config = new MembershipConfig(FABRIC.aliveTimeInterval(), FABRIC.aliveExpirationTimeout(), 2,
                FABRIC.pullInterval(), FABRIC.pullPeerNum(), iterations, FABRIC.reconnectInterval());
        SimulatedNetwork net = new SimulatedNetwork(tmp.resolve("iterations-" + iterations), 54, 2, 1, 6, config,
                new TopologyConfig(6, io.ledgergossip.config.Defaults.MAX_CHILDREN, io.ledgergossip.config.Defaults.HOP_TIMEOUT));
        net.startAll();
        net.advance(Duration.ofSeconds(30));
        return net.peers().stream().mapToLong(p -> p.transport().counters().messagesSent()).sum();
    }

    @Test
    void aNeighbourThatKeepsSendingForgedAliveMessagesIsScoredDownBannedAndDropped() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp, 53, 2, 1, 2, FABRIC, TopologyConfig.defaults());
        net.startAll();
        assertTrue(roundsToFullView(net, 5) > 0);
        Peer a = net.org(1).get(1);
        Peer c = net.org(2).get(1);
        MembershipService atC = c.node().membership();
        PkiId neighbour = c.transport().connectedPeers().iterator().next();
        Peer forger = net.peers().stream().filter(p -> p.identity().pkiId().equals(neighbour)).findFirst().orElseThrow();
        Envelope old = atC.member(a.identity().pkiId()).orElseThrow().aliveEnvelope();
        long invalidBefore = atC.invalidAlives();
        for (int i = 1; i <= 3; i++) {
            // a's alive message with a newer time, signed by the forger: it cannot sign as a
            GossipMessage claim = SignedGossip.open(old).toBuilder().setAliveMsg(SignedGossip.open(old).getAliveMsg().toBuilder()
                    .setTimestamp(SignedGossip.open(old).getAliveMsg().getTimestamp().toBuilder().setSeqNum(1_000_000 + i))).build();
            atC.handle(received(net, c, SignedGossip.sign(claim, forger.identity()::sign)));
        }
        assertEquals(invalidBefore + 3, atC.invalidAlives());
        assertTrue(c.node().dissemination().scores().isBanned(neighbour, net.scheduler().millis()), "three forgeries: banned");
        assertEquals(1, c.node().dissemination().scores().bans());
        net.advance(ALIVE);
        assertFalse(c.transport().connectedPeers().contains(neighbour), "and dropped");
        assertTrue(atC.member(a.identity().pkiId()).orElseThrow().seqNum() < 1_000_000, "nothing forged was taken");
    }

    /** A message as if it had arrived at {@code at} from one of its connected peers. */
    private static ReceivedMessage received(SimulatedNetwork net, Peer at, Envelope envelope) throws Exception {
        PkiId neighbour = at.transport().connectedPeers().iterator().next();
        PeerIdentity sender = at.node().membership().member(neighbour).orElseThrow().identity();
        return new ReceivedMessage(sender, envelope, SignedGossip.read(envelope));
    }


}
