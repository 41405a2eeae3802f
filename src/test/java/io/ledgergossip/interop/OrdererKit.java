package io.ledgergossip.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The shared Fabric orderer kit for tests: 3 peers per org, skipped with the reason when the kit is absent. */
public final class OrdererKit extends io.ledgergossip.fixture.fabric.OrdererKit {
    static final Path KIT = DEFAULT_HOME.toAbsolutePath().normalize();

    public final Path dir;

    /** Skips the calling test, with the reason, when the kit is not there. */
    public static void requireKit() {
        assumeTrue(present(KIT), "skipped: no Fabric orderer kit at " + KIT);
    }

    public OrdererKit(Path dir, int basePort) {
        super(KIT, dir, basePort, 3);
        this.dir = dir;
    }

    @Override
    public OrdererKit start() throws java.io.IOException, InterruptedException {
        super.start();
        return this;
    }
}
