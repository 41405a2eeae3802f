package io.ledgergossip.example;

import io.ledgergossip.config.GossipSettings;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.MspLayout;
import io.ledgergossip.identity.NodeRole;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.node.LedgerGossipPeer;
import io.ledgergossip.topology.DeliveryReceipt;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How a ledger node embeds ledger-gossip: two peers of Org1 in this process, a leader that takes
 * blocks from the ordering side and an ordinary peer that gets them by gossip, a commit listener,
 * heights, and a routed message with its DELIVERED or FAILED answer.
 *
 * <pre>
 * java -jar target/ledger-gossip.jar crypto generate network-config/minimal.yaml --out /tmp/example/crypto
 * java -cp target/ledger-gossip.jar io.ledgergossip.example.EmbeddedPeerExample /tmp/example/crypto /tmp/example/data
 * </pre>
 */
public final class EmbeddedPeerExample {
    private EmbeddedPeerExample() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPeerExample CRYPTO_DIR DATA_DIR (CRYPTO_DIR from: crypto generate network-config/minimal.yaml --out DIR)");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args[1]), System.out);
    }

    static void run(Path crypto, Path data, PrintStream out) throws Exception {
        // 1. identities and trust, as cryptogen lays them out
        LocalIdentity leaderId = LocalIdentity.load(MspLayout.nodeDir(crypto, NodeRole.PEER, "org1.example.com", "peer0.org1.example.com"), "Org1MSP");
        LocalIdentity followerId = LocalIdentity.load(MspLayout.nodeDir(crypto, NodeRole.PEER, "org1.example.com", "peer1.org1.example.com"), "Org1MSP");
        LocalIdentity ordererId = LocalIdentity.load(MspLayout.nodeDir(crypto, NodeRole.ORDERER, "example.com", "orderer.example.com"), "OrdererMSP");
        TrustedOrgs orgs = TrustedOrgs.load(Map.of(
                "Org1MSP", MspLayout.orgMspDir(crypto, NodeRole.PEER, "org1.example.com"),
                "OrdererMSP", MspLayout.orgMspDir(crypto, NodeRole.ORDERER, "example.com")));
        GossipSettings settings = GossipSettings.from(Map.of("peer.gossip.aliveTimeInterval", "500ms"), System.getenv());

        // 2. the ordering side: here a fixture orderer; in a ledger node, its deliver client
        FixtureOrderer orderer = new FixtureOrderer(ordererId, 1, 2, 100);

        // 3. the peers
        try (LedgerGossipPeer leader = LedgerGossipPeer.builder(leaderId, orgs, data.resolve("peer0"))
                        .superNode(true).blockSource(orderer).settings(settings).ordererMspIds(Set.of("OrdererMSP")).start();
                LedgerGossipPeer follower = LedgerGossipPeer.builder(followerId, orgs, data.resolve("peer1"))
                        .bootstrap(List.of(leader.node().transport().endpoint())).settings(settings).start()) {
            follower.onBlockCommitted(block -> out.println("follower committed block " + block.getHeader().getNumber()));
            leader.onRoutedMessage((origin, body) ->
                    out.println("leader received \"" + new String(body, StandardCharsets.UTF_8) + "\" from " + origin.shortHex()));

            for (int i = 0; i < 5; i++) {
                orderer.cut();
            }
            long height = follower.awaitHeight(5, Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
            out.println("follower height " + height + ", leader height " + leader.height());

            DeliveryReceipt receipt = follower.send(leader.pkiId(), "hello from peer1".getBytes(StandardCharsets.UTF_8))
                    .get(30, TimeUnit.SECONDS);
            out.println("routed message: " + receipt.status() + (receipt.status() == DeliveryReceipt.Status.DELIVERED
                    ? " in " + receipt.hops() + " hop(s)" : " at " + receipt.failedHop() + ": " + receipt.reason()));
        }
    }
}
