package io.ledgergossip.store;

import java.util.Optional;

/** Reads the world state: what a chaincode's validation looks at when it plans a block's commit. */
@FunctionalInterface
public interface StateReader {
    /** Current world-state value of a key. */
    Optional<byte[]> state(String key);
}
