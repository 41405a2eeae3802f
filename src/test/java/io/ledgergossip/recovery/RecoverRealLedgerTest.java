package io.ledgergossip.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.cli.LedgerGossipCli;
import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.fixture.fabric.FabricNodeSpec;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.fixture.replay.FabricLedgerReplay;
import io.ledgergossip.fixture.replay.FabricWrites;
import io.ledgergossip.ledger.BlockHashing;
import java.time.Duration;
import java.time.Instant;
import io.ledgergossip.testing.LedgerDamage;
import io.ledgergossip.testing.SharedFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recover --from-ledger} on copies of the real Fabric ledger in ../shared/fabric-ledgers
 * (8 blocks written by Fabric v2.5, a config genesis block, real orderer signatures): each kind of
 * damage is repaired to the very bytes Fabric wrote, and a damage no source can mend changes nothing.
 */
class RecoverRealLedgerTest {
    @TempDir
    Path tmp;

    Path original;
    Map<String, byte[]> pristine;
    List<Long> records;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void copies() throws Exception {
        original = LedgerDamage.copy(SharedFixtures.fabricSampleProd(), tmp.resolve("other-peer/sample_prod"));
        pristine = LedgerDamage.files(original);
        records = LedgerDamage.recordOffsets(original.resolve("blockfile_000000"));
    }

