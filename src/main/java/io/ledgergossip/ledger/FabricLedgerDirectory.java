package io.ledgergossip.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Finds the channel ledgers in a Fabric peer's file system layout and reads each one as a
 * {@link BlockSequence}.
 *
 * <p>Accepted starting points, as an operator would point at them: the peer's file system path
 * (holding {@code ledgersData}), {@code ledgersData} itself, its {@code chains} or
 * {@code chains/chains} directory, one channel directory (holding {@code blockfile_NNNNNN}), or a
 * single block file.
 */
public final class FabricLedgerDirectory {
    public static final String BLOCKFILE_PREFIX = "blockfile_";
    private static final Pattern BLOCKFILE = Pattern.compile("blockfile_(\\d{6,})");

    private FabricLedgerDirectory() {}

    public static String blockFileName(int number) {
        return String.format("%s%06d", BLOCKFILE_PREFIX, number);
    }

    /** Whether {@code name} is a block file's name ({@code blockfile_NNNNNN}). */
    public static boolean isBlockFileName(String name) {
        return BLOCKFILE.matcher(name).matches();
    }

    /** Path of a channel's block directory under a peer's file system path. */
    public static Path channelDir(Path peerFileSystemPath, String channel) {
        return peerFileSystemPath.resolve("ledgersData").resolve("chains").resolve("chains").resolve(channel);
    }

    /**
     * The channel ledgers found at {@code path}, sorted by name; empty when there are none.
     *
     * @throws IOException when the path does not exist or cannot be listed
     */
    public static List<ChannelLedger> find(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + " does not exist");
        }
        if (Files.isRegularFile(path)) {
            return List.of(new ChannelLedger(path.toString(), List.of(path), null));
        }
        for (Path candidate : List.of(path.resolve("ledgersData/chains/chains"), path.resolve("chains/chains"),
                path.resolve("chains"), path)) {
            if (Files.isDirectory(candidate)) {
                List<ChannelLedger> found = channelsIn(candidate);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        Optional<ChannelLedger> single = channelAt(path);
        return single.map(List::of).orElse(List.of());
    }

    private static List<ChannelLedger> channelsIn(Path dir) throws IOException {
        List<ChannelLedger> result = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                channelAt(child).ifPresent(result::add);
            }
        }
        return result;
    }

    /** The channel ledger whose block files are directly in {@code dir}, if any. */
    public static Optional<ChannelLedger> channelAt(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> children = Files.list(dir)) {
            files = children.filter(p -> isBlockFileName(p.getFileName().toString()))
                    .sorted(Comparator.comparingLong(FabricLedgerDirectory::fileNumber))
                    .toList();
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path info = dir.resolve(SnapshotBootstrapInfo.FILE_NAME);
        return Optional.of(new ChannelLedger(dir.getFileName().toString(), files, Files.exists(info) ? info : null));
    }

    /** The number in a block file's name, or {@link Long#MAX_VALUE} for any other name. */
    public static long fileNumber(Path file) {
        Matcher m = BLOCKFILE.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    /** One channel's block files, in order, and its snapshot bootstrap info if it has one. */
    public record ChannelLedger(String name, List<Path> blockFiles, Path snapshotInfo) {
        public ChannelLedger {
            blockFiles = List.copyOf(blockFiles);
        }

        public BlockSequence open() throws IOException, LedgerFormatException {
            SnapshotBootstrapInfo snapshot = snapshotInfo == null ? null : SnapshotBootstrapInfo.read(snapshotInfo);
            return new FileSequence(this, snapshot);
        }
    }

    private static final class FileSequence implements BlockSequence {
        private final ChannelLedger ledger;
        private final SnapshotBootstrapInfo snapshot;
        private int nextFile;
        private BlockFileReader reader;

        FileSequence(ChannelLedger ledger, SnapshotBootstrapInfo snapshot) {
            this.ledger = ledger;
            this.snapshot = snapshot;
        }

        @Override
        public String name() {
            return ledger.name();
        }

        @Override
        public long firstBlockNumber() {
            return snapshot == null ? 0 : snapshot.lastBlockNum() + 1;
        }

        @Override
        public byte[] previousHeaderHash() {
            return snapshot == null ? null : snapshot.lastBlockHash().clone();
        }

        @Override
        public Optional<Block> next() throws IOException, LedgerFormatException {
            while (true) {
                if (reader == null) {
                    if (nextFile == ledger.blockFiles().size()) {
                        return Optional.empty();
                    }
                    reader = BlockFileReader.open(ledger.blockFiles().get(nextFile++));
                }
                Optional<Block> block = reader.next();
                if (block.isPresent()) {
                    return block;
                }
                reader.close();
                reader = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
