package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dissemination scenarios every backend must pass, run over each by a small subclass: the
 * in-memory network with the virtual clock, and real peers (Netty + TLS, RocksDB). Two orgs, each
 * a super node and three ordinary peers, plus a late joiner.
 */
public abstract class DisseminationContractTest {
    @TempDir
    protected Path tmp;

    /** A network of the backend under test: peers by (org 1..2, index 0..4; 0 is the super node, 4 the late joiner). */
    public interface Backend extends AutoCloseable {
        void start(int org, int index) throws Exception;

        void stop(int org, int index) throws Exception;

        /** The orderer cuts {@code blocks} blocks, at the backend's pace. */
        void cut(int blocks) throws Exception;

        /** Waits (virtual or real time) until every running peer holds {@code height} blocks; fails after the backend's limit. */
        void awaitHeights(long height) throws Exception;

        /** Every running peer's height, head hash and state hash. */
        List<Ledger> ledgers() throws Exception;

        @Override
        void close();
    }

    public record Ledger(String peer, long height, byte[] head, byte[] state) {}

    protected abstract Backend backend(Path dir) throws Exception;

    private Backend net;

    @AfterEach
    void closeBackend() {
        if (net != null) {
            net.close();
        }
    }

    private void startNetwork() throws Exception {
        net = backend(tmp);
        for (int org = 1; org <= 2; org++) {
            net.start(org, 0);
        }
        for (int org = 1; org <= 2; org++) {
            for (int i = 1; i <= 3; i++) {
                net.start(org, i);
            }
        }
    }

    private void assertSameLedgers(long height) throws Exception {
        List<Ledger> ledgers = net.ledgers();
        Ledger reference = ledgers.get(0);
        for (Ledger l : ledgers) {
            assertEquals(height, l.height(), l.peer());
            assertArrayEquals(reference.head(), l.head(), l.peer() + " head hash");
            assertArrayEquals(reference.state(), l.state(), l.peer() + " state hash");
        }
    }

    @Test
    void everyPeerCommitsEveryBlockWithTheSameLedger() throws Exception {
        startNetwork();
        net.cut(30);
        net.awaitHeights(30);
        assertSameLedgers(30);
    }

    @Test
    void aStoppedPeerRestartsFromItsLedgerAndCatchesUp() throws Exception {
        startNetwork();
        net.cut(20);
        net.awaitHeights(20);
        net.stop(2, 3);
        net.cut(20);
        net.awaitHeights(40);
        net.start(2, 3);
        net.awaitHeights(40);
        assertSameLedgers(40);
    }

    @Test
    void aLateJoinerWithAnEmptyLedgerCatchesUp() throws Exception {
        startNetwork();
        net.cut(40);
        net.awaitHeights(40);
        net.start(1, 4);
        net.awaitHeights(40);
        assertSameLedgers(40);
        assertEquals(9, net.ledgers().size());
    }

    /** Blocks cut one every this, in either backend's time. */
    protected static final Duration CUT_EVERY = Duration.ofMillis(50);
}
