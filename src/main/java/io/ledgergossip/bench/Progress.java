package io.ledgergossip.bench;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most five times a second. */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean enabled;
    private long lastDrawn;
    private String label = "";

    public Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    public static Progress none() {
        return new Progress(System.err, false);
    }

    /** Starts a new phase; the bar shows {@code done/total} of it. */
    public synchronized void phase(String label) {
        finishLine();
        this.label = label;
        lastDrawn = 0;
    }

    public synchronized void update(long done, long total, String detail) {
        long now = System.nanoTime();
        if (!enabled || (now - lastDrawn < 200_000_000L && done < total)) {
            return;
        }
        lastDrawn = now;
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
        err.printf("\r%-28s [%s%s] %d/%d %s\u001b[K", label, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, detail);
        err.flush();
    }

    public synchronized void finishLine() {
        if (enabled && lastDrawn != 0) {
            err.println();
        }
        lastDrawn = 0;
    }
}
