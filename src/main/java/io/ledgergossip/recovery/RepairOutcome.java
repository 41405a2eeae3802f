package io.ledgergossip.recovery;

import io.ledgergossip.ledger.GoodPrefix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a repair of one channel found and did.
 *
 * @param found the ledger as scanned (after finishing an interrupted repair, if there was one)
 * @param trust the ordering orgs fetched blocks were checked against
 * @param fetched blocks fetched and verified (in a dry run too)
 * @param replaced block files rewritten (cut, refilled or replaced), by name
 * @param created block files that did not exist before
 * @param deleted block files the repaired ledger no longer has
 * @param height the ledger's height afterwards (in a dry run: what it would be)
 * @param backup where the originals of the changed files went, null when nothing changed
 * @param finishedInterrupted true when an interrupted repair was finished first
 * @param discardedLeftovers hidden files of a repair interrupted before its commit, removed
 */
public record RepairOutcome(String channel, GoodPrefix found, String trust, long fetched, Map<String, Long> bySource,
        Map<String, String> sourceProblems, List<String> replaced, List<String> created, List<String> deleted, long height,
        byte[] headHash, Path backup, boolean finishedInterrupted, int discardedLeftovers, boolean dryRun, long millis) {

    public boolean changed() {
        return !replaced.isEmpty() || !created.isEmpty() || !deleted.isEmpty();
    }
}
