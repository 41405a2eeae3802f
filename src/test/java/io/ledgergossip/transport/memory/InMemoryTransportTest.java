package io.ledgergossip.transport.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.time.ManualScheduler;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.wire.SignedGossip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.protos.gossip.Message.DataMessage;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryTransportTest {
    @TempDir
    static Path tmp;

    private static TestPki pki;
    private static List<LocalIdentity> peers;
    private static IdentityValidator validator;

    @BeforeAll
    static void makeIdentities() throws Exception {
        pki = new TestPki(tmp);
        peers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            peers.add(pki.peer(1 + i % 2, i));
        }
        validator = pki.validator();
    }

    /** A small network: four peers, each with an inbox of (arrival time, seq) pairs. */
    private static final class Net {
        final ManualScheduler scheduler = new ManualScheduler();
        final InMemoryNetwork network;
        final List<InMemoryTransport> transports = new ArrayList<>();
        final List<List<long[]>> inboxes = new ArrayList<>();

        Net(long seed) {
            network = new InMemoryNetwork(scheduler, seed);
            for (int i = 0; i < peers.size(); i++) {
                InMemoryTransport t = network.join(peers.get(i), "peer" + i + ":7051", validator, TransportConfig.defaults());
                List<long[]> inbox = new ArrayList<>();
                t.start(m -> inbox.add(new long[] {scheduler.millis(), m.message().getDataMsg().getPayload().getSeqNum()}));
                transports.add(t);
                inboxes.add(inbox);
            }
        }

        void connectAll() {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < transports.size(); i++) {
                for (int j = i + 1; j < transports.size(); j++) {
                    all.add(transports.get(i).connect(transports.get(j).endpoint()));
                }
            }
            scheduler.advance(Duration.ofSeconds(1));
            all.forEach(f -> assertTrue(f.isDone() && !f.isCompletedExceptionally()));
        }

        boolean send(int from, int to, long seq) {
            return transports.get(from).send(peers.get(to).pkiId(),
                    SignedGossip.sign(message(seq), peers.get(from)::sign));
        }
    }

    static GossipMessage message(long seq) {
        return GossipMessage.newBuilder().setTag(GossipMessage.Tag.CHAN_AND_ORG)
                .setDataMsg(DataMessage.newBuilder().setPayload(Payload.newBuilder().setSeqNum(seq).setData(ByteString.copyFromUtf8("b" + seq))))
                .build();
    }

    @Test
    void connectedPeersExchangeMessagesWithTheSendersIdentity() {
        Net net = new Net(1);
        List<ReceivedMessage> got = new ArrayList<>();
        net.transports.get(1).start(got::add);
        net.connectAll();
        assertTrue(net.send(0, 1, 7));
        net.scheduler.advance(Duration.ofMillis(10));
        assertEquals(1, got.size());
        assertEquals(peers.get(0).pkiId(), got.get(0).sender().pkiId());
        assertEquals(Set.of(peers.get(1).pkiId(), peers.get(2).pkiId(), peers.get(3).pkiId()), net.transports.get(0).connectedPeers());
        assertFalse(net.transports.get(0).send(PkiId.fromBytes(new byte[32]), SignedGossip.unsigned(message(1))),
                "no connection, no send");
    }

    @Test
    void peerOfAnUntrustedOrgIsRefusedWithTheSameChecksAsOverTls() {
        ManualScheduler scheduler = new ManualScheduler();
        InMemoryNetwork network = new InMemoryNetwork(scheduler, 1);
        IdentityValidator onlyOrg1 = new IdentityValidator(new TrustedOrgs(Map.of("Org1MSP",
                List.of(peers.get(0).caCerts().get(0)))), TestPki.CLOCK);
        InMemoryTransport strict = network.join(peers.get(0), "a:1", onlyOrg1, TransportConfig.defaults());
        InMemoryTransport org2 = network.join(peers.get(1), "b:1", validator, TransportConfig.defaults());
        strict.start(m -> { });
        org2.start(m -> { });
        CompletableFuture<?> dial = org2.connect("a:1");
        scheduler.advance(Duration.ofSeconds(1));
        assertTrue(dial.isCompletedExceptionally());
        assertEquals(1, strict.counters().rejected(RejectReason.INVALID_IDENTITY));
        assertTrue(strict.connectedPeers().isEmpty() && org2.connectedPeers().isEmpty());
    }

    @Test
    void lossDropsTheConfiguredShareOfMessages() {
        Net net = new Net(7);
        net.connectAll();
        net.network.setDefaultFaults(LinkFaults.NONE.withDropRate(0.3));
        for (int i = 0; i < 2_000; i++) {
            net.send(0, 1, i);
        }
        net.scheduler.advance(Duration.ofSeconds(1));
        int delivered = net.inboxes.get(1).size();
        assertTrue(delivered > 1_300 && delivered < 1_500, "delivered " + delivered + " of 2000 at 30% loss");

        net.network.setFaults("peer0:7051", "peer2:7051", LinkFaults.NONE.withDropRate(1.0));
        for (int i = 0; i < 100; i++) {
            net.send(0, 2, i);
        }
        net.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(0, net.inboxes.get(2).size());
    }

    @Test
    void delayAndJitterBoundArrivalsAndReorderMessages() {
        Net net = new Net(3);
        net.connectAll();
        net.network.setDefaultFaults(LinkFaults.NONE.withDelay(Duration.ofMillis(50), Duration.ofMillis(100)));
        long sentAt = net.scheduler.millis();
        for (int i = 0; i < 200; i++) {
            net.send(0, 1, i);
        }
        net.scheduler.advance(Duration.ofSeconds(1));
        List<long[]> inbox = net.inboxes.get(1);
        assertEquals(200, inbox.size());
        boolean reordered = false;
        for (int i = 0; i < inbox.size(); i++) {
            long latency = inbox.get(i)[0] - sentAt;
            assertTrue(latency >= 50 && latency <= 150, "latency " + latency);
            reordered |= inbox.get(i)[1] != i;
        }
        assertTrue(reordered, "jitter larger than the spacing of sends must reorder");
    }

    @Test
    void duplicationDeliversCopies() {
        Net net = new Net(5);
        net.connectAll();
        net.network.setDefaultFaults(LinkFaults.NONE.withDuplicateRate(1.0));
        for (int i = 0; i < 10; i++) {
            net.send(0, 3, i);
        }
        net.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(20, net.inboxes.get(3).size());
    }

    @Test
    void partitionsCutMessagesAndConnectionsUntilHealed() {
        Net net = new Net(9);
        net.connectAll();
        net.network.partition(Set.of("peer0:7051", "peer1:7051"), Set.of("peer2:7051", "peer3:7051"));
        net.send(0, 1, 1);
        net.send(0, 2, 2);
        net.send(3, 0, 3);
        net.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(1, net.inboxes.get(1).size());
        assertEquals(0, net.inboxes.get(2).size());
        assertEquals(0, net.inboxes.get(0).size());

        net.network.heal();
        net.send(0, 2, 4);
        net.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(1, net.inboxes.get(2).size());
    }

    @Test
    void aStoppedPeerLosesItsConnectionsAndWhatWasInFlight() {
        Net net = new Net(11);
        net.connectAll();
        List<PkiId> lost = new ArrayList<>();
        net.transports.get(0).start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) { }

            @Override
            public void onDisconnected(PkiId peer) {
                lost.add(peer);
            }
        });
        net.network.setDefaultFaults(LinkFaults.NONE.withDelay(Duration.ofMillis(100), Duration.ZERO));
        net.send(0, 1, 1);
        net.transports.get(1).close();
        net.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(0, net.inboxes.get(1).size());
        assertEquals(List.of(peers.get(1).pkiId()), lost);
        CompletableFuture<?> redial = net.transports.get(0).connect("peer1:7051");
        net.scheduler.advance(Duration.ofSeconds(5));
        assertTrue(redial.isCompletedExceptionally());
    }

    @Test
    void sameSeedGivesTheSameDeliveryTraceAndAnotherSeedAnotherOne() {
        List<TraceEvent> first = faultyRun(42);
        List<TraceEvent> second = faultyRun(42);
        List<TraceEvent> other = faultyRun(43);
        assertTrue(first.size() > 1_000);
        assertEquals(-1, firstDifference(first, second), "same seed, different traces");
        assertTrue(firstDifference(first, other) >= 0, "another seed must give another trace");
        Set<TraceEvent.Kind> kinds = new HashSet<>();
        first.forEach(e -> kinds.add(e.kind()));
        assertEquals(Set.of(TraceEvent.Kind.values()), kinds, "the run exercised every fault");
    }

    private static int firstDifference(List<TraceEvent> a, List<TraceEvent> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : Math.min(a.size(), b.size());
    }

    private static List<TraceEvent> faultyRun(long seed) {
        Net net = new Net(seed);
        net.network.setTracing(true);
        net.connectAll();
        net.network.setDefaultFaults(new LinkFaults(0.2, Duration.ofMillis(5), Duration.ofMillis(40), 0.1));
        for (int round = 0; round < 50; round++) {
            if (round == 20) {
                net.network.partition(Set.of("peer0:7051", "peer1:7051", "peer2:7051"), Set.of("peer3:7051"));
            }
            if (round == 30) {
                net.network.heal();
            }
            for (int from = 0; from < 4; from++) {
                for (int to = 0; to < 4; to++) {
                    if (from != to) {
                        net.send(from, to, round);
                    }
                }
            }
            net.scheduler.advance(Duration.ofMillis(10));
        }
        net.scheduler.advance(Duration.ofSeconds(1));
        return net.network.trace();
    }
}
