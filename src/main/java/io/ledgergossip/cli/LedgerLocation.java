package io.ledgergossip.cli;

import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A ledger found under a path {@code verify} was given: a Fabric channel directory (block files)
 * or a ledger-gossip store (a RocksDB database, damaged or not). The search goes down a bounded
 * number of levels, does not follow symbolic links, and does not look inside a ledger it found.
 */
record LedgerLocation(Path dir, FabricLedgerDirectory.ChannelLedger channel) {
    /** Levels below the given path searched: a tree of peers, each with ledgersData/chains/chains/CHANNEL, fits. */
    static final int MAX_DEPTH = 8;
    /** Directories looked at, at most: a path that is the root of a large tree is not searched whole. */
    static final int MAX_DIRECTORIES = 100_000;

    static List<LedgerLocation> search(Path root) throws IOException {
        List<LedgerLocation> found = new ArrayList<>();
        int[] visited = {0};
        walk(root, 0, found, visited);
        return found;
    }

    private static void walk(Path dir, int depth, List<LedgerLocation> found, int[] visited) throws IOException {
        if (++visited[0] > MAX_DIRECTORIES) {
            throw new IOException(dir + ": more than " + MAX_DIRECTORIES + " directories searched for ledgers; give a path closer to them");
        }
        if (RocksLedgerStore.holdsStore(dir)) {
            found.add(new LedgerLocation(dir, null));
            return;
        }
        Optional<FabricLedgerDirectory.ChannelLedger> channel = FabricLedgerDirectory.channelAt(dir);
        if (channel.isPresent()) {
            found.add(new LedgerLocation(dir, channel.get()));
            return;
        }
        if (depth == MAX_DEPTH) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            if (depth == 0) {
                throw e;
            }
            return; // an unreadable directory below the given path holds nothing we can verify
        }
        for (Path child : children) {
            walk(child, depth + 1, found, visited);
        }
    }

    /** Its channel (or store directory) name, or its path from the root when another ledger found has the same name. */
    String displayName(List<LedgerLocation> all, Path root) {
        String simple = simpleName();
        long same = all.stream().filter(l -> l.simpleName().equals(simple)).count();
        if (same == 1) {
            return simple;
        }
        Path relative = root.relativize(dir);
        return relative.toString().isEmpty() ? simple : relative.toString();
    }

    private String simpleName() {
        return channel != null ? channel.name() : dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }
}
