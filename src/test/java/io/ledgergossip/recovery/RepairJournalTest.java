package io.ledgergossip.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.testing.LedgerDamage;
import io.ledgergossip.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol of a repair, driven to each point a crash can stop it at: before the
 * journal (only hidden staged files exist: they are removed and the repair starts over), after it
 * (the next run finishes the renames), and a journal that was tampered with (refused, nothing
 * touched).
 */
class RepairJournalTest {
    @TempDir
    Path tmp;

    Path source;
    Path dir;
    Map<String, byte[]> pristine;

    @BeforeEach
    void ledgers() throws Exception {
        source = LedgerDamage.copy(SharedFixtures.fabricSampleProd(), tmp.resolve("source/sample_prod"));
        pristine = LedgerDamage.files(source);
        dir = LedgerDamage.copy(source, tmp.resolve("peer/sample_prod"));
        List<Long> records = LedgerDamage.recordOffsets(dir.resolve("blockfile_000000"));
        LedgerDamage.truncate(dir.resolve("blockfile_000000"), records.get(6) + 10);
    }

    RepairOutcome repair() throws Exception {
        try (BlockSupply supply = new LedgerCopySupply(FabricLedgerDirectory.channelAt(source).orElseThrow())) {
            return new LedgerRepair(dir, supply, null, tmp.resolve("backups"), BlockFileWriter.DEFAULT_MAX_FILE_BYTES, false).run();
        }
    }

    @Test
    void stagedFilesOfARepairKilledBeforeItsCommitAreRemovedAndTheRepairDoneAgain() throws Exception {
        Files.write(RepairFiles.staged(dir, 0), new byte[] {1, 2, 3}); // half a staged file
        Files.write(RepairFiles.staged(dir, 1), new byte[0]);
        RepairOutcome outcome = repair();
        assertEquals(2, outcome.discardedLeftovers());
        assertFalse(outcome.finishedInterrupted());
        assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(dir)));
    }

    @Test
    void aRepairKilledAfterItsCommitIsFinishedByTheNextRun() throws Exception {
        Files.copy(source.resolve("blockfile_000000"), RepairFiles.staged(dir, 0));
        RepairJournal.commit(dir, List.of(new RepairJournal.Step("replace", RepairFiles.staged(dir, 0).getFileName().toString(),
                "blockfile_000000")));
        RepairOutcome outcome = repair();
        assertTrue(outcome.finishedInterrupted());
        assertFalse(outcome.changed(), "after finishing, nothing was left to repair");
        assertNull(LedgerDamage.difference(pristine, LedgerDamage.files(dir)), "no journal, no staged file left");
    }

    @Test
    void aJournalThatNamesAnythingButTheRepairsOwnFilesIsRefusedAndNothingIsTouched() throws Exception {
        Files.writeString(tmp.resolve("peer/precious"), "an operator's file");
        for (String line : List.of("replace ../precious blockfile_000000", "delete ../precious", "delete blockfile_000000/../x",
                "replace .ledger-gossip-recover.blockfile_000001 blockfile_000000", "rename a b")) {
            Files.writeString(RepairJournal.path(dir), "ledger-gossip recover journal 1\n" + line + "\n");
            Map<String, byte[]> before = LedgerDamage.files(dir);
            IOException refused = assertThrows(IOException.class, this::repair, line);
            assertTrue(refused.getMessage().contains("malformed line"), refused.getMessage());
            assertNull(LedgerDamage.difference(before, LedgerDamage.files(dir)), line);
            assertTrue(Files.exists(tmp.resolve("peer/precious")), line);
        }
        Files.writeString(RepairJournal.path(dir), "something else\n");
        assertThrows(IOException.class, this::repair);
    }

    @Test
    void aDryRunRefusesToLookPastACommittedRepair() throws Exception {
        RepairJournal.commit(dir, List.of());
        try (BlockSupply supply = new LedgerCopySupply(FabricLedgerDirectory.channelAt(source).orElseThrow())) {
            RepairException refused = assertThrows(RepairException.class, () -> new LedgerRepair(dir, supply, null, tmp.resolve("b"),
                    BlockFileWriter.DEFAULT_MAX_FILE_BYTES, true).run());
            assertTrue(refused.getMessage().contains("without --dry-run"), refused.getMessage());
        }
        assertTrue(Files.exists(RepairJournal.path(dir)), "a dry run changes no file");
    }
}
