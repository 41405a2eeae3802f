package io.ledgergossip.store.rocksdb;

import io.ledgergossip.fixture.EphemeralSigner;
import io.ledgergossip.fixture.SampleLedger;
import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import java.io.PrintStream;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.store.StateWrite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


/**
 * Child process of {@link StoreCrashTest}: opens the store, continues its chain and appends blocks
 * until it is killed, printing the height after every append; with {@code deferred}, in runs whose
 * sync is left to the store's background syncer, printing each height once it is durable; with
 * {@code unlogged}, the same with runs of two blocks or more written without the log.
 */
public final class CrashingAppender {
    private CrashingAppender() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PrintStream out = System.out;
        String mode = args.length > 2 ? args[2] : "synced";
        RocksLedgerStore store = mode.equals("unlogged") // runs of 2+ blocks skip the log; single blocks are logged unless one is pending
                ? RocksLedgerStore.open(dir, io.ledgergossip.store.StoreOptions.defaults(), java.util.function.UnaryOperator.identity(), 16 * 1024)
                : RocksLedgerStore.open(dir);
        SampleLedger ledger = new SampleLedger("crash", seed, 4, 2048, 64, new EphemeralSigner("CrashOrg"));
        if (store.height() > 0) {
            ledger.continuingAfter(store.block(store.height() - 1).orElseThrow());
        }
        out.println("ready " + store.height());
        out.flush();
        boolean deferred = !mode.equals("synced");
        while (true) {
            if (deferred) { // runs of 1..5 blocks, each reported once the background sync made it durable
                int size = 1 + (int) (store.writtenHeight() % 5);
                List<ContentCheckedBlock> blocks = new ArrayList<>();
                List<List<StateWrite>> writes = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    BlockWithWrites next = ledger.next();
                    blocks.add(ContentCheckedBlock.check(next.block()));
                    writes.add(next.writes());
                }
                store.appendAllDeferringSync(blocks, writes).thenAccept(height -> {
                    synchronized (out) {
                        out.println(height);
                        out.flush();
                    }
                });
                continue;
            }
            BlockWithWrites next = ledger.next();
            store.append(next.block(), next.writes());
            out.println(store.height());
            out.flush();
        }
    }
}
