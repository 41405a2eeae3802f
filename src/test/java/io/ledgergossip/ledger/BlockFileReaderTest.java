package io.ledgergossip.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.testing.TestChains;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;

/** Block files are hostile input: forged lengths, cut files and garbage end in a clear error. */
class BlockFileReaderTest {
    private static final int LIMIT = 1 << 20;

    @Test
    void roundTripsBlocksThroughFabricsLayout() throws Exception {
        var chain = TestChains.sample(3, 2, 100);
        for (var b : chain) {
            byte[] bytes = FabricBlockSerialization.serialize(b.block());
            assertEquals(b.block(), FabricBlockSerialization.deserialize(bytes, "test"));
        }
    }

    @Test
    void lengthBeyondTheLimitIsRejectedBeforeAllocating() {
        // varint for 2^40 bytes
        byte[] file = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20};
        LedgerFormatException e = assertThrows(LedgerFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
        assertFalse(e.framingIntact());
    }

    @Test
    void lengthBeyondTheEndOfFileIsTruncation() {
        byte[] file = {0x10, 0x00, 0x00};
        TruncatedBlockException e = assertThrows(TruncatedBlockException.class, () -> read(file));
        assertTrue(e.getMessage().contains("needs 16 bytes, the file has 2 left"), e.getMessage());
    }

    @Test
    void cutLengthPrefixIsTruncation() {
        assertThrows(TruncatedBlockException.class, () -> read(new byte[] {(byte) 0x80}));
    }

    @Test
    void overlongVarintIsMalformed() {
        byte[] file = new byte[12];
        Arrays.fill(file, (byte) 0xff);
        LedgerFormatException e = assertThrows(LedgerFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("malformed block length prefix"), e.getMessage());
    }

    @Test
    void countLargerThanTheRecordIsRejected() {
        // number 0, empty data hash, empty previous hash, then 100 transactions in 1 byte
        byte[] record = {0x00, 0x00, 0x00, 0x64, 0x00};
        byte[] file = new byte[record.length + 1];
        file[0] = (byte) record.length;
        System.arraycopy(record, 0, file, 1, record.length);
        LedgerFormatException e = assertThrows(LedgerFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("length of block data is 100 but only 1 bytes are left"), e.getMessage());
        assertTrue(e.framingIntact());
    }

    @Test
    void trailingBytesAfterMetadataAreRejected() {
        byte[] record = {0x00, 0x00, 0x00, 0x00, 0x00, 0x7f};
        byte[] file = new byte[record.length + 1];
        file[0] = (byte) record.length;
        System.arraycopy(record, 0, file, 1, record.length);
        LedgerFormatException e = assertThrows(LedgerFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("1 trailing bytes after the block metadata"), e.getMessage());
    }

    @Test
    void randomBytesEndInTheProjectsErrorOrAValidBlockNeverAnotherException() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 20_000; i++) {
            byte[] file = new byte[random.nextInt(64)];
            random.nextBytes(file);
            if (file.length > 0 && random.nextBoolean()) {
                file[0] = (byte) random.nextInt(file.length); // a plausible length prefix
            }
            try {
                read(file);
            } catch (LedgerFormatException expected) {
                // the one allowed failure
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("input " + HexFormat.of().formatHex(file) + " threw " + e, e);
            }
        }
    }

    private static int read(byte[] file) throws IOException, LedgerFormatException {
        int blocks = 0;
        try (BlockFileReader reader = BlockFileReader.of("test", new ByteArrayInputStream(file), file.length, LIMIT)) {
            Optional<Block> next;
            while ((next = reader.next()).isPresent()) {
                blocks++;
            }
        }
        return blocks;
    }
}
