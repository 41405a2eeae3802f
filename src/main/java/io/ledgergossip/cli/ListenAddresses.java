package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.HostPort;
import io.ledgergossip.fixture.network.NetworkConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Checks, before a run starts anything, that every address a network of this JVM will listen on can be bound. */
final class ListenAddresses {
    private ListenAddresses() {}

    /** The first address that cannot be bound, as "cannot listen on HOST:PORT (WHO): REASON", or null when all can. */
    static String firstTaken(NetworkConfig config, boolean withOrderer) {
        List<HostPort> addresses = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        if (withOrderer) {
            addresses.add(config.ordererEndpoint());
            owners.add("the orderer");
        }
        for (NetworkConfig.Peer p : config.peers()) {
            addresses.add(p.listen());
            owners.add(p.name());
            if (p.operations() != null) {
                addresses.add(p.operations());
                owners.add(p.name() + " operations");
            }
        }
        for (int i = 0; i < addresses.size(); i++) {
            HostPort a = addresses.get(i);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(a.host(), a.port()));
            } catch (IOException e) {
                return "cannot listen on " + a + " (" + owners.get(i) + "): "
                        + (e.getMessage() != null && e.getMessage().contains("already in use") ? "address already in use" : e.getMessage());
            }
        }
        return null;
    }
}
