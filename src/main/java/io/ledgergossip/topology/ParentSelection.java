package io.ledgergossip.topology;

import io.ledgergossip.identity.PkiId;
import io.ledgergossip.membership.Member;
import io.ledgergossip.util.Sha256;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which super node an ordinary peer asks first: the least loaded, then the nearest; remaining ties
 * go by a hash of the two PKI-IDs (rendezvous hashing), so that peers starting together with the
 * same view do not all pick the same super node, yet each peer's choice is stable.
 */
public final class ParentSelection {
    private ParentSelection() {}

    private static byte[] rendezvous(PkiId self, PkiId candidate) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(self.toBytes());
        digest.update(candidate.toBytes());
        return digest.digest();
    }

    /**
     * @param candidates alive super nodes of the peer's org
     * @param rttMillis measured round trip per peer, or null when none was measured
     * @param excluded super nodes that refused recently
     */
    public static List<Member> order(PkiId self, List<Member> candidates, Function<PkiId, Long> rttMillis,
            Set<PkiId> excluded) {
        Comparator<Member> byLoad = Comparator.comparingInt(m -> m.metadata().getChildren());
        Comparator<Member> byRtt = Comparator.comparingLong(m -> {
            Long rtt = rttMillis.apply(m.pkiId());
            return rtt == null ? Long.MAX_VALUE : rtt;
        });
        return candidates.stream()
                .filter(m -> !excluded.contains(m.pkiId()))
                .filter(m -> m.metadata().getMaxChildren() == 0 || m.metadata().getChildren() < m.metadata().getMaxChildren())
                .sorted(byLoad.thenComparing(byRtt).thenComparing(m -> rendezvous(self, m.pkiId()), Arrays::compareUnsigned))
                .toList();
    }
}
