package io.ledgergossip.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.store.MembershipStore;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.topology.DeliveryReceipt;
import io.ledgergossip.transport.grpc.GrpcTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same protocol classes on real sockets with mutual TLS and real time: membership, parents, routed delivery. */
class NetworkSmokeTest {
    private static final MembershipConfig FAST = RealPeers.FAST_MEMBERSHIP;
    private static final TopologyConfig TOPOLOGY = new TopologyConfig(2, 16, Duration.ofSeconds(1));

    @TempDir
    Path tmp;

    private final List<GossipNode> nodes = new ArrayList<>();
    private final List<ExecutorScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(GossipNode::stop);
        schedulers.forEach(ExecutorScheduler::close);
    }

    private GossipNode node(LocalIdentity identity, IdentityValidator validator, boolean superNode, List<String> bootstrap) {
        ExecutorScheduler scheduler = new ExecutorScheduler(identity.commonName());
        schedulers.add(scheduler);
        GrpcTransport transport = new GrpcTransport(identity, validator, TransportConfig.defaults(), "127.0.0.1", 0, scheduler);
        GossipNode node = new GossipNode(identity, transport, scheduler, new SplittableRandom(nodes.size()), validator,
                new NodeSettings(superNode, bootstrap, FAST, TOPOLOGY), MembershipStore.NONE);
        node.start();
        nodes.add(node);
        return node;
    }

    @Test
    void sixPeersInTwoOrgsFindEachOtherAttachAndDeliverRoutedMessages() throws Exception {
        TestPki pki = new TestPki(tmp);
        pki.org(1);
        pki.org(2);
        IdentityValidator validator = pki.validator();
        List<String> bootstrap = new ArrayList<>();
        GossipNode super1 = node(pki.peer(1, 0), validator, true, bootstrap);
        bootstrap.add(super1.transport().endpoint());
        GossipNode super2 = node(pki.peer(2, 0), validator, true, bootstrap);
        bootstrap.add(super2.transport().endpoint());
        List<GossipNode> ordinary = new ArrayList<>();
        for (int org = 1; org <= 2; org++) {
            for (int i = 1; i <= 2; i++) {
                ordinary.add(node(pki.peer(org, i), validator, false, bootstrap));
            }
        }

        await("every peer sees the five others").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> nodes.stream().allMatch(n -> Snapshots.alive(n) == 5));
        await("every ordinary peer has its org's super node as parent").atMost(Duration.ofSeconds(30))
                .until(() -> ordinary.subList(0, 2).stream().allMatch(n -> Snapshots.of(n).parent().equals(super1.pkiId().shortHex()))
                        && ordinary.subList(2, 4).stream().allMatch(n -> Snapshots.of(n).parent().equals(super2.pkiId().shortHex())));

        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        GossipNode target = ordinary.get(3);
        target.onRoutedMessage((origin, body) -> received.add(new String(body, StandardCharsets.UTF_8)));
        DeliveryReceipt receipt = ordinary.get(0).send(target.pkiId(), "over TLS".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        assertTrue(receipt.delivered(), receipt.toString());
        assertTrue(receipt.hops() >= 1 && receipt.hops() <= 3);
        assertEquals(List.of("over TLS"), List.copyOf(received));
        for (GossipNode n : nodes) {
            assertEquals(0, n.transport().counters().rejectedTotal(), "no refused connection among honest peers");
        }
    }
}
