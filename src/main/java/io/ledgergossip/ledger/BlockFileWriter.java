package io.ledgergossip.ledger;

import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntFunction;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Writes blocks into a Fabric channel directory as {@code blockfile_NNNNNN} files, each block
 * preceded by its varint length and laid out as Fabric's block store does
 * ({@link FabricBlockSerialization}), starting a new file when the current one would pass the
 * maximum file size (Fabric's {@code ledger.blockchain.maxBlockfileSize}, 64 MiB by default).
 */
public final class BlockFileWriter implements AutoCloseable {
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final IntFunction<Path> fileFor;
    private final long maxFileBytes;
    private final boolean sync;
    private int fileNumber;
    private long fileBytes;
    private boolean resumeFirst;
    private FileChannel channel;
    private OutputStream out;

    private BlockFileWriter(IntFunction<Path> fileFor, long maxFileBytes, boolean sync, int fileNumber, long fileBytes,
            boolean resumeFirst) {
        this.fileFor = fileFor;
        this.maxFileBytes = maxFileBytes;
        this.sync = sync;
        this.fileNumber = fileNumber;
        this.fileBytes = fileBytes;
        this.resumeFirst = resumeFirst;
    }

    /** Creates the channel directory; refuses one that already holds block files. */
    public static BlockFileWriter create(Path channelDir, long maxFileBytes) throws IOException {
        Files.createDirectories(channelDir);
        try (var existing = Files.list(channelDir)) {
            if (existing.anyMatch(p -> p.getFileName().toString().startsWith(FabricLedgerDirectory.BLOCKFILE_PREFIX))) {
                throw new IOException(channelDir + " already holds block files");
            }
        }
        return new BlockFileWriter(n -> channelDir.resolve(FabricLedgerDirectory.blockFileName(n)), maxFileBytes, false, -1, 0, false);
    }

    public static BlockFileWriter create(Path channelDir) throws IOException {
        return create(channelDir, DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * Goes on with a block file that already holds {@code fileBytes} bytes of blocks, as Fabric's
     * block store goes on after a restart: the next block goes into it unless the size limit says
     * to roll. Each file is opened at {@code fileFor(number)} (the first one to append, the others
     * created new), and forced to disk before the writer moves on and when it closes.
     */
    public static BlockFileWriter resume(IntFunction<Path> fileFor, int fileNumber, long fileBytes, long maxFileBytes) {
        return new BlockFileWriter(fileFor, maxFileBytes, true, fileNumber, fileBytes, true);
    }

    /** Number of the file the last block went into (or that a resumed writer goes on with). */
    public int fileNumber() {
        return fileNumber;
    }

    public void append(Block block) throws IOException {
        byte[] bytes = FabricBlockSerialization.serialize(block);
        int prefix = CodedOutputStream.computeUInt32SizeNoTag(bytes.length);
        long recordBytes = prefix + (long) bytes.length;
        if (fileBytes > 0 && fileBytes + recordBytes > maxFileBytes) {
            rollFile(); // Fabric's rule (blockfile_mgr.go:addBlock): a block that would pass the limit starts a new file
        } else if (out == null) {
            openFile(resumeFirst);
        }
        CodedOutputStream coded = CodedOutputStream.newInstance(out, prefix);
        coded.writeUInt32NoTag(bytes.length);
        coded.flush();
        out.write(bytes);
        fileBytes += recordBytes;
    }

    private void rollFile() throws IOException {
        finishFile();
        fileNumber++;
        fileBytes = 0;
        openFile(false);
    }

    private void openFile(boolean append) throws IOException {
        if (fileNumber < 0) {
            fileNumber = 0;
        }
        Path file = fileFor.apply(fileNumber);
        channel = append ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        resumeFirst = false;
    }

    private void finishFile() throws IOException {
        if (out == null) {
            return;
        }
        out.flush();
        if (sync) {
            channel.force(true);
        }
        out.close();
        out = null;
    }

    @Override
    public void close() throws IOException {
        finishFile();
    }
}
