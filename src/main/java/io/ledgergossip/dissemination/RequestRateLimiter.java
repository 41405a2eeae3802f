package io.ledgergossip.dissemination;

import io.ledgergossip.identity.PkiId;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts each peer's requests (pull and state transfer) in one-second windows. Past the limit the
 * request is refused, and the first refusal of a window is reported, so that a flooding peer is
 * punished once per second it floods, not once per message. Pure bookkeeping; the caller
 * supplies time.
 */
final class RequestRateLimiter {
    /** What to do with one request. */
    enum Verdict { SERVE, DROP, DROP_AND_PUNISH }

    private static final long WINDOW_MILLIS = 1_000;

    private final int perSecond;
    private final Map<PkiId, long[]> windows = new HashMap<>(); // peer -> {window start, count}
    private long lastSweep;

    RequestRateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    Verdict admit(PkiId peer, long now) {
        if (now - lastSweep > 10 * WINDOW_MILLIS) {
            windows.values().removeIf(w -> now - w[0] >= WINDOW_MILLIS); // peers gone quiet: no memory kept for them
            lastSweep = now;
        }
        long[] w = windows.computeIfAbsent(peer, p -> new long[] {now, 0});
        if (now - w[0] >= WINDOW_MILLIS) {
            w[0] = now;
            w[1] = 0;
        }
        w[1]++;
        if (w[1] <= perSecond) {
            return Verdict.SERVE;
        }
        return w[1] == perSecond + 1 ? Verdict.DROP_AND_PUNISH : Verdict.DROP;
    }
}
