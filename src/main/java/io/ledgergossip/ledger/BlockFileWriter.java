package io.ledgergossip.ledger;

import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Writes blocks into a Fabric channel directory as {@code blockfile_NNNNNN} files, each block
 * preceded by its varint length and laid out as Fabric's block store does
 * ({@link FabricBlockSerialization}), starting a new file when the current one would pass the
 * maximum file size (Fabric's {@code ledger.blockchain.maxBlockfileSize}, 64 MiB by default).
 */
public final class BlockFileWriter implements AutoCloseable {
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final Path channelDir;
    private final long maxFileBytes;
    private int fileNumber = -1;
    private long fileBytes;
    private OutputStream out;

    private BlockFileWriter(Path channelDir, long maxFileBytes) {
        this.channelDir = channelDir;
        this.maxFileBytes = maxFileBytes;
    }

    /** Creates the channel directory; refuses one that already holds block files. */
    public static BlockFileWriter create(Path channelDir, long maxFileBytes) throws IOException {
        Files.createDirectories(channelDir);
        try (var existing = Files.list(channelDir)) {
            if (existing.anyMatch(p -> p.getFileName().toString().startsWith(FabricLedgerDirectory.BLOCKFILE_PREFIX))) {
                throw new IOException(channelDir + " already holds block files");
            }
        }
        return new BlockFileWriter(channelDir, maxFileBytes);
    }

    public static BlockFileWriter create(Path channelDir) throws IOException {
        return create(channelDir, DEFAULT_MAX_FILE_BYTES);
    }

    public void append(Block block) throws IOException {
        byte[] bytes = FabricBlockSerialization.serialize(block);
        int prefix = CodedOutputStream.computeUInt32SizeNoTag(bytes.length);
        long recordBytes = prefix + (long) bytes.length;
        if (out == null || (fileBytes > 0 && fileBytes + recordBytes > maxFileBytes)) {
            rollFile();
        }
        CodedOutputStream coded = CodedOutputStream.newInstance(out, prefix);
        coded.writeUInt32NoTag(bytes.length);
        coded.flush();
        out.write(bytes);
        fileBytes += recordBytes;
    }

    private void rollFile() throws IOException {
        if (out != null) {
            out.close();
        }
        fileNumber++;
        Path file = channelDir.resolve(FabricLedgerDirectory.blockFileName(fileNumber));
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 16);
        fileBytes = 0;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
