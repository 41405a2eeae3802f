package io.ledgergossip.transport.memory;

import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.time.ManualScheduler;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.transport.TransportContractTest;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The transport contract on the in-memory network, in virtual time. */
class InMemoryTransportContractTest extends TransportContractTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler, 1);
    private int next;

    @Override
    protected Transport create(LocalIdentity identity, IdentityValidator validator, TransportConfig config) {
        return network.join(identity, "peer" + next++ + ":7051", validator, config);
    }

    @Override
    protected boolean eventually(BooleanSupplier condition) {
        for (int i = 0; i < 1_000 && !condition.getAsBoolean(); i++) {
            scheduler.advance(Duration.ofMillis(10));
        }
        return condition.getAsBoolean();
    }
}
