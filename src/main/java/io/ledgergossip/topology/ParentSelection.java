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
import java.util.function.ToIntFunction;

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
        return order(self, candidates, Member::pkiId, m -> m.metadata().getChildren(), m -> m.metadata().getMaxChildren(),
                rttMillis, excluded);
    }

    /**
     * The same order over any description of super nodes (the simulator's overlay uses it too).
     *
     * @param children a candidate's current children; {@code maxChildren} its limit, 0 for none announced
     */
    public static <T> List<T> order(PkiId self, List<T> candidates, Function<T, PkiId> id, ToIntFunction<T> children,
            ToIntFunction<T> maxChildren, Function<PkiId, Long> rttMillis, Set<PkiId> excluded) {
        Comparator<T> byLoad = Comparator.comparingInt(children);
        Comparator<T> byRtt = Comparator.comparingLong(m -> {
            Long rtt = rttMillis.apply(id.apply(m));
            return rtt == null ? Long.MAX_VALUE : rtt;
        });
        return candidates.stream()
                .filter(m -> !excluded.contains(id.apply(m)))
                .filter(m -> maxChildren.applyAsInt(m) == 0 || children.applyAsInt(m) < maxChildren.applyAsInt(m))
                .sorted(byLoad.thenComparing(byRtt).thenComparing(m -> rendezvous(self, id.apply(m)), Arrays::compareUnsigned))
                .toList();
    }

    /**
     * The chance that one child of a parent with {@code load} children moves, in one upkeep run,
     * to a super node with {@code lightest} children: 0 unless the parent has two or more children
     * more. Each child moves with probability excess / load per alive interval (loads are announced
     * once an interval), so about the excess moves per interval, not all at once; upkeep runs
     * {@code runsPerInterval} times an interval, so each run takes its share, whatever the interval's length.
     */
    public static double moveProbability(int load, int lightest, int runsPerInterval) {
        if (load == 0 || load - lightest < 2) {
            return 0;
        }
        double excess = (load - lightest) / 2.0;
        return excess / load / runsPerInterval;
    }
}
