package io.ledgergossip.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.ledger.BlockCheck;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ChainVerifier;
import io.ledgergossip.store.RunningStateHash;
import io.ledgergossip.store.StateWrite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.hyperledger.fabric.protos.common.Common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KvRwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KvRwset.KVWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real separate JVM appends blocks in a loop and is killed with SIGKILL at random moments; after
 * every kill the store must reopen with a gap-free, verifiable chain 0..h-1, nothing beyond h,
 * and a world state and state hash that are exactly those of blocks 0..h-1.
 */
class StoreCrashTest {
    private static final int KILLS = 24;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void survivesRepeatedSigkillDuringAppends() throws Exception {
        survivesRepeatedSigkill("synced", KILLS);
    }

    /** Appends whose sync is deferred to the store's syncer: a kill loses only runs not yet reported durable, and whole. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void survivesRepeatedSigkillDuringDeferredSyncs() throws Exception {
        survivesRepeatedSigkill("deferred", KILLS / 2);
    }

    /** Deferred runs where most skip the write-ahead log (flushed instead) and single blocks are logged between them. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void survivesRepeatedSigkillDuringUnloggedRunsAndTheirFlushes() throws Exception {
        survivesRepeatedSigkill("unlogged", KILLS / 2);
    }

    private void survivesRepeatedSigkill(String mode, int kills) throws Exception {
        Path dir = tmp.resolve("store");
        SplittableRandom random = new SplittableRandom(20261124);
        long previousHeight = 0;
        for (int kill = 0; kill < kills; kill++) {
            long killedAt = runAndKill(dir, kill, 1 + random.nextInt(40), mode);
            long height = checkStore(dir);
            assertTrue(height >= previousHeight, "height went back from " + previousHeight + " to " + height);
            assertTrue(height >= killedAt, "lost acknowledged blocks: child reported " + killedAt + ", store has " + height);
            previousHeight = height;
        }
        assertTrue(previousHeight > kills, "the children appended only " + previousHeight + " blocks");
    }

    /** Starts the child, lets it append {@code appends} blocks past its start, kills it; returns the last height it reported. */
    private long runAndKill(Path dir, int seed, int appends, String mode) throws Exception {
        Process child = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                CrashingAppender.class.getName(), dir.toString(), Integer.toString(seed), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long reported;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertNotNull(ready, "child exited before it was ready");
            long start = Long.parseLong(ready.substring("ready ".length()));
            reported = start;
            while (reported < start + appends) { // heights reported as durable
                String line = out.readLine();
                assertNotNull(line, "child exited on its own at height " + reported);
                reported = Long.parseLong(line);
            }
            child.destroyForcibly(); // SIGKILL: the child is somewhere inside its next append
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child did not exit");
        assertEquals(137, child.exitValue(), "child was not ended by SIGKILL");
        return reported;
    }

    private static long checkStore(Path dir) throws Exception {
        try (RocksLedgerStore store = RocksLedgerStore.open(dir)) {
            long height = store.height();
            assertEquals(height == 0 ? OptionalLong.empty() : OptionalLong.of(height - 1),
                    store.database().lastBlockNumber(), "the last block held is not block height-1");
            ChainVerifier verifier = ChainVerifier.fromGenesis();
            byte[] stateHash = RunningStateHash.INITIAL;
            Map<String, byte[]> state = new HashMap<>();
            long count = 0;
            try (Stream<Block> blocks = store.blocks(0, height)) {
                for (Block block : (Iterable<Block>) blocks::iterator) {
                    BlockCheck check = verifier.check(block);
                    assertTrue(check.valid(), check.toString());
                    List<StateWrite> writes = writesOf(block);
                    stateHash = RunningStateHash.next(stateHash, block.getHeader().getNumber(), writes);
                    writes.forEach(w -> state.put(w.key(), w.value()));
                    count++;
                }
            }
            assertEquals(height, count, "blocks 0..h-1 are not all present");
            assertArrayEquals(stateHash, store.stateHash(), "state hash is not that of blocks 0.." + (height - 1));
            byte[] head = height == 0 ? new byte[0] : BlockHashing.headerHash(store.block(height - 1).orElseThrow().getHeader());
            assertArrayEquals(head, store.lastHeaderHash());
            for (Map.Entry<String, byte[]> e : state.entrySet()) {
                assertArrayEquals(e.getValue(), store.state(e.getKey()).orElseThrow(), "world state of " + e.getKey());
            }
            return height;
        }
    }

    /** The state writes a sample block's transactions carry in their KVRWSets. */
    private static List<StateWrite> writesOf(Block block) throws Exception {
        List<StateWrite> writes = new ArrayList<>();
        for (var raw : block.getData().getDataList()) {
            KVRWSet rwset = KVRWSet.parseFrom(Payload.parseFrom(Envelope.parseFrom(raw).getPayload()).getData());
            for (KVWrite w : rwset.getWritesList()) {
                writes.add(StateWrite.put(w.getKey(), w.getValue().toByteArray()));
            }
        }
        return writes;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
