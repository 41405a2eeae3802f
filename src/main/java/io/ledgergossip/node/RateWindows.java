package io.ledgergossip.node;

import io.ledgergossip.identity.PkiId;
import java.util.HashMap;
import java.util.Map;

/**
 * Each sender's messages of each class in one-second windows. Past the class's rate a message is
 * dropped, and the first drop of a window is reported, so that a flooder is scored down once per
 * second it floods, not once per message. Thread-safe; the caller supplies time.
 */
final class RateWindows {
    enum Verdict { ADMIT, DROP, DROP_AND_REPORT }

    private static final long WINDOW_MILLIS = 1_000;
    /** Windows of senders quiet for this long are forgotten, so the map holds only recent senders. */
    private static final long SWEEP_MILLIS = 10 * WINDOW_MILLIS;

    private record Key(PkiId sender, InboundLane lane) {}

    private final Map<Key, long[]> windows = new HashMap<>(); // {window start, count}
    private long lastSweep;

    synchronized Verdict admit(PkiId sender, InboundLane lane, int perSecond, long now) {
        if (perSecond == Integer.MAX_VALUE) {
            return Verdict.ADMIT;
        }
        if (now - lastSweep > SWEEP_MILLIS) {
            windows.values().removeIf(w -> now - w[0] >= WINDOW_MILLIS);
            lastSweep = now;
        }
        long[] w = windows.computeIfAbsent(new Key(sender, lane), k -> new long[] {now, 0});
        if (now - w[0] >= WINDOW_MILLIS) {
            w[0] = now;
            w[1] = 0;
        }
        w[1]++;
        if (w[1] <= perSecond) {
            return Verdict.ADMIT;
        }
        return w[1] == perSecond + 1L ? Verdict.DROP_AND_REPORT : Verdict.DROP;
    }
}
