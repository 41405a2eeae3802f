package io.ledgergossip.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * When each node first held each block (virtual milliseconds, 0 for never), and when each block
 * was cut: what a simulation reports is computed from these alone. Nodes that died are left out.
 */
final class HoldingTimes {
    /** Rounds at which the fraction of nodes holding a block is reported. */
    static final int[] ROUNDS_REPORTED = {1, 2, 5, 10, 20};

    private final long[][] heldAt;
    private final long[] cutAt;
    private final long hopMillis;
    private final Delivery delivery;

    /** @param heldAt per living node, per block, when it first held it (0: never) */
    HoldingTimes(long[][] heldAt, long[] cutAt, long hopMillis) {
        this.heldAt = heldAt;
        this.cutAt = cutAt;
        this.hopMillis = hopMillis;
        long[][] byBlock = new long[cutAt.length][heldAt.length];
        for (int n = 0; n < heldAt.length; n++) {
            for (int b = 0; b < cutAt.length; b++) {
                byBlock[b][n] = heldAt[n][b];
            }
        }
        this.delivery = Delivery.of(byBlock, cutAt, 1);
    }

    /** Per block: time from its cut until the last node held it, in ms and hops, and the fraction holding it at each reported round. */
    List<Simulator.BlockSpread> spreads() {
        List<Simulator.BlockSpread> spreads = new ArrayList<>();
        for (int b = 0; b < cutAt.length; b++) {
            long last = 0;
            int[] holding = new int[ROUNDS_REPORTED.length];
            for (long[] node : heldAt) {
                long at = node[b];
                last = Math.max(last, at == 0 ? Long.MAX_VALUE / 2 : at);
                for (int r = 0; r < ROUNDS_REPORTED.length; r++) {
                    holding[r] += at != 0 && at - cutAt[b] <= ROUNDS_REPORTED[r] * hopMillis ? 1 : 0;
                }
            }
            double[] fractions = new double[holding.length];
            for (int r = 0; r < holding.length; r++) {
                fractions[r] = heldAt.length == 0 ? 1 : (double) holding[r] / heldAt.length;
            }
            boolean everyone = last < Long.MAX_VALUE / 2;
            long millis = everyone ? last - cutAt[b] : -1;
            int rounds = everyone ? (int) Math.ceil((double) millis / hopMillis) : -1;
            spreads.add(new Simulator.BlockSpread(b, millis, rounds, fractions));
        }
        return spreads;
    }

    /** Fraction of all (node, block) pairs held by time t (virtual ms) after the cut. */
    List<Stats.Point> holdingCurve() {
        return delivery.holdingCurve();
    }

    /** (node, block) pairs never held. */
    long neverHeld() {
        return delivery.neverDelivered();
    }

    /** The p99 over blocks of the rounds until every node held the block (a block some node never held counts as the worst). */
    static int p99Rounds(List<Simulator.BlockSpread> spreads) {
        double[] rounds = spreads.stream().mapToDouble(b -> b.rounds() < 0 ? Double.MAX_VALUE : b.rounds()).toArray();
        double p99 = Stats.quantile(Stats.sorted(rounds), 0.99);
        return p99 == Double.MAX_VALUE ? -1 : (int) p99;
    }
}
