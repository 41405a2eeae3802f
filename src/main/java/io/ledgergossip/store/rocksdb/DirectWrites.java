package io.ledgergossip.store.rocksdb;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether RocksDB writes its flushed and compacted table files with direct I/O (O_DIRECT), past
 * the page cache.
 *
 * <p>Every block a peer commits is written twice: once to the write-ahead log, then again when the
 * memtable is flushed to a table file. On the machines measured, copying bytes into the page
 * cache was the largest single cost of a catch-up: the kernel's copy took a fifth of both cores,
 * half of it for the flush. With direct I/O the flush hands its buffers to the disk instead; the
 * log, which must be synced at every commit, stays buffered. The files are the same files, only
 * the way they are written differs, so a store opens whichever way it was written.
 *
 * <p>Some file systems refuse O_DIRECT (tmpfs on older kernels, some network file systems); a
 * flush there would fail and stop the store. So the store's directory is asked first, by opening
 * a file of its own in it with O_DIRECT, and where that is refused the table files are written
 * through the page cache as before, and the log says so.
 */
final class DirectWrites {
    private static final Logger LOG = LoggerFactory.getLogger(DirectWrites.class);
    /** The probe file's name starts with this; it is created in the store's directory and removed at once. */
    static final String PROBE_PREFIX = ".ledger-gossip-direct-io-probe";

    private DirectWrites() {}

    /** True when a file in {@code dir} (an existing directory) can be opened for writing with O_DIRECT. */
    static boolean supportedIn(Path dir) {
        Path probe;
        try {
            probe = Files.createTempFile(dir, PROBE_PREFIX, "");
        } catch (IOException e) {
            return false; // RocksDB will say why the directory cannot be written
        }
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("{}: the file system refuses direct I/O ({}); table files are written through the page cache", dir,
                    e.getMessage());
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                LOG.warn("{}: could not remove the direct I/O probe {}: {}", dir, probe.getFileName(), e.getMessage());
            }
        }
    }
}
