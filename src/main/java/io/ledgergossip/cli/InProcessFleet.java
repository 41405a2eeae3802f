package io.ledgergossip.cli;

import io.ledgergossip.dissemination.DisseminationCounters;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.util.Hex;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Every peer in this JVM (see {@link LocalNetwork}). */
final class InProcessFleet implements Fleet {
    private final LocalNetwork network;

    InProcessFleet(LocalNetwork network) {
        this.network = network;
    }

    @Override
    public void start(String peer) throws Exception {
        network.start(peer);
    }

    @Override
    public void crash(String peer) {
        network.stop(peer);
    }

    @Override
    public Map<String, PeerStatus> statuses() throws Exception {
        Map<String, PeerStatus> result = new LinkedHashMap<>();
        for (LocalNetwork.RunningPeer p : network.running()) {
            CompletableFuture<DisseminationCounters> counters = new CompletableFuture<>();
            p.scheduler().execute(() -> counters.complete(p.node().dissemination().counters()));
            DisseminationCounters c = counters.get(10, TimeUnit.SECONDS);
            result.put(p.spec().name(), new PeerStatus(p.node().height(), Hex.of(p.store().lastHeaderHash()),
                    Hex.of(p.store().stateHash()), String.format("push %d pull %d state %d", c.blocksByPush(),
                            c.blocksByPull(), c.blocksByStateTransfer()), tlsFailing(p.node().transport().counters().tlsDialFailures())));
        }
        return result;
    }

    /** The endpoints a peer cannot reach because of TLS, with the reasons: {@code 127.0.0.1:7050 (reason); ...}. */
    static String tlsFailing(Map<String, String> failures) {
        return failures.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(java.util.stream.Collectors.joining("; "));
    }

    @Override
    public void close() {
        network.close();
    }
}
