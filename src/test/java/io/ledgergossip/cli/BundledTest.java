package io.ledgergossip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ledgergossip.fixture.chaincode.ChaincodeSpec;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default network config and chaincode fixture work from any directory: the jar carries them. */
class BundledTest {
    @TempDir
    Path elsewhere;

    @Test
    void theDefaultsResolveToTheJarsCopyWhereTheyDoNotExist() throws Exception {
        Path config = Bundled.resolve(Path.of("network-config/default.yaml"), elsewhere);
        assertNotEquals(Path.of("network-config/default.yaml"), config);
        assertEquals(Files.readString(Path.of("network-config/default.yaml")), Files.readString(config));
        assertEquals(15, NetworkConfigLoader.load(config).peers().size());
        ChaincodeSpec.load(Bundled.resolve(Path.of("chaincode-fixtures/asset-transfer-basic.yaml"), elsewhere));
        // a file that exists where the command runs wins; other paths are left as given
        Files.createDirectories(elsewhere.resolve("network-config"));
        Files.writeString(elsewhere.resolve("network-config/default.yaml"), "mine");
        assertEquals(Path.of("network-config/default.yaml"), Bundled.resolve(Path.of("network-config/default.yaml"), elsewhere));
        assertEquals(Path.of("network-config/none.yaml"), Bundled.resolve(Path.of("network-config/none.yaml"), elsewhere));
    }
}
