package io.ledgergossip.dissemination;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.transport.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.hyperledger.fabric.protos.gossip.Message.DataDigest;

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

    BodyRequests(Transport transport, Scheduler scheduler, RandomGenerator random, DisseminationConfig config, BlockIntake intake,
            PullMessages messages) {
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

    /** A body asked for after a digest: of whom, and who else offered it. */
    private static final class Asked {
        PkiId peer;
        final boolean pushed;
        final ArrayDeque<PkiId> others = new ArrayDeque<>();

        Asked(PkiId peer, boolean pushed) {
            this.peer = peer;
            this.pushed = pushed;
        }
    }

    /**
     * Asks the sender of a digest for the blocks it offers that this peer lacks and has not asked
     * for. A body that does not come within a tenth of state.responseTimeout is asked of the next
     * peer that offered it, so a lost request or answer costs a short wait, not a pull interval.
     */
    void onDigest(DataDigest digest, PkiId from) {
        List<Long> wanted = new ArrayList<>();
        for (ByteString d : digest.getDigestsList().subList(0, Math.min(digest.getDigestsCount(), config.stateBlockBufferSize()))) {
            Long n = PullMessages.parseNumber(d);
            if (n == null || !intake.wants(n)) {
                continue;
            }
            Asked asked = askedFor.get(n);
            if (asked == null) {
                willAsk(n, from, digest.getNonce() == 0);
                wanted.add(n);
            } else if (!asked.peer.equals(from) && !asked.others.contains(from) && asked.others.size() < Defaults.MAX_OTHER_OFFERERS) {
                asked.others.add(from);
            }
        }
        if (!wanted.isEmpty()) {
            // an answer to our Hello is requested under its nonce, as Fabric's pull engine requires
            request(from, wanted, digest.getNonce() == 0, digest.getNonce());
        }
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
                willAsk(n, from, true);
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            request(from, missing, true, 0);
        }
    }

    /** Records that block {@code number} is being asked of {@code peer}, and when to ask the next offerer. */
    private void willAsk(long number, PkiId peer, boolean pushed) {
        if (askedFor.size() >= Defaults.MAX_BLOCKS_ASKED_FOR) {
            askedFor.clear(); // requests that never settled: forget them rather than grow
        }
        askedFor.put(number, new Asked(peer, pushed));
        scheduler.schedule(config.stateResponseTimeout().dividedBy(Defaults.RE_ASK_DIVISOR), () -> askNextOfferer(number));
    }

    private void askNextOfferer(long number) {
        Asked asked = askedFor.get(number);
        if (asked == null) {
            return;
        }
        PkiId next = asked.others.poll();
        while (next != null && !transport.connectedPeers().contains(next)) {
            next = asked.others.poll();
        }
        if (!intake.wants(number) || next == null) {
            askedFor.remove(number); // arrived, or nobody else offered it: pull and state transfer take over
            return;
        }
        asked.peer = next;
        request(next, List.of(number), asked.pushed, 0);
        scheduler.schedule(config.stateResponseTimeout().dividedBy(Defaults.RE_ASK_DIVISOR), () -> askNextOfferer(number));
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
        transport.send(peer, messages.dataRequest(nonce, numbers));
    }
}
