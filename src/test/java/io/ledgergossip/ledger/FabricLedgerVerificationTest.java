package io.ledgergossip.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.ledgergossip.ledger.LedgerVerification.Report;
import io.ledgergossip.testing.SharedFixtures;
import io.ledgergossip.testing.TestChains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification against the real ledger Hyperledger Fabric wrote, and against corruptions of it. */
class FabricLedgerVerificationTest {
    @TempDir
    Path tmp;

    private Path sampleFile;
    private List<Block> blocks;

    @BeforeEach
    void readRealLedger() throws Exception {
        sampleFile = SharedFixtures.fabricSampleProd().resolve("blockfile_000000");
        blocks = TestChains.readAll(sampleFile);
    }

    @Test
    void realFabricLedgerHasEightValidBlocks() throws Exception {
        assertEquals(8, blocks.size());
        Report report = verify(sampleFile.getParent());
        assertEquals(8, report.blocksRead());
        assertTrue(report.valid(), () -> "unexpected errors: " + report.erroneous());
    }

    @Test
    void headerAndDataHashesMatchWhatFabricComputed() {
        for (int n = 0; n < blocks.size(); n++) {
            Block block = blocks.get(n);
            assertEquals(n, block.getHeader().getNumber());
            assertArrayEquals(block.getHeader().getDataHash().toByteArray(), BlockHashing.dataHash(block.getData()),
                    "data hash of block " + n);
            if (n > 0) {
                assertArrayEquals(block.getHeader().getPreviousHash().toByteArray(),
                        BlockHashing.headerHash(blocks.get(n - 1).getHeader()), "previous hash of block " + n);
            }
        }
    }

    @Test
    void writerReproducesFabricsBlockFileByteForByte() throws Exception {
        Path channel = tmp.resolve("copy");
        TestChains.writeAll(channel, blocks);
        assertArrayEquals(Files.readAllBytes(sampleFile), Files.readAllBytes(channel.resolve("blockfile_000000")));
    }

    @Test
    void flippedByteInTransactionDataIsADataHashMismatch() throws Exception {
        List<Block> corrupt = new ArrayList<>(blocks);
        Block block = corrupt.get(3);
        byte[] tx = block.getData().getData(0).toByteArray();
        tx[tx.length - 1] ^= 0x01; // last byte of the envelope's signature: still a well-formed envelope
        corrupt.set(3, block.toBuilder().setData(BlockData.newBuilder().addData(ByteString.copyFrom(tx))).build());

        Report report = verify(write(corrupt));

        assertEquals(List.of(new BlockCheck(3, List.of(ChainVerifier.DATA_HASH_MISMATCH))), report.erroneous());
    }

    @Test
    void flippedByteInHeaderBreaksTheLinkToTheNextBlock() throws Exception {
        List<Block> corrupt = new ArrayList<>(blocks);
        Block block = corrupt.get(2);
        byte[] dataHash = block.getHeader().getDataHash().toByteArray();
        dataHash[0] ^= 0x40;
        corrupt.set(2, block.toBuilder().setHeader(block.getHeader().toBuilder().setDataHash(ByteString.copyFrom(dataHash))).build());

        Report report = verify(write(corrupt));

        assertEquals(List.of(
                new BlockCheck(2, List.of(ChainVerifier.DATA_HASH_MISMATCH)),
                new BlockCheck(3, List.of(ChainVerifier.PREVIOUS_HASH_MISMATCH))), report.erroneous());
    }

    @Test
    void removedBlockIsReportedOnceAtTheGap() throws Exception {
        List<Block> corrupt = new ArrayList<>(blocks);
        corrupt.remove(4);

        Report report = verify(write(corrupt));

        assertEquals(List.of(new BlockCheck(5, List.of("The next block is expected to be 4 but got 5",
                ChainVerifier.PREVIOUS_HASH_MISMATCH))), report.erroneous());
        assertEquals(7, report.blocksRead());
    }

    @Test
    void truncatedFileReportsTheCutBlockAndKeepsTheOthers() throws Exception {
        byte[] bytes = Files.readAllBytes(sampleFile);
        Path channel = Files.createDirectories(tmp.resolve("truncated"));
        Files.write(channel.resolve("blockfile_000000"), Arrays.copyOf(bytes, bytes.length - 100));

        Report report = verify(channel);

        assertEquals(7, report.blocksRead());
        assertEquals(1, report.erroneous().size());
        BlockCheck cut = report.erroneous().get(0);
        assertEquals(7, cut.blockNum());
        assertTrue(cut.errors().get(0).contains("truncated block"), cut.errors().toString());
    }

