package io.ledgergossip.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.membership.Member;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.wire.proto.LedgerGossip.PeerMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentSelectionTest {
    @TempDir
    Path tmp;

    private Member superNode(LocalIdentity id, int children, int max) throws Exception {
        PeerIdentity identity = new PeerIdentity(id.mspId(), id.signCert(), id.serialized(), id.pkiId());
        PeerMetadata metadata = PeerMetadata.newBuilder().setSuperNode(true).setChildren(children).setMaxChildren(max).build();
        return new Member(identity, "x:1", metadata, 1, 1, true, 0, null);
    }

    @Test
    void leastLoadedFirstThenNearestAndNeverAFullOrRefusingOne() throws Exception {
        TestPki pki = new TestPki(tmp);
        Member busy = superNode(pki.peer(1, 0), 5, 10);
        Member idleFar = superNode(pki.peer(1, 1), 1, 10);
        Member idleNear = superNode(pki.peer(1, 2), 1, 10);
        Member full = superNode(pki.peer(1, 3), 10, 10);
        Member refused = superNode(pki.peer(1, 4), 0, 10);
        Map<PkiId, Long> rtt = Map.of(idleFar.pkiId(), 40L, idleNear.pkiId(), 3L);
        PkiId self = pki.peer(1, 9).pkiId();

        List<Member> order = ParentSelection.order(self, List.of(busy, idleFar, full, idleNear, refused), rtt::get,
                Set.of(refused.pkiId()));

        assertEquals(List.of(idleNear, idleFar, busy), order);
    }

    @Test
    void aboutTheExcessMovesPerIntervalWhateverTheIntervalsLength() {
        assertEquals(0, ParentSelection.moveProbability(10, 9, 5), 1e-9, "one child more: nobody moves");
        assertEquals(0, ParentSelection.moveProbability(0, 0, 5), 1e-9);
        // 20 children against 0: the excess is 10, so each child moves with 10/20 per interval, a fifth of it per run
        assertEquals(0.1, ParentSelection.moveProbability(20, 0, 5), 1e-9);
        assertTrue(ParentSelection.moveProbability(1_000, 0, 5) <= 0.1 + 1e-9, "never a herd, however unbalanced");
    }
}
