package io.ledgergossip.interop;

import static io.ledgergossip.interop.FabricChannel.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.cli.LedgerGossipCli;
import io.ledgergossip.dissemination.BlockSignatures;
import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.testing.LedgerDamage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recover} on a ledger of many block files (a chain of orderer-signed blocks laid out as
 * Fabric's block store does, with a small file size limit so that it spans several files),
 * damaged every way the issue lists, repaired (a) from ledger-gossip peers over Fabric's gossip
 * state transfer on real sockets with mutual TLS, (b) from another copy on disk, (c) from real
 * Fabric v2.5 gossip nodes; each time the files come out byte for byte those of the undamaged
 * ledger. A peer that serves a forged block is named and nothing is written.
 */
class RecoverFromPeersTest {
    static final String NETWORK = FabricInteropTest.NETWORK.replace("127.0.0.1:755", "127.0.0.1:785");
    static final int BLOCKS = 300;
    static final long MAX_FILE_BYTES = 48 * 1024;
    static final String PEERS = "127.0.0.1:7851,127.0.0.1:7853,127.0.0.1:7852,127.0.0.1:7854";

    @TempDir
    Path tmp;

    FabricChannel channel;
    Path pristineDir;
    Map<String, byte[]> pristine;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void ledger() throws Exception {
        channel = new FabricChannel(tmp, NETWORK, BLOCKS);
        pristineDir = tmp.resolve("pristine/ledgersData/chains/chains/mychannel");
        try (BlockFileWriter writer = BlockFileWriter.create(pristineDir, MAX_FILE_BYTES)) {
            for (Block block : channel.chain) {
                writer.append(block);
            }
        }
        pristine = LedgerDamage.files(pristineDir);
        assertTrue(pristine.size() >= 5, "the ledger spans several block files: " + pristine.keySet());
    }

    @AfterEach
    void stopFabricNodes() throws Exception {
        channel.close();
    }

    int recover(Path peerDir, String... source) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> args = new ArrayList<>(List.of("recover", peerDir.toString(), "--config", channel.dir.resolve("network.yaml").toString(),
                "--peer", "peer3.org2.example.com", "--crypto", channel.crypto.toString(), "--max-blockfile-bytes", Long.toString(MAX_FILE_BYTES),
                "--response-timeout", "2s"));
        args.addAll(List.of(source));
        return LedgerGossipCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    /** The damages of the issue, each on a fresh copy: name to the peer's file system path holding the damaged ledger. */
    Map<String, Path> damagedCopies(int truncations) throws Exception {
        Map<String, Path> copies = new java.util.LinkedHashMap<>();
        List<String> names = new ArrayList<>(pristine.keySet());
        String last = names.get(names.size() - 1);
        String middle = names.get(names.size() / 2);
        SplittableRandom random = new SplittableRandom(truncations);
        for (int i = 0; i < truncations; i++) {
            long cut = random.nextLong(pristine.get(last).length);
            copies.put("last file cut at " + cut, damage(copies.size(), d -> LedgerDamage.truncate(d.resolve(last), cut)));
        }
        long middleCut = random.nextLong(pristine.get(middle).length);
        copies.put("middle file cut at " + middleCut, damage(copies.size(), d -> LedgerDamage.truncate(d.resolve(middle), middleCut)));
        List<Long> records = LedgerDamage.recordOffsets(pristineDir.resolve(middle));
        long inBlock = (records.get(2) + records.get(3)) / 2;
        copies.put("bytes flipped in a block of " + middle, damage(copies.size(), d -> {
            LedgerDamage.flip(d.resolve(middle), inBlock);
            LedgerDamage.flip(d.resolve(middle), inBlock + 11);
        }));
        copies.put("last file deleted", damage(copies.size(), d -> Files.delete(d.resolve(last))));
        copies.put("garbage appended", damage(copies.size(), d -> LedgerDamage.append(d.resolve(last), new byte[] {7, 1, 2, 3, 0, 0, 9})));
        return copies;
    }

    interface Damage {
        void on(Path channelDir) throws Exception;
    }

    private Path damage(int n, Damage damage) throws Exception {
        Path peer = tmp.resolve("peer-" + n);
        Path dir = LedgerDamage.copy(pristineDir, peer.resolve("ledgersData/chains/chains/mychannel"));
        damage.on(dir);
        return peer;
    }

    /** @return what recover printed, by case */
    Map<String, String> assertRepairedByteForByte(Map<String, Path> copies, String... source) throws Exception {
        Map<String, String> printed = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Path> c : copies.entrySet()) {
            assertEquals(0, recover(c.getValue(), source), c.getKey() + ": " + out + err);
            printed.put(c.getKey(), out.toString());
            Path dir = c.getValue().resolve("ledgersData/chains/chains/mychannel");
            assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(dir)), c.getKey() + ": byte for byte\n" + out + err);
            StringWriter verifyErr = new StringWriter();
            assertEquals(0, LedgerGossipCli.run(new PrintWriter(new StringWriter()), new PrintWriter(verifyErr), "verify", dir.toString()),
                    c.getKey() + ": verify " + verifyErr);
        }
        return printed;
    }

    @Test
    void fromLedgerGossipPeersOverFabricsStateTransfer() throws Exception {
        Map<String, Path> copies = damagedCopies(5);
        ReleasedChain orderer = new ReleasedChain(channel.chain, NetworkCrypto.ordererIdentity(channel.config, channel.crypto));
        try (LocalNetwork net = new LocalNetwork(channel.config, tmp.resolve("data"), channel.crypto, orderer)) {
            List<RunningPeer> peers = List.of(net.start("peer0.org1.example.com"), net.start("peer0.org2.example.com"),
                    net.start("peer1.org1.example.com"), net.start("peer1.org2.example.com"));
            while (orderer.hasMore()) {
                orderer.releaseNext();
                Thread.sleep(2);
            }
            assertTrue(eventually(Duration.ofSeconds(60), () -> peers.stream().allMatch(p -> p.node().height() == BLOCKS)),
                    "the network holds the chain");
            // one endpoint where nobody listens: named in the report, the others do the work
            Map<String, String> printed = assertRepairedByteForByte(copies, "--from", PEERS + ",127.0.0.1:7858");
            String midFile = printed.entrySet().stream().filter(e -> e.getKey().startsWith("middle file")).findFirst().orElseThrow().getValue();
            assertTrue(midFile.contains("127.0.0.1:7858") && midFile.contains("cannot connect"), midFile);
            long servers = PEERS.split(",").length;
            assertEquals(servers, midFile.lines().filter(l -> l.matches("\\s+127\\.0\\.0\\.1:785\\d\\s+\\d+ blocks")
                    && !l.matches(".*\\s0 blocks")).count(), "the blocks came from every peer at once:\n" + midFile);
        }
    }

    @Test
    void fromAnotherCopyOfTheLedger() throws Exception {
        assertRepairedByteForByte(damagedCopies(5), "--from-ledger", tmp.resolve("pristine").toString());
    }

    @Test
    void fromRealFabricGossipNodes() throws Exception {
        FabricChannel.requireFabricNode();
        Map<String, Path> copies = damagedCopies(2);
        FabricGossipNode leader = channel.start(channel.fabricNode("peer2.org1.example.com", "127.0.0.1:7855", "127.0.0.1:7857")
                .asLeader(BLOCKS - 1, 500, Duration.ZERO));
        FabricGossipNode member = channel.start(channel.fabricNode("peer3.org1.example.com", "127.0.0.1:7857", "127.0.0.1:7855"));
        assertTrue(eventually(Duration.ofSeconds(60), () -> leader.height() == BLOCKS && member.height() == BLOCKS),
                () -> "Fabric heights " + leader.height() + "/" + member.height() + channel.tail(member));
        Map<String, String> printed = assertRepairedByteForByte(copies, "--from", "127.0.0.1:7855,127.0.0.1:7857");
        String midFile = printed.entrySet().stream().filter(e -> e.getKey().startsWith("middle file")).findFirst().orElseThrow().getValue();
        assertEquals(2, midFile.lines().filter(l -> l.matches("\\s+127\\.0\\.0\\.1:785[57]\\s+\\d+ blocks") && !l.matches(".*\\s0 blocks"))
                .count(), "both Fabric nodes served blocks:\n" + midFile);
    }

    @Test
    void aPeerServingAForgedBlockIsNamedAndNothingIsWritten() throws Exception {
        List<Block> forged = new ArrayList<>(channel.chain);
        int victim = BLOCKS - 2; // in the last block file, which is deleted below
        // the block's content and place in the chain are intact; its signature is a peer's, not the orderer's
        forged.set(victim, BlockSignatures.sign(channel.chain.get(victim),
                NetworkCrypto.peerIdentity(channel.config, channel.crypto, channel.config.peers().get(1)), new byte[24]));
        Path peer = damage(0, d -> Files.delete(d.resolve(new ArrayList<>(pristine.keySet()).get(pristine.size() - 1))));
        Path dir = peer.resolve("ledgersData/chains/chains/mychannel");
        Map<String, byte[]> before = LedgerDamage.files(dir);
        try (StateServer hostile = StateServer.start(channel, "peer1.org1.example.com", "127.0.0.1:7852", forged)) {
            assertEquals(1, recover(peer, "--from", "127.0.0.1:7852"), out + "" + err);
        }
        assertTrue(err.toString().contains("127.0.0.1:7852 served a forged block " + victim), err.toString());
        assertTrue(err.toString().contains("has no valid orderer signature"), err.toString());
        assertNull(LedgerDamage.difference(before, LedgerDamage.files(dir)), "nothing written, no staged file left");
        assertFalse(Files.exists(peer.resolveSibling(peer.getFileName() + "-recover-backups")), "no backup was needed");
    }
}