    int recover(Path damaged, String... more) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] args = new String[3 + more.length];
        args[0] = "recover";
        args[1] = damaged.toString();
        args[2] = "--from-ledger=" + original;
        System.arraycopy(more, 0, args, 3, more.length);
        return LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    int verify(Path dir) {
        return LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "verify", dir.toString());
    }

    Path damagedCopy(String name) throws Exception {
        return LedgerDamage.copy(original, tmp.resolve(name).resolve("sample_prod"));
    }

    void assertRepaired(Path damaged, String what) throws Exception {
        assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(damaged)), what + ": the repaired files are Fabric's own\n" + out + err);
        assertEquals(0, verify(damaged), what + ": verify accepts the repaired ledger");
    }

    @Test
    void theLastBlockFileTruncatedAtTwentyRandomOffsetsIsRepairedByteForByte() throws Exception {
        SplittableRandom random = new SplittableRandom(21);
        long genesisEnd = records.get(1);
        long size = pristine.get("blockfile_000000").length;
        for (int i = 0; i < 20; i++) {
            long cut = genesisEnd + random.nextLong(size - genesisEnd); // past block 0: the root of trust is kept
            Path damaged = damagedCopy("cut-" + i);
            LedgerDamage.truncate(damaged.resolve("blockfile_000000"), cut);
            assertEquals(0, recover(damaged), "cut at " + cut + ": " + out + err);
            assertRepaired(damaged, "cut at " + cut);
            assertTrue(out.toString().contains("blockfile_000000 rewritten"), out.toString());
        }
    }

    static final String REPLAY_NETWORK = """
            name: replay-recover
            version: 1.0.0
            client:
              organization: Org1
            organizations:
              Org1:
                mspid: Org1MSP
                peers: [peer0.org1.example.com, peer1.org1.example.com, peer2.org1.example.com, peer3.org1.example.com]
            orderers:
              orderer.example.com: {url: grpcs://127.0.0.1:7890}
            peers:
              peer0.org1.example.com: {url: grpcs://127.0.0.1:7891}
              peer1.org1.example.com: {url: grpcs://127.0.0.1:7892}
              peer2.org1.example.com: {url: grpcs://127.0.0.1:7893}
              peer3.org1.example.com: {url: grpcs://127.0.0.1:7894}
            ledgerGossip:
              channel: mychannel
              orderer: {mspid: OrdererMSP, domain: example.com}
              orgs:
                Org1: {domain: org1.example.com}
              peers:
                peer0.org1.example.com: {superNode: true}
            """;

    /**
     * (a) on the real ledger: ledger-gossip peers that took its chain as their orderer's (Fabric's
     * blocks, checked against the orderer org of its genesis block) serve the blocks by state
     * transfer, and the damaged copies come out as the bytes Fabric wrote.
     */
    @Test
    void fromLedgerGossipPeersHoldingTheRealChain() throws Exception {
        Path yaml = tmp.resolve("network.yaml");
        Files.writeString(yaml, REPLAY_NETWORK);
        NetworkConfig config = NetworkConfigLoader.load(yaml);
        Path crypto = tmp.resolve("crypto");
        NetworkCrypto.generate(config, crypto, Instant.now().minusSeconds(60), Duration.ofDays(1));
        FabricLedgerReplay replay = FabricLedgerReplay.load(original);
        try (LocalNetwork net = new LocalNetwork(config, tmp.resolve("data"), crypto, replay, new FabricWrites(),
                replay.ordererOrgs(), replay.ordererOrgs().mspIds())) {
            net.trustGenesis(BlockHashing.headerHash(replay.blocks().get(0).getHeader()));
            List<LocalNetwork.RunningPeer> peers = List.of(net.start("peer0.org1.example.com"), net.start("peer1.org1.example.com"),
                    net.start("peer2.org1.example.com"));
            while (replay.publishNext()) {
                Thread.onSpinWait();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!peers.stream().allMatch(p -> p.node().height() == records.size() - 1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            SplittableRandom random = new SplittableRandom(5);
            long size = pristine.get("blockfile_000000").length;
            for (int i = 0; i < 6; i++) {
                Path damaged = damagedCopy("net-" + i);
                if (i < 4) {
                    LedgerDamage.truncate(damaged.resolve("blockfile_000000"), records.get(1) + random.nextLong(size - records.get(1)));
                } else if (i == 4) {
                    LedgerDamage.flip(damaged.resolve("blockfile_000000"), (records.get(3) + records.get(4)) / 2);
                } else {
                    LedgerDamage.append(damaged.resolve("blockfile_000000"), new byte[] {(byte) 0x80, 1, 2});
                }
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);
                int exit = LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "recover", damaged.toString(),
                        "--from", "127.0.0.1:7891,127.0.0.1:7892,127.0.0.1:7893", "--config", yaml.toString(),
                        "--peer", "peer3.org1.example.com", "--crypto", crypto.toString());
                assertEquals(0, exit, out + "" + err);
                assertRepaired(damaged, "damage " + i + " repaired from the network");
            }
        }
    }

    /** (c) on the real ledger: a real Fabric v2.5 gossip node whose ledger is the real chain serves it by state transfer. */
    @Test
    void fromARealFabricGossipNodeHoldingTheRealChain() throws Exception {
        Path binary = FabricGossipNode.DEFAULT_BINARY.toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(binary), "skipped: no Fabric gossip node at " + binary);
        Path yaml = tmp.resolve("network.yaml");
        Files.writeString(yaml, REPLAY_NETWORK);
        NetworkConfig config = NetworkConfigLoader.load(yaml);
        Path crypto = tmp.resolve("crypto");
        NetworkCrypto.generate(config, crypto, Instant.now().minusSeconds(60), Duration.ofDays(1));
        FabricNodeSpec spec = FabricNodeSpec.member("fabric", crypto, "peer1.org1.example.com", "127.0.0.1:7892", List.of("127.0.0.1:7891"),
                "mychannel", Map.of("Org1MSP", crypto.resolve("peerOrganizations/org1.example.com/msp")),
                Map.of("Org1MSP", "127.0.0.1:7892"), original.resolve("blockfile_000000")).asLeader(records.size() - 2, 100, Duration.ZERO);
        try (FabricGossipNode fabric = FabricGossipNode.start(binary, spec, tmp.resolve("fabric.log"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (fabric.height() < records.size() - 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(records.size() - 1, fabric.height(), "the Fabric node committed the real chain");
            Path damaged = damagedCopy("fabric");
            LedgerDamage.truncate(damaged.resolve("blockfile_000000"), (records.get(2) + records.get(3)) / 2);
            int exit = LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "recover", damaged.toString(),
                    "--from", "127.0.0.1:7892", "--config", yaml.toString(), "--peer", "peer3.org1.example.com", "--crypto", crypto.toString());
            assertEquals(0, exit, out + "" + err);
            assertTrue(out.toString().contains("127.0.0.1:7892                           6 blocks"), out.toString());
            assertRepaired(damaged, "repaired from a Fabric node");
        }
    }

    @Test
    void flippedBytesInsideAMiddleBlockAreRepaired() throws Exception {
        Path damaged = damagedCopy("flipped");
        long middle = (records.get(4) + records.get(5)) / 2;
        LedgerDamage.flip(damaged.resolve("blockfile_000000"), middle);
        LedgerDamage.flip(damaged.resolve("blockfile_000000"), middle + 7);
        assertEquals(1, verify(damaged), "the damage is real");
        assertEquals(0, recover(damaged), out + "" + err);
        assertTrue(out.toString().contains("damaged from there: block 4"), out.toString());
        assertRepaired(damaged, "flipped bytes in block 4");
    }

    @Test
    void garbageAppendedAfterTheLastBlockIsCutOff() throws Exception {
        Path damaged = damagedCopy("garbage");
        byte[] garbage = new byte[3000];
        new SplittableRandom(3).nextBytes(garbage);
        LedgerDamage.append(damaged.resolve("blockfile_000000"), garbage);
        assertEquals(0, recover(damaged), out + "" + err);
        assertRepaired(damaged, "garbage appended");
        Path backups = damaged.resolveSibling("sample_prod-recover-backups");
        try (var dirs = Files.list(backups)) {
            Path backup = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            assertEquals(pristine.get("blockfile_000000").length + garbage.length, Files.size(backup.resolve("blockfile_000000")),
                    "the damaged original is kept in the backup directory");
        }
    }

    @Test
    void aDamagedGenesisBlockIsNotRepairableAndNothingIsWritten() throws Exception {
        Path damaged = damagedCopy("genesis");
        LedgerDamage.flip(damaged.resolve("blockfile_000000"), records.get(1) / 2);
        Map<String, byte[]> before = LedgerDamage.files(damaged);
        assertEquals(1, recover(damaged));
        assertTrue(err.toString().contains("block 0 (the genesis block)"), err.toString());
        assertNull(LedgerDamage.difference(before, LedgerDamage.files(damaged)), "untouched");
        assertFalse(Files.exists(damaged.resolveSibling("sample_prod-recover-backups")), "no backup directory either");
    }

    @Test
    void aDryRunReportsAndChangesNothing() throws Exception {
        Path damaged = damagedCopy("dry");
        LedgerDamage.truncate(damaged.resolve("blockfile_000000"), records.get(6) + 100);
        Map<String, byte[]> before = LedgerDamage.files(damaged);
        assertEquals(0, recover(damaged, "--dry-run"), out + "" + err);
        assertTrue(out.toString().contains("dry run: fetched 2 blocks (6..7)"), out.toString());
        assertTrue(out.toString().contains("nothing was written"), out.toString());
        assertNull(LedgerDamage.difference(before, LedgerDamage.files(damaged)), "a dry run writes nothing");
        assertFalse(Files.exists(damaged.resolveSibling("sample_prod-recover-backups")));
    }

    @Test
    void anIntactLedgerIsLeftAlone() throws Exception {
        Path intact = damagedCopy("intact");
        assertEquals(0, recover(intact), out + "" + err);
        assertTrue(out.toString().contains("nothing to repair"), out.toString());
        assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(intact)));
        assertFalse(Files.exists(intact.resolveSibling("sample_prod-recover-backups")), "nothing changed, nothing backed up");
    }

    @Test
    void aSourceCopyThatIsItselfDamagedCannotMendAndNothingIsWritten() throws Exception {
        Path damaged = damagedCopy("both");
        LedgerDamage.flip(damaged.resolve("blockfile_000000"), (records.get(5) + records.get(6)) / 2);
        LedgerDamage.flip(original.resolve("blockfile_000000"), (records.get(5) + records.get(6)) / 2 + 3);
        Map<String, byte[]> before = LedgerDamage.files(damaged);
        assertEquals(1, recover(damaged), out + "" + err);
        assertTrue(err.toString().contains("served a forged or corrupt block 5"), err.toString());
        assertTrue(err.toString().contains("nothing was written"), err.toString());
        assertNull(LedgerDamage.difference(before, LedgerDamage.files(damaged)), "untouched, no staged file left behind");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyWork() throws Exception {
        Path damaged = damagedCopy("args");
        LedgerDamage.truncate(damaged.resolve("blockfile_000000"), records.get(7));
        Map<String, byte[]> before = LedgerDamage.files(damaged);
        String[][] cases = {
            {"recover", damaged.toString()},
            {"recover", damaged.toString(), "--from-ledger", original.toString(), "--from", "127.0.0.1:1"},
            {"recover", damaged.toString(), "--from", "127.0.0.1:1"},
            {"recover", damaged.toString(), "--from", "nohost", "--config", "network-config/default.yaml", "--peer", "x"},
            {"recover", damaged.toString(), "--from-ledger", damaged.toString()},
            {"recover", damaged.toString(), "--from-ledger", tmp.resolve("nowhere").toString()},
            {"recover", tmp.resolve("nowhere").toString(), "--from-ledger", original.toString()},
            {"recover", tmp.toString() + "/other-peer/sample_prod/blockfile_000000", "--from-ledger", original.toString()},
            {"recover", damaged.toString(), "--from-ledger", original.toString(), "--backup", tmp.resolve("other-peer").toString()},
            {"recover", damaged.toString(), "--from-ledger", original.toString(), "--max-blockfile-bytes", "0"},
        };
        for (String[] args : cases) {
            StringWriter e = new StringWriter();
            int exit = LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(e, true), args);
            assertEquals(2, exit, String.join(" ", args) + ": " + e);
            assertEquals(1, e.toString().strip().lines().count(), "one line: " + e);
            assertFalse(e.toString().contains("Exception"), e.toString());
        }
        assertNull(LedgerDamage.difference(before, LedgerDamage.files(damaged)), "no bad invocation touched the ledger");
    }
}
