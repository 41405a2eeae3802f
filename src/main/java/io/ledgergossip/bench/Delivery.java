package io.ledgergossip.bench;

import io.ledgergossip.bench.Stats.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dissemination run delivered, from when each block was cut and when each peer committed
 * it (the same clock, any unit convertible to ms; 0 for never): per block the time until every
 * peer held it, the holding curve, the blocks that reached everyone and the pairs that never came.
 *
 * @param timeToAllMs per block that reached every peer, the time from its cut to the last peer's commit
 * @param holdingCurve fraction of all (peer, block) pairs committed by time t after the cut (below 1 when some never came)
 */
record Delivery(double[] timeToAllMs, List<Point> holdingCurve, int blocksToAll, long neverDelivered) {

    /** @param committed per block, per peer, the commit time in ns (0: never); @param cutAt per block, the cut time in ns */
    static Delivery of(long[][] committed, long[] cutAt) {
        return of(committed, cutAt, 1e6);
    }

    /** @param perMs clock units in one millisecond */
    static Delivery of(long[][] committed, long[] cutAt, double perMs) {
        List<Double> toAll = new ArrayList<>();
        List<Double> pairs = new ArrayList<>();
        long never = 0;
        long total = 0;
        for (int b = 0; b < committed.length; b++) {
            long last = 0;
            boolean everyone = true;
            for (long at : committed[b]) {
                total++;
                if (at == 0) {
                    never++;
                    everyone = false;
                    continue;
                }
                pairs.add((at - cutAt[b]) / perMs);
                last = Math.max(last, at);
            }
            if (everyone) {
                toAll.add((last - cutAt[b]) / perMs);
            }
        }
        double delivered = total == 0 ? 1 : (double) pairs.size() / total;
        List<Point> curve = new ArrayList<>();
        for (Point p : Stats.cdf(pairs.stream().mapToDouble(Double::doubleValue).toArray(), 100)) {
            curve.add(new Point(p.x(), p.y() * delivered));
        }
        return new Delivery(toAll.stream().mapToDouble(Double::doubleValue).toArray(), curve, toAll.size(), never);
    }
}
