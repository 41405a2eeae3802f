package io.ledgergossip.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.testing.TestChains;
import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;

class DirectWritesTest {
    @TempDir
    Path tmp;

    private final List<BlockWithWrites> chain = TestChains.sample(40, 3, 40_000);

    @Test
    void tablesAreWrittenPastThePageCacheWhereTheFileSystemAllowsItAndReadBackTheSame() throws Exception {
        Path dir = tmp.resolve("s");
        boolean direct = DirectWrites.supportedIn(Files.createDirectories(tmp.resolve("probe-here"))); // true on ext4 and xfs
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            for (BlockWithWrites b : chain) {
                store.append(b.block(), b.writes());
            }
            try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
                store.database().flush(wait, store.database().blocks()); // a table file written with direct I/O
            }
        }
        String options;
        try (Stream<Path> files = Files.list(dir)) {
            Path latest = files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).sorted().reduce((a, b) -> b).orElseThrow();
            options = Files.readString(latest);
        }
        assertTrue(options.contains("use_direct_io_for_flush_and_compaction=" + direct), "table writes as the probe found: " + direct);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(DirectWrites.PROBE_PREFIX)), "the probe is gone");
        }
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) { // checksums of every table verified on open
            assertEquals(chain.size(), store.height());
            for (BlockWithWrites b : chain) {
                assertEquals(b.block(), store.block(b.block().getHeader().getNumber()).orElseThrow());
            }
        }
    }

    @Test
    void aProbeLeftByACrashDuringTheFirstOpenDoesNotMakeTheDirectoryAForeignOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("s"));
        Files.write(dir.resolve(DirectWrites.PROBE_PREFIX + "12345"), new byte[0]);
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            store.append(chain.get(0).block(), chain.get(0).writes());
            assertEquals(1, store.height());
        }
    }
}
