package io.ledgergossip.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Order statistics of measured figures. */
public final class Stats {
    private Stats() {}

    /** The value at quantile {@code q} (0..1) of sorted values: nearest rank. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    public static double median(List<Double> values) {
        return quantile(sorted(values.stream().mapToDouble(Double::doubleValue).toArray()), 0.5);
    }

    /** p50, p99 and max of some milliseconds. */
    public record Summary(double p50, double p99, double max) {
        public static Summary of(double[] values) {
            double[] s = sorted(values);
            return new Summary(quantile(s, 0.5), quantile(s, 0.99), s.length == 0 ? Double.NaN : s[s.length - 1]);
        }
    }

    /** One point of a curve. */
    public record Point(double x, double y) {}

    /** The empirical CDF of {@code values} as {@code points} points: (value, fraction of values at or below it). */
    public static List<Point> cdf(double[] values, int points) {
        double[] s = sorted(values);
        List<Point> curve = new ArrayList<>();
        if (s.length == 0) {
            return curve;
        }
        curve.add(new Point(0, 0));
        for (int i = 1; i <= points; i++) {
            double q = (double) i / points;
            curve.add(new Point(quantile(s, q), q));
        }
        return curve;
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
