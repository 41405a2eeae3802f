package io.ledgergossip.dissemination;

import io.ledgergossip.identity.PkiId;
import java.util.HashMap;
import java.util.Map;

/**
 * How much a peer is trusted to send blocks: every peer starts at {@link #INITIAL}, loses
 * {@link #PENALTY} for each forged or damaged block, and at or below the threshold is banned
 * (disconnected and ignored) until the ban runs out. Pure bookkeeping; the caller supplies time.
 */
public final class PeerScores {
    public static final int INITIAL = 100;
    public static final int PENALTY = 40;

    private final int threshold;
    private final long banMillis;
    private final Map<PkiId, Integer> scores = new HashMap<>();
    private final Map<PkiId, Long> bannedUntil = new HashMap<>();
    private long bans;

    public PeerScores(int threshold, long banMillis) {
        this.threshold = threshold;
        this.banMillis = banMillis;
    }

    /** Lowers a peer's score; true when this pushed it to a ban. */
    public synchronized boolean penalize(PkiId peer, long now) {
        int score = scores.merge(peer, INITIAL - PENALTY, (old, ignored) -> old - PENALTY);
        if (score <= threshold && !isBanned(peer, now)) {
            bannedUntil.put(peer, now + banMillis);
            bans++;
            return true;
        }
        return false;
    }

    public synchronized boolean isBanned(PkiId peer, long now) {
        Long until = bannedUntil.get(peer);
        if (until == null) {
            return false;
        }
        if (until <= now) {
            bannedUntil.remove(peer);
            scores.remove(peer);
            return false;
        }
        return true;
    }

    public synchronized int score(PkiId peer) {
        return scores.getOrDefault(peer, INITIAL);
    }

    public synchronized long bans() {
        return bans;
    }
}
