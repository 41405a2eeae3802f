package io.ledgergossip.bench;

import io.ledgergossip.bench.Stats.Point;
import java.util.List;
import java.util.Locale;

/** A line chart as inline SVG: no script, no external resource, so a browser shows it offline. */
final class SvgChart {
    /** One line of the chart. */
    record Series(String name, List<Point> points) {}

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
    private static final int W = 640;
    private static final int H = 360;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 32;
    private static final int BOTTOM = 48;

    private SvgChart() {}

    /**
     * @param logX a logarithmic x axis (for latencies that differ by orders of magnitude between series)
     * @param yMax the top of the y axis (1.0 for a fraction), or NaN to fit the data
     */
    static String render(String id, String title, String xLabel, String yLabel, List<Series> series, boolean logX, double yMax) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (!logX || p.x() > 0) {
                    minX = Math.min(minX, p.x());
                    maxX = Math.max(maxX, p.x());
                }
                maxY = Math.max(maxY, p.y());
            }
        }
        if (minX > maxX) {
            minX = 0;
            maxX = 1;
        }
        if (logX) {
            minX = Math.pow(10, Math.floor(Math.log10(Math.max(minX, 1e-3))));
            maxX = Math.pow(10, Math.ceil(Math.log10(Math.max(maxX, minX * 10))));
        } else {
            minX = Math.min(0, minX);
            maxX = maxX <= minX ? minX + 1 : maxX;
        }
        maxY = !Double.isNaN(yMax) ? yMax : maxY <= 0 ? 1 : maxY * 1.05;
        Scale scale = new Scale(minX, maxX, maxY, logX);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n", id, W, H, W, H, escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        axes(svg, scale, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder path = new StringBuilder();
            for (Point p : s.points()) {
                if (logX && p.x() <= 0) {
                    continue;
                }
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", scale.x(p.x()), scale.y(p.y())));
            }
            String color = COLORS[i % COLORS.length];
            svg.append(String.format(Locale.ROOT, "<path class=\"series\" data-series=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    escape(s.name()), path, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>%n", W - RIGHT - 160,
                    TOP + 16 + 16 * i, color, escape(s.name())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, Scale scale, String xLabel, String yLabel) {
        int x0 = LEFT;
        int y0 = H - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, y0, W - RIGHT, y0));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, TOP, x0, y0));
        for (double tick : scale.xTicks()) {
            double x = scale.x(tick);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x, y0));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n", x, y0 + 16, label(tick)));
        }
        for (int i = 0; i <= 4; i++) {
            double v = scale.maxY() * i / 4;
            double y = scale.y(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", x0, y, W - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n", x0 - 4, y + 4, label(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                (x0 + W - RIGHT) / 2, H - 12, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                (TOP + y0) / 2, (TOP + y0) / 2, escape(yLabel)));
    }

    private static String label(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Scale(double minX, double maxX, double maxY, boolean logX) {
        double x(double v) {
            double f = logX ? (Math.log10(v) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX)) : (v - minX) / (maxX - minX);
            return LEFT + f * (W - LEFT - RIGHT);
        }

        double y(double v) {
            return H - BOTTOM - v / maxY * (H - TOP - BOTTOM);
        }

        List<Double> xTicks() {
            if (logX) {
                List<Double> ticks = new java.util.ArrayList<>();
                for (double t = minX; t <= maxX * 1.0001; t *= 10) {
                    ticks.add(t);
                }
                return ticks;
            }
            return List.of(minX, minX + (maxX - minX) / 4, minX + (maxX - minX) / 2, minX + 3 * (maxX - minX) / 4, maxX);
        }
    }
}
