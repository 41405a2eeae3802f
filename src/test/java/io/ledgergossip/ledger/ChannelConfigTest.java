package io.ledgergossip.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ledgergossip.testing.TestChains;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;

/** A channel's members as Fabric's config block names them, read from a config block Fabric wrote. */
class ChannelConfigTest {
    static final Path REAL = Path.of("../shared/fabric-ledgers/sample_prod/blockfile_000000");

    @Test
    void theGenesisBlockOfARealFabricLedgerNamesItsOrgsCertificatesAndOrderers() throws Exception {
        assumeTrue(Files.isRegularFile(REAL), "skipped: no Fabric ledger at " + REAL.toAbsolutePath().normalize());
        Block genesis;
        try (BlockFileReader reader = BlockFileReader.open(REAL)) {
            genesis = reader.next().orElseThrow();
        }
        ChannelConfig config = ChannelConfig.of(genesis);
        assertFalse(config.channel().isEmpty());
        assertFalse(config.applicationOrgs().isEmpty(), "application orgs");
        assertFalse(config.ordererOrgs().isEmpty(), "ordering orgs");
        assertFalse(config.ordererEndpoints().isEmpty(), "orderer endpoints");
        for (ChannelConfig.Org org : config.ordererOrgs()) {
            assertFalse(org.rootCerts().isEmpty(), org.mspId() + " has root certificates");
            assertTrue(config.org(org.mspId()).isPresent());
        }
    }

    @Test
    void aBlockOfTransactionsIsNotAConfigBlock() throws Exception {
        Block ordinary = TestChains.sample(2, 3, 50).get(1).block();
        LedgerFormatException e = assertThrows(LedgerFormatException.class, () -> ChannelConfig.of(ordinary));
        assertTrue(e.getMessage().contains("not a config block"), e.getMessage());
        Block damaged = ordinary.toBuilder().setData(ordinary.getData().toBuilder().clearData()
                .addData(com.google.protobuf.ByteString.copyFromUtf8("garbage"))).build();
        assertThrows(LedgerFormatException.class, () -> ChannelConfig.of(damaged));
        assertEquals(1, damaged.getData().getDataCount());
    }
}
