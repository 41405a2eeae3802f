package io.ledgergossip.ledger;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fabric's {@code bootstrappingSnapshot.info}: written into a channel's block directory when the
 * ledger was started from a snapshot, so that its first block is not block 0.
 *
 * <p>Fabric's message {@code msgs.bootstrappingSnapshotInfo} (common/ledger/blkstorage): field 1
 * {@code lastBlockNum} (uint64), field 2 {@code lastBlockHash}, field 3 {@code previousBlockHash}.
 * The SDK does not ship it, so it is decoded here field by field.
 */
public record SnapshotBootstrapInfo(long lastBlockNum, byte[] lastBlockHash, byte[] previousBlockHash) {
    public static final String FILE_NAME = "bootstrappingSnapshot.info";
    private static final int MAX_FILE_BYTES = 4096;

    public static SnapshotBootstrapInfo read(Path file) throws IOException, LedgerFormatException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new LedgerFormatException(file + ": too large for a " + FILE_NAME, false);
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    static SnapshotBootstrapInfo parse(byte[] bytes, String where) throws LedgerFormatException {
        long lastBlockNum = 0;
        byte[] lastBlockHash = new byte[0];
        byte[] previousBlockHash = new byte[0];
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | WireFormat.WIRETYPE_VARINT -> lastBlockNum = in.readUInt64();
                    case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> lastBlockHash = in.readByteArray();
                    case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> previousBlockHash = in.readByteArray();
                    default -> in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerFormatException(where + ": not a valid " + FILE_NAME + ": " + e.getMessage(), false);
        } catch (IOException e) {
            throw new LedgerFormatException(where + ": unreadable " + FILE_NAME + ": " + e.getMessage(), false);
        }
        return new SnapshotBootstrapInfo(lastBlockNum, lastBlockHash, previousBlockHash);
    }
}
