package io.ledgergossip.dissemination;

import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Asking for block bodies that peers offered by number (a digest, pushed or pulled, or the gap
 * below a pushed block): each is asked of one offerer, and of the next if it does not come soon.
 * Runs on the node's thread.
 */
final class BodyRequests {
    private final Transport transport;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final DisseminationConfig config;
    private final BlockIntake intake;
    private final PullMessages messages;
    private final Set<Long> pushRequests = new HashSet<>();
    private final Map<Long, Asked> askedFor = new HashMap<>();
    private final RoundTrips roundTrips;
    /** How long a body pushed to this peer trails the first announcement of its number: see {@link #pushArrived}. */
    private final SmoothedDelay pushLead = new SmoothedDelay();
    /** When each recent wanted block's number was first announced by a neighbour (bounded: the latest ones). */
    private final Map<Long, Long> firstAnnounced = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > Defaults.HOLDERS_BLOCKS;
        }
    };
    /** Blocks below this number are state transfer's to fetch ({@link StateTransfer#fetchesBelow}): digests of them are not followed. */
    private final LongSupplier fetchedByState;

    BodyRequests(Transport transport, Scheduler scheduler, RandomGenerator random, DisseminationConfig config, BlockIntake intake,
            PullMessages messages, RoundTrips roundTrips, LongSupplier fetchedByState) {
        this.roundTrips = roundTrips;
        this.fetchedByState = fetchedByState;
        this.messages = messages;
        this.transport = transport;
        this.scheduler = scheduler;
        this.random = random;
        this.config = config;
        this.intake = intake;
    }

    /** Whether a DataUpdate with this nonce answers a request that continues a push (its blocks count and travel as pushed). */
    boolean continuesPush(long nonce) {
        return pushRequests.contains(nonce);
    }

    /** A body asked for after a digest: who offered it (the first asked first), who was asked last, and how often. */
    private static final class Asked {
        final List<PkiId> tellers = new ArrayList<>();
        final boolean pushed;
        int next;
        int asks;

        Asked(PkiId first, boolean pushed) {
            this.tellers.add(first);
            this.pushed = pushed;
        }

        /** The next teller after the one asked last, going round them; null when none of them is connected. */
        PkiId nextTeller(Set<PkiId> connected) {
            for (int i = 0; i < tellers.size(); i++) {
                PkiId candidate = tellers.get(next % tellers.size());
                next++;
                if (connected.contains(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /**
     * Asks the sender of a digest for the blocks it offers that this peer lacks and has not asked
     * for. A body that does not come within a few round trips ({@link RoundTrips#patience}) is
     * asked of the next peer that offered it, going round them, so a lost request or answer costs a
     * few hops, not a pull interval. A number announced by a neighbour (announcing to neighbours)
     * is asked for once the body pushed at the same moment by this peer's super node should have
     * come: one hop, or as long as pushed bodies have lately trailed announcements if that is
     * longer ({@link #pushArrived}), so that nothing is fetched twice. Blocks state transfer is to
     * fetch are left to it.
     */
    void onDigest(List<Long> numbers, long nonce, PkiId from) {
        List<Long> fresh = new ArrayList<>();
        boolean pushed = nonce == 0;
        boolean announced = pushed && config.announceToNeighbours();
        long stateBound = -1; // asked of state transfer only once a wanted block is named: most digests name only blocks held
        for (long n : numbers) {
            if (!intake.wants(n)) {
                continue;
            }
            if (stateBound < 0) {
                stateBound = fetchedByState.getAsLong();
            }
            if (n < stateBound) {
                continue;
            }
            if (announced) {
                firstAnnounced.putIfAbsent(n, scheduler.clock().millis());
            }
            Asked asked = askedFor.get(n);
            if (asked == null) {
                remember(n, new Asked(from, pushed));
                fresh.add(n);
            } else if (!asked.tellers.contains(from) && asked.tellers.size() <= Defaults.MAX_OTHER_OFFERERS) {
                asked.tellers.add(from);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (announced) {
            scheduler.schedule(announcedWait(), () -> firstAsk(from, fresh, true, 0));
        } else {
            // an answer to our Hello is requested under its nonce, as Fabric's pull engine requires
            firstAsk(from, fresh, pushed, nonce);
        }
    }

    /**
     * A body came by push (a DataMessage, not an answer to a request). If its number had been
     * announced first, how long it trailed is a sample of the push lead: a super node under load
     * pushes to its children later than they hear the numbers from siblings fed by another super
     * node, and a child that asked a sibling after one hop would take every such block twice, which
     * loads every peer further. A forged late push can raise the wait no higher than the
     * fallback patience.
     */
    void pushArrived(long number) {
        Long announcedAt = firstAnnounced.remove(number);
        if (announcedAt != null) {
            pushLead.sample(scheduler.clock().millis() - announcedAt);
        }
    }

    /** How long after a neighbour's announcement its body is asked for: a hop, or the push lead if longer. */
    Duration announcedWait() {
        Duration hop = roundTrips.oneHop();
        if (!pushLead.measured()) {
            return hop;
        }
        Duration lead = roundTrips.capped(pushLead.generous());
        return lead.compareTo(hop) > 0 ? lead : hop;
    }

    /**
     * A pushed block above a gap: the blocks just before it were pushed too and lost on the way.
     * The pusher holds them; they are asked of it at once (with the same re-ask as digests)
     * instead of waiting for the next StateInfo.
     */
    void askForGap(long pushed, PkiId from) {
        List<Long> missing = new ArrayList<>();
        for (long n = pushed - 1; n >= Math.max(intake.height(), pushed - config.maxBlockCountToStore()); n--) {
            if (intake.wants(n) && !askedFor.containsKey(n)) {
                remember(n, new Asked(from, true));
                missing.add(n);
            }
        }
        firstAsk(from, missing, true, 0);
    }

    private void remember(long number, Asked asked) {
        if (askedFor.size() >= Defaults.MAX_BLOCKS_ASKED_FOR) {
            askedFor.clear(); // requests that never settled: forget them rather than grow
        }
        askedFor.put(number, asked);
    }

    /** Asks the first teller for the numbers still wanted and not asked for yet; each is asked of the next teller later. */
    private void firstAsk(PkiId peer, List<Long> numbers, boolean pushed, long helloNonce) {
        List<Long> still = new ArrayList<>();
        for (long n : numbers) {
            Asked asked = askedFor.get(n);
            if (asked == null || asked.asks > 0) {
                continue;
            }
            if (!intake.wants(n)) {
                askedFor.remove(n); // came meanwhile
                continue;
            }
            asked.asks = 1;
            asked.next = 1;
            still.add(n);
            scheduler.schedule(roundTrips.patience(), () -> askNextOfferer(n));
        }
        if (!still.isEmpty()) {
            request(peer, still, pushed, helloNonce);
        }
    }

    private void askNextOfferer(long number) {
        Asked asked = askedFor.get(number);
        if (asked == null) {
            return;
        }
        PkiId next = asked.asks < Defaults.MAX_ASKS_PER_BLOCK ? asked.nextTeller(transport.connectedPeers()) : null;
        if (!intake.wants(number) || next == null) {
            askedFor.remove(number); // arrived, or asked often enough of every teller: pull and state transfer take over
            return;
        }
        asked.asks++;
        request(next, List.of(number), asked.pushed, 0);
        scheduler.schedule(roundTrips.patience(), () -> askNextOfferer(number));
    }

    /** A DataRequest; answers to a pushed digest count as push and are passed on like pushed blocks. */
    private void request(PkiId peer, List<Long> numbers, boolean continuesPush, long helloNonce) {
        long nonce = helloNonce != 0 ? helloNonce : random.nextLong();
        if (continuesPush) {
            if (pushRequests.size() > Defaults.MAX_PUSH_REQUESTS_REMEMBERED) {
                pushRequests.clear(); // answers that never came: forget them rather than grow
            }
            pushRequests.add(nonce);
        }
        roundTrips.sent(nonce);
        transport.send(peer, messages.dataRequest(nonce, numbers));
    }
}
