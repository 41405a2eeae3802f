package io.ledgergossip.ledger;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Reads one Fabric block file: each block is preceded by its length as a protobuf varint and laid
 * out as {@link FabricBlockSerialization} describes.
 *
 * <p>The file is untrusted: a length is checked against the configured maximum and against the
 * bytes actually left in the file before anything is allocated, so a forged length can cost
 * neither memory nor a hang.
 */
public final class BlockFileReader implements AutoCloseable {
    /** Largest block we accept from a file: Fabric's orderers cap blocks at 100 MB by default. */
    public static final int DEFAULT_MAX_BLOCK_BYTES = 128 * 1024 * 1024;

    private static final int MAX_VARINT_BYTES = 10;

    private final String fileName;
    private final DataInputStream in;
    private final long fileSize;
    private final int maxBlockBytes;
    private long offset;

    private BlockFileReader(String fileName, InputStream in, long fileSize, int maxBlockBytes) {
        this.fileName = fileName;
        this.in = new DataInputStream(in);
        this.fileSize = fileSize;
        this.maxBlockBytes = maxBlockBytes;
    }

    public static BlockFileReader open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_BLOCK_BYTES);
    }

    public static BlockFileReader open(Path file, int maxBlockBytes) throws IOException {
        long size = Files.size(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new BlockFileReader(file.getFileName().toString(), in, size, maxBlockBytes);
    }

    /** Reads from any stream whose total length is known (tests, network captures). */
    public static BlockFileReader of(String name, InputStream in, long size, int maxBlockBytes) {
        return new BlockFileReader(name, in, size, maxBlockBytes);
    }

    /** Byte offset of the next record in the file. */
    public long offset() {
        return offset;
    }

    /** Skips {@code bytes} bytes (to a record's offset found earlier); returns how many it skipped. */
    public long skip(long bytes) throws IOException {
        long skipped = 0;
        while (skipped < bytes) {
            long n = in.skip(bytes - skipped);
            if (n <= 0) {
                break;
            }
            skipped += n;
        }
        offset += skipped;
        return skipped;
    }

    /**
     * The next block, or empty at a clean end of file.
     *
     * @throws TruncatedBlockException when the file ends inside a length prefix or a block
     * @throws LedgerFormatException when a length is malformed or too large, or a block does not
     *     parse (then {@link LedgerFormatException#framingIntact()} is true and reading may go on)
     */
    public Optional<Block> next() throws IOException, LedgerFormatException {
        long recordOffset = offset;
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        offset++;
        long length = readVarintRest(first, recordOffset);
        long left = fileSize - offset;
        if (length == 0) {
            throw zeroRecord(recordOffset);
        }
        if (length > maxBlockBytes) {
            throw new LedgerFormatException(where(recordOffset) + ": block length " + Long.toUnsignedString(length)
                    + " exceeds the limit of " + maxBlockBytes + " bytes", false);
        }
        if (length > left) {
            throw new TruncatedBlockException(where(recordOffset) + ": truncated block: needs " + length
                    + " bytes, the file has " + left + " left");
        }
        byte[] bytes = new byte[(int) length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new TruncatedBlockException(where(recordOffset) + ": truncated block: file shorter than its size");
        }
        offset += length;
        return Optional.of(FabricBlockSerialization.deserialize(bytes, where(recordOffset)));
    }

    private long readVarintRest(int first, long recordOffset) throws IOException, LedgerFormatException {
        long value = first & 0x7f;
        int b = first;
        int shift = 7;
        int count = 1;
        while ((b & 0x80) != 0) {
            if (count == MAX_VARINT_BYTES) {
                throw new LedgerFormatException(where(recordOffset) + ": malformed block length prefix", false);
            }
            b = in.read();
            if (b < 0) {
                throw new TruncatedBlockException(where(recordOffset) + ": truncated block length prefix");
            }
            offset++;
            count++;
            value |= (long) (b & 0x7f) << shift;
            shift += 7;
        }
        if (value < 0) {
            throw new LedgerFormatException(where(recordOffset) + ": malformed block length prefix", false);
        }
        return value;
    }

    /**
     * A record of length 0 is never a Fabric block. When the file holds only zeros from there on,
     * it is the tail of a write a crash cut short (the file system extended the file, the data
     * never came); either way the framing is lost.
     */
    private LedgerFormatException zeroRecord(long recordOffset) throws IOException {
        long zeros = 1;
        byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = in.read(chunk)) > 0) {
            for (int i = 0; i < n; i++) {
                if (chunk[i] != 0) {
                    return new LedgerFormatException(where(recordOffset) + ": a block length of 0, followed by non-zero data: "
                            + "not a Fabric block record", false);
                }
            }
            zeros += n;
            offset += n;
        }
        return new LedgerFormatException(where(recordOffset) + ": " + zeros + " zero bytes up to the end of the file instead of "
                + "blocks (the tail of a write that a crash cut short)", false);
    }

    private String where(long recordOffset) {
        return fileName + " offset " + recordOffset;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