    @Test
    void bytesAppendedToATransactionAreCaughtEvenWithARecomputedDataHash() throws Exception {
        List<Block> corrupt = new ArrayList<>(blocks);
        Block block = corrupt.get(6);
        Envelope envelope = Envelope.parseFrom(block.getData().getData(0));
        // a second signature field: the parser keeps the last one, so the envelope re-marshals without the
        // original signature, which is then left over in the raw bytes
        ByteString appended = block.getData().getData(0).concat(ByteString.copyFrom(new byte[] {0x12, 0x02, 0x01, 0x02}));
        BlockData data = BlockData.newBuilder().addData(appended).build();
        Block forged = BlockBuilder.buildFromData(6, block.getHeader().getPreviousHash().toByteArray(), data)
                .toBuilder().setMetadata(block.getMetadata()).build();
        corrupt.set(6, forged);
        corrupt.set(7, corrupt.get(7).toBuilder().setHeader(corrupt.get(7).getHeader().toBuilder()
                .setPreviousHash(ByteString.copyFrom(BlockHashing.headerHash(forged.getHeader()))))
                .build());

        Report report = verify(write(corrupt));

        int trailing = CodedOutputStream.computeBytesSize(Envelope.SIGNATURE_FIELD_NUMBER, envelope.getSignature());
        // as Fabric's ledgerutil: BlockDataHash fails on the malformed transaction, so the header's hash matches nothing
        assertEquals(List.of(new BlockCheck(6, List.of("transaction 0 has " + trailing + " trailing bytes", ChainVerifier.DATA_HASH_MISMATCH))),
                report.erroneous());
    }

    @Test
    void garbageAppendedToATransactionIsAnInvalidTransactionAndADataHashMismatch() throws Exception {
        List<Block> corrupt = new ArrayList<>(blocks);
        Block block = corrupt.get(5);
        ByteString appended = block.getData().getData(0).concat(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff}));
        corrupt.set(5, block.toBuilder().setData(BlockData.newBuilder().addData(appended)).build());

        Report report = verify(write(corrupt));

        BlockCheck check = report.erroneous().get(0);
        assertEquals(5, check.blockNum());
        assertTrue(check.errors().get(0).startsWith("transaction 0 is invalid: "), check.errors().toString());
        assertEquals(ChainVerifier.DATA_HASH_MISMATCH, check.errors().get(1), "Fabric's order: the well-formedness error, then the hash");
        assertEquals(2, check.errors().size());
    }

    @Test
    void ledgerBootstrappedFromASnapshotStartsAfterTheSnapshotBlock() throws Exception {
        Path channel = tmp.resolve("ledgersData/chains/chains/snapchannel");
        TestChains.writeAll(channel, blocks.subList(5, 8));
        writeSnapshotInfo(channel, 4, BlockHashing.headerHash(blocks.get(4).getHeader()));

        Report good = verify(tmp);
        assertEquals("snapchannel", good.ledger());
        assertEquals(3, good.blocksRead());
        assertTrue(good.valid(), good.erroneous().toString());

        writeSnapshotInfo(channel, 4, new byte[32]);
        assertEquals(List.of(new BlockCheck(5, List.of(ChainVerifier.PREVIOUS_HASH_MISMATCH))), verify(tmp).erroneous());
    }

    private static void writeSnapshotInfo(Path channel, long lastBlockNum, byte[] lastBlockHash) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var coded = CodedOutputStream.newInstance(out);
        coded.writeUInt64(1, lastBlockNum);
        coded.writeByteArray(2, lastBlockHash);
        coded.writeByteArray(3, new byte[32]);
        coded.flush();
        Files.write(channel.resolve(SnapshotBootstrapInfo.FILE_NAME), out.toByteArray());
    }

    private Path write(List<Block> chain) throws Exception {
        Path channel = tmp.resolve("corrupt");
        TestChains.writeAll(channel, chain);
        return channel;
    }

    private static Report verify(Path path) throws Exception {
        List<FabricLedgerDirectory.ChannelLedger> ledgers = FabricLedgerDirectory.find(path);
        assertEquals(1, ledgers.size(), ledgers.toString());
        try (BlockSequence sequence = ledgers.get(0).open()) {
            return LedgerVerification.verify(sequence);
        }
    }
}
