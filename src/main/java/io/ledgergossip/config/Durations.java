package io.ledgergossip.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as Fabric writes them in core.yaml: {@code 500ms}, {@code 4s}, {@code 1m}, {@code 2h}, or combined ({@code 1m30s}). */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** The longest duration accepted anywhere: a year is longer than any interval or timeout means. */
    public static final Duration MAX = Duration.ofDays(366);

    private Durations() {}

    public static Duration parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            try {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration");
            }
            if (total.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("'" + text + "' is longer than " + MAX.toDays() + " days");
            }
            end = m.end();
        }
        if (end != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 4s, 1m or 1m30s");
        }
        return total;
    }

    /** The shortest of Fabric's forms: {@code 500ms}, {@code 4s}, {@code 10m}, {@code 1m30s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long ms = d.toMillis();
        long[] units = {3_600_000, 60_000, 1_000, 1};
        String[] names = {"h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                text.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return text.toString();
    }
}
