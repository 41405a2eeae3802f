package io.ledgergossip.transport.grpc;

import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.transport.TransportContractTest;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** The transport contract on Fabric's wire: gRPC gossip.Gossip with mutual TLS on loopback. */
class GrpcTransportContractTest extends TransportContractTest {
    @Override
    protected Transport create(LocalIdentity identity, IdentityValidator validator, TransportConfig config) {
        return new GrpcTransport(identity, validator, config, "127.0.0.1", 0, System::currentTimeMillis);
    }

    @Override
    protected boolean eventually(BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
