package io.ledgergossip.bench;

import io.ledgergossip.fixture.network.HostPort;
import io.ledgergossip.fixture.network.NetworkConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The network both systems run on in a side-by-side comparison: N peers in 2 orgs, the first peer
 * of each org its org's super node (Fabric: its static leader, delivering from the orderer), on
 * loopback ports from {@link #BASE_PORT}; orderer, channel and gossip settings from a base config.
 */
final class CompareNetwork {
    /** First port of the comparison's peers (the Fabric nodes reuse them after the ledger-gossip run). */
    static final int BASE_PORT = 17300;
    static final int ORGS = 2;

    private CompareNetwork() {}

    /**
     * The same network next to a real ordering service: its orderer at {@code address} with the
     * ordering org's TLS CA, the crypto material cryptogen's (OrdererMSP of example.com).
     */
    static NetworkConfig onOrderer(NetworkConfig config, String address, java.nio.file.Path tlsCa) {
        return new NetworkConfig(config.file(), config.name(), "mychannel", new NetworkConfig.Org("Orderer", "OrdererMSP", "example.com",
                List.of()), HostPort.parse(address), config.orgs(), config.peers(), config.gossip(), true, tlsCa);
    }

    static NetworkConfig of(NetworkConfig base, int peers) {
        if (peers < 2 * ORGS) {
            throw new IllegalArgumentException("--peers " + peers + ": a comparison needs at least " + 2 * ORGS + " peers (2 orgs of 2)");
        }
        List<NetworkConfig.Org> orgs = new ArrayList<>();
        List<NetworkConfig.Peer> all = new ArrayList<>();
        int port = BASE_PORT;
        for (int o = 1; o <= ORGS; o++) {
            String domain = "org" + o + ".example.com";
            String org = "Org" + o;
            int size = peers / ORGS + (o <= peers % ORGS ? 1 : 0);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String name = "peer" + i + "." + domain;
                names.add(name);
                HostPort endpoint = new HostPort("127.0.0.1", port++);
                all.add(new NetworkConfig.Peer(name, org, org + "MSP", i == 0, endpoint, endpoint, null, null, false, "data/" + name, false));
            }
            orgs.add(new NetworkConfig.Org(org, org + "MSP", domain, names));
        }
        return new NetworkConfig(base.file(), "compare-" + peers, base.channel(), base.orderer(), base.ordererEndpoint(), orgs, all,
                base.gossip(), false, null);
    }
}
