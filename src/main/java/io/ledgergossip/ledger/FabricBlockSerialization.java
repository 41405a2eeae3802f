package io.ledgergossip.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.BlockHeader;
import org.hyperledger.fabric.protos.common.Common.BlockMetadata;

/**
 * How Fabric's block store lays a block out inside a block file (common/ledger/blkstorage,
 * block_serialization.go). It is not the block's protobuf encoding but a sequence of varints and
 * length-prefixed byte strings:
 *
 * <pre>
 *   varint number | bytes data_hash | bytes previous_hash          (header)
 *   varint count  | count x bytes envelope                         (data)
 *   varint count  | count x bytes metadata entry                   (metadata)
 *   where "bytes" = varint length followed by that many bytes
 * </pre>
 *
 * <p>The decoder is strict where the input is hostile: every count and length is checked against
 * the bytes left before anything is allocated, and bytes left over after the metadata are an
 * error.
 */
public final class FabricBlockSerialization {
    private FabricBlockSerialization() {}

    public static byte[] serialize(Block block) {
        BlockHeader header = block.getHeader();
        int size = CodedOutputStream.computeUInt64SizeNoTag(header.getNumber())
                + CodedOutputStream.computeBytesSizeNoTag(header.getDataHash())
                + CodedOutputStream.computeBytesSizeNoTag(header.getPreviousHash())
                + CodedOutputStream.computeUInt32SizeNoTag(block.getData().getDataCount())
                + CodedOutputStream.computeUInt32SizeNoTag(block.getMetadata().getMetadataCount());
        for (ByteString entry : block.getData().getDataList()) {
            size += CodedOutputStream.computeBytesSizeNoTag(entry);
        }
        for (ByteString entry : block.getMetadata().getMetadataList()) {
            size += CodedOutputStream.computeBytesSizeNoTag(entry);
        }
        byte[] out = new byte[size];
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            coded.writeUInt64NoTag(header.getNumber());
            coded.writeBytesNoTag(header.getDataHash());
            coded.writeBytesNoTag(header.getPreviousHash());
            coded.writeUInt32NoTag(block.getData().getDataCount());
            for (ByteString entry : block.getData().getDataList()) {
                coded.writeBytesNoTag(entry);
            }
            coded.writeUInt32NoTag(block.getMetadata().getMetadataCount());
            for (ByteString entry : block.getMetadata().getMetadataList()) {
                coded.writeBytesNoTag(entry);
            }
            coded.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("writing into an array of the computed size cannot fail", e);
        }
        return out;
    }

    /**
     * @param where names the record in error messages (file and offset)
     * @throws LedgerFormatException when the bytes are not a serialized block; the caller's
     *     framing is intact, since the record's own length was already known
     */
    public static Block deserialize(byte[] bytes, String where) throws LedgerFormatException {
        Cursor in = new Cursor(bytes, where);
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(in.varint("block number"))
                .setDataHash(in.bytes("data hash"))
                .setPreviousHash(in.bytes("previous hash"))
                .build();
        BlockData.Builder data = BlockData.newBuilder();
        long txCount = in.count("block data");
        for (long i = 0; i < txCount; i++) {
            data.addData(in.bytes("transaction envelope " + i));
        }
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        long metadataCount = in.count("block metadata");
        for (long i = 0; i < metadataCount; i++) {
            metadata.addMetadata(in.bytes("metadata entry " + i));
        }
        if (in.left() > 0) {
            throw new LedgerFormatException(where + ": " + in.left() + " trailing bytes after the block metadata", true);
        }
        return Block.newBuilder().setHeader(header).setData(data).setMetadata(metadata).build();
    }

    /** A bounds-checked reader over one record. */
    private static final class Cursor {
        private final byte[] bytes;
        private final String where;
        private int position;

        Cursor(byte[] bytes, String where) {
            this.bytes = bytes;
            this.where = where;
        }

        int left() {
            return bytes.length - position;
        }

        long varint(String what) throws LedgerFormatException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position == bytes.length) {
                    throw error("truncated " + what);
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw error("malformed varint in " + what);
        }

        /** A count of entries that each take at least one byte, so it can never exceed the bytes left. */
        long count(String what) throws LedgerFormatException {
            long count = varint("length of " + what);
            if (count < 0 || count > left()) {
                throw error("length of " + what + " is " + Long.toUnsignedString(count) + " but only " + left()
                        + " bytes are left");
            }
            return count;
        }

        ByteString bytes(String what) throws LedgerFormatException {
            long length = varint("length of " + what);
            if (length < 0 || length > left()) {
                throw error(what + " claims " + Long.toUnsignedString(length) + " bytes but only " + left()
                        + " are left");
            }
            ByteString value = UnsafeByteOperations.unsafeWrap(bytes, position, (int) length);
            position += (int) length;
            return value;
        }

        private LedgerFormatException error(String message) {
            return new LedgerFormatException(where + ": not a valid block: " + message, true);
        }
    }
}
