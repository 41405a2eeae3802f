package io.ledgergossip.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fabric's own core.yaml, unchanged, and Fabric's CORE_* variables over it. */
class CoreConfigTest {
    static final Path FABRIC_CORE = Path.of("../shared/fabric-config/core.yaml");

    @TempDir
    Path tmp;

    @BeforeEach
    void needsFabricsCoreYaml() {
        assumeTrue(Files.isRegularFile(FABRIC_CORE), "skipped: no Fabric core.yaml at " + FABRIC_CORE.toAbsolutePath().normalize());
    }

    @Test
    void fabricsSampleCoreYamlLoadsUnchangedWithFabricsGossipDefaults() throws Exception {
        CoreConfig core = CoreConfig.load(FABRIC_CORE, Map.of());
        assertEquals("SampleOrg", core.require("peer.localMspId"));
        assertEquals(FABRIC_CORE.toAbsolutePath().getParent().resolve("msp").normalize(), core.path("peer.mspConfigPath"));
        GossipSettings settings = GossipSettings.from(core.gossipSettings());
        assertEquals(Duration.ofSeconds(4), settings.membership().pullInterval());
        assertEquals(Duration.ofSeconds(25), settings.membership().aliveExpirationTimeout());
        assertEquals(20, settings.dissemination().stateBlockBufferSize());
        assertEquals(10, settings.dissemination().stateBatchSize());
        assertEquals(java.util.List.of("127.0.0.1:7051"), settings.addressing().bootstrap());
        assertTrue(core.withoutEffect().contains("peer.gossip.recvBuffSize"), "Fabric keys without behaviour here are named");
        assertTrue(core.withoutEffect().contains("chaincode.executetimeout"));
        assertFalse(core.withoutEffect().contains("peer.gossip.pullInterval"));
        assertTrue(core.flag("peer.gossip.orgLeader", false));
    }

    @Test
    void fabricsVariablesWinAndUnknownOnesAreRefusedByName() throws Exception {
        CoreConfig core = CoreConfig.load(FABRIC_CORE, Map.of("CORE_PEER_GOSSIP_ORGLEADER", "false", "CORE_PEER_GOSSIP_PULLINTERVAL", "2s",
                "CORE_PEER_LOCALMSPID", "Org2MSP", "CORE_PEER_TLS_ENABLED", "true", "PATH", "/usr/bin"));
        assertFalse(core.flag("peer.gossip.orgLeader", true));
        assertTrue(core.flag("peer.tls.enabled", false));
        assertEquals("Org2MSP", core.require("peer.localMspId"));
        assertEquals(Duration.ofSeconds(2), GossipSettings.from(core.gossipSettings()).membership().pullInterval());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoreConfig.load(FABRIC_CORE, Map.of("CORE_PEER_GOSIP_PULLINTERVAL", "2s")));
        assertTrue(e.getMessage().contains("CORE_PEER_GOSIP_PULLINTERVAL"), e.getMessage());
    }

    @Test
    void aKeyFabricDoesNotDefineIsRefusedNamingIt() throws Exception {
        Path file = tmp.resolve("core.yaml");
        Files.writeString(file, Files.readString(FABRIC_CORE).replace("    gossip:\n", "    gossip:\n        pullIntervall: 4s\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoreConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("peer.gossip.pullIntervall is not a key of Fabric's core.yaml"), e.getMessage());
        Files.writeString(file, "peer: [not, a, mapping\n");
        assertThrows(IllegalArgumentException.class, () -> CoreConfig.load(file, Map.of()));
    }
}
