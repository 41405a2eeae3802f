package io.ledgergossip.dissemination;

import io.ledgergossip.identity.PkiId;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which neighbours are known to hold each recent block: they announced its number, pushed its
 * body, or were sent it. A peer that announced a block tells its number a second time, a few
 * round trips later, only to the neighbours not known to hold it: on a lossless network every
 * neighbour has announced it by then and nothing is sent; a neighbour whose body and every
 * announcement were lost hears of it again. Bounded: the last {@code blocks} block numbers, each
 * with at most {@code holdersPerBlock} holders. Runs on the node's thread.
 */
final class KnownHolders {
    private final int holdersPerBlock;
    private final Map<Long, Set<PkiId>> holders;

    KnownHolders(int blocks, int holdersPerBlock) {
        this.holdersPerBlock = holdersPerBlock;
        this.holders = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Set<PkiId>> eldest) {
                return size() > blocks;
            }
        };
    }

    /** {@code peer} holds block {@code number} (or will: it was sent the body). */
    void holds(PkiId peer, long number) {
        Set<PkiId> known = holders.computeIfAbsent(number, n -> new HashSet<>());
        if (known.size() < holdersPerBlock) {
            known.add(peer);
        }
    }

    void hold(Collection<PkiId> peers, long number) {
        peers.forEach(peer -> holds(peer, number));
    }

    /** Of {@code numbers}, those {@code peer} is not known to hold. */
    List<Long> unknownTo(PkiId peer, List<Long> numbers) {
        return numbers.stream().filter(n -> !holders.getOrDefault(n, Set.of()).contains(peer)).toList();
    }
}
