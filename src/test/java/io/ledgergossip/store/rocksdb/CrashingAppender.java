package io.ledgergossip.store.rocksdb;

import io.ledgergossip.fixture.EphemeralSigner;
import io.ledgergossip.fixture.SampleLedger;
import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link StoreCrashTest}: opens the store, continues its chain and appends blocks
 * until it is killed, printing the height after every append.
 */
public final class CrashingAppender {
    private CrashingAppender() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PrintStream out = System.out;
        RocksLedgerStore store = RocksLedgerStore.open(dir);
        SampleLedger ledger = new SampleLedger("crash", seed, 4, 2048, 64, new EphemeralSigner("CrashOrg"));
        if (store.height() > 0) {
            ledger.continuingAfter(store.block(store.height() - 1).orElseThrow());
        }
        out.println("ready " + store.height());
        out.flush();
        while (true) {
            BlockWithWrites next = ledger.next();
            store.append(next.block(), next.writes());
            out.println(store.height());
            out.flush();
        }
    }
}
