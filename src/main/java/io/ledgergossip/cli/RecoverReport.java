package io.ledgergossip.cli;

import io.ledgergossip.ledger.GoodPrefix;
import io.ledgergossip.recovery.BlockSupply;
import io.ledgergossip.recovery.RepairOutcome;
import io.ledgergossip.util.Hex;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** What {@code recover} tells the operator about one channel: what it found, fetched from whom, and changed. */
final class RecoverReport {
    private RecoverReport() {}

    static void print(PrintWriter out, RepairOutcome o, BlockSupply supply) {
        String c = o.channel();
        if (o.finishedInterrupted()) {
            out.printf("%s: finished a repair that had been interrupted after its commit%n", c);
        }
        if (o.discardedLeftovers() > 0) {
            out.printf("%s: removed %d staged files of a repair interrupted before its commit (the ledger was untouched)%n", c,
                    o.discardedLeftovers());
        }
        GoodPrefix found = o.found();
        out.printf("%s: %s%n", c, describe(found));
        out.printf("%s: %s %d blocks%s from %s, each checked: hash chain, data hash, transactions, orderer signature of %s%n", c,
                o.dryRun() ? "dry run: fetched" : "fetched", o.fetched(),
                o.fetched() == 0 ? "" : " (" + found.height() + ".." + (o.height() - 1) + ")", supply.describe(), o.trust());
        for (Map.Entry<String, Long> source : o.bySource().entrySet()) {
            out.printf("  %-40s %d blocks%n", source.getKey(), source.getValue());
        }
        for (Map.Entry<String, String> problem : o.sourceProblems().entrySet()) {
            out.printf("  %-40s not used further: %s%n", problem.getKey(), problem.getValue());
        }
        if (o.dryRun()) {
            printPlan(out, o);
            return;
        }
        if (!o.changed()) {
            out.printf("%s: nothing to repair: height %d, every block good and none missing from the sources%n", c, o.height());
            return;
        }
        out.printf("%s: originals saved in %s%n", c, o.backup());
        out.printf("%s: repaired in %.1f s: %s; height %d, last block %d hash %s%n", c, o.millis() / 1000.0,
                changes(o.replaced(), o.created(), o.deleted()), o.height(), o.height() - 1, Hex.of(o.headHash()));
    }

    private static void printPlan(PrintWriter out, RepairOutcome o) {
        GoodPrefix found = o.found();
        String cutFile = found.files().get(found.fileIndex()).getFileName().toString();
        boolean cut = found.damaged() || found.fileIndex() < found.files().size() - 1;
        if (!cut && o.fetched() == 0) {
            out.printf("%s: dry run: nothing to repair (height %d)%n", o.channel(), o.height());
            return;
        }
        out.printf("%s: dry run: would keep %s up to offset %d%s, append %d blocks, and reach height %d; nothing was written%n",
                o.channel(), cutFile, found.endOffset(),
                found.filesAfter().isEmpty() ? "" : " and rewrite or remove the " + found.filesAfter().size() + " files after it",
                o.fetched(), o.height());
    }

    private static String describe(GoodPrefix found) {
        String files = found.files().get(0).getFileName() + (found.files().size() > 1
                ? ".." + found.files().get(found.files().size() - 1).getFileName() : "");
        String good = found.height() == 0 ? "no good block" : "blocks 0.." + (found.height() - 1) + " good";
        if (!found.damaged()) {
            return "scanned " + files + ": " + good + ", no damage";
        }
        return "scanned " + files + ": " + good + " (up to " + found.files().get(Math.max(0, found.fileIndex())).getFileName()
                + " offset " + found.endOffset() + "); damaged from there: " + found.problem();
    }

    private static String changes(List<String> replaced, List<String> created, List<String> deleted) {
        StringBuilder s = new StringBuilder();
        if (!replaced.isEmpty()) {
            s.append(String.join(", ", replaced)).append(" rewritten");
        }
        if (!created.isEmpty()) {
            s.append(s.length() > 0 ? "; " : "").append(String.join(", ", created)).append(" created");
        }
        if (!deleted.isEmpty()) {
            s.append(s.length() > 0 ? "; " : "").append(String.join(", ", deleted)).append(" removed");
        }
        return s.toString();
    }

    static void nextSteps(PrintWriter out) {
        out.println("next: Fabric's block index (ledgersData/chains/index) and the databases built from blocks no longer match "
                + "the repaired block files. With the peer stopped, run `peer node rebuild-dbs`: it drops those databases, and the "
                + "peer rebuilds them from the block files when it starts (the block index first).");
    }
}
