package io.ledgergossip.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared, which CI and developers have beside the repository. */
public final class SharedFixtures {
    private SharedFixtures() {}

    /** The real Fabric ledger in ../shared/fabric-ledgers/sample_prod; the test is skipped, saying why, when it is absent. */
    public static Path fabricSampleProd() {
        Path shared = Path.of(System.getProperty("ledgergossip.shared", "../shared"));
        Path ledger = shared.resolve("fabric-ledgers/sample_prod");
        assumeTrue(Files.isRegularFile(ledger.resolve("blockfile_000000")),
                "skipped: the real Fabric ledger " + ledger.toAbsolutePath()
                        + " is absent (check out ../shared beside the repository)");
        return ledger;
    }
}
