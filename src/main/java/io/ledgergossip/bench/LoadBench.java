package io.ledgergossip.bench;

import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained load: blocks cut at a fixed rate for a while, every peer's lag behind the head sampled
 * every 10 ms; the rate doubles while every peer stays within {@code maxLag} blocks at p99, then a
 * bisection between the last rate kept up with and the first one not narrows the answer. Steps at
 * the start rate, then at {@link #WARMUP_HIGH_FACTOR} times it, run first, unmeasured, each rate
 * until the JIT compilers are quiet: a measured step that shares the cores with the compilers
 * fails at a rate the peers keep up with afterwards, and the bisection never tries that rate
 * again. For the same reason a step that fails while the compilers took more than
 * {@link JitTime#QUIET_SHARE} of its time is run again at the same rate, at most
 * {@link #MAX_JIT_RETRIES} times: a rate first reached makes the JIT recompile the paths it
 * exercises (2026-12-02, 30-40 blocks/s: 1-3.8 s of compiling in a 4 s step, the steps after it
 * calm). Every attempt is reported, with the compilers' time.
 */
public final class LoadBench {
    /**
     * Warm-up steps at most at each warm-up rate (a rate stops once quiet, {@link JitTime#quiet}).
     * Without them (2026-12-02, 4 s steps) the JVM kept 1.7 cores busy at 10 blocks/s in the first
     * step and 0.75 at 17.5 in the fourth; the 20 blocks/s step, second, failed.
     */
    static final int MAX_WARMUP_STEPS = 8;
    /**
     * The second warm-up rate, as a multiple of the start rate. At the start rate blocks come one at
     * a time; at four times it they come in runs (bursts of several blocks, runs committed
     * together), the paths every measured rate above it takes. 2026-12-02, warm-up at the start rate
     * only: the first step at 40 blocks/s spent 1-3.6 s of its 4 s in the JIT and failed, as did the
     * two attempts after it (bench load: 35, 35, 35 blocks/s); with the second warm-up rate 40 kept up
     * with 79-385 ms of JIT, and three runs gave 55, 45 and 55 blocks/s.
     */
    static final int WARMUP_HIGH_FACTOR = 4;
    /** Runs again of a rate whose step failed while the JIT was busy. */
    static final int MAX_JIT_RETRIES = 2;

    /** What to run. */
    public record Spec(NetworkConfig config, BenchProfile profile, int blockBytes, Duration step, double startRate,
            int maxLag, int maxSteps, boolean syncWrites) {}

    /**
     * One rate tried: the worst peer's p99 lag in blocks, the CPU cores this JVM kept busy meanwhile,
     * and the time the JIT compilers took (ms).
     */
    public record Step(double blocksPerSecond, double worstP99Lag, boolean keptUp, double cpuCores, long jitMillis) {
        /** Failed while the compilers took more than their quiet share of the step: not a figure of the peers. */
        boolean failedInJit(Duration step) {
            return !keptUp && !JitTime.quiet(jitMillis, step.toMillis());
        }
    }

    /** The highest rate every peer kept up with, every rate tried, and the unmeasured warm-up steps that ran first. */
    public record Result(String profile, int peers, int blocks, int blockBytes, double highestRate, List<Step> steps,
            int warmupSteps) {}

    private LoadBench() {}

    public static Result run(Spec spec, Path work, Progress progress) throws Exception {
        NetworkConfig config = spec.config().withGossip(spec.profile().applyTo(spec.config().gossip()));
        try (BenchNetwork net = BenchNetwork.create(config, work, spec.blockBytes(), 13)) {
            progress.phase("load " + spec.profile().name() + ": blocks");
            net.orderer().prepare(64);
            net.syncWrites(spec.syncWrites());
            net.startAll();
            net.awaitTopology(Duration.ofSeconds(60));
            net.orderer().release(); // genesis
            net.awaitHeight(1, Duration.ofSeconds(60));
            int warmups = warmUp(net, spec.startRate(), spec, progress)
                    + warmUp(net, WARMUP_HIGH_FACTOR * spec.startRate(), spec, progress);
            List<Step> steps = new ArrayList<>();
            double kept = 0;
            double failed = Double.NaN;
            double rate = spec.startRate();
            for (int i = 0; i < spec.maxSteps(); i++) {
                progress.phase(String.format("load %s: %.0f blocks/s", spec.profile().name(), rate));
                Step step = hold(net, rate, spec, progress);
                for (int retry = 0; retry < MAX_JIT_RETRIES && step.failedInJit(spec.step()); retry++) {
                    steps.add(step);
                    progress.phase(String.format("load %s: %.0f blocks/s again (JIT busy)", spec.profile().name(), rate));
                    step = hold(net, rate, spec, progress);
                }
                steps.add(step);
                if (step.keptUp()) {
                    kept = Math.max(kept, rate);
                } else {
                    failed = Double.isNaN(failed) ? rate : Math.min(failed, rate);
                }
                if (!Double.isNaN(failed) && failed / kept < 1.2) {
                    break;
                }
                rate = Double.isNaN(failed) ? rate * 2 : (kept == 0 ? rate / 2 : (kept + failed) / 2);
            }
            progress.finishLine();
            int blockBytes = net.orderer().prepared().get(1).getSerializedSize();
            return new Result(spec.profile().name(), config.peers().size(), net.orderer().released(), blockBytes, kept, steps,
                    warmups);
        }
    }

    /** Unmeasured steps at {@code rate} until the JIT compilers are quiet through one, at most {@link #MAX_WARMUP_STEPS}; returns how many ran. */
    private static int warmUp(BenchNetwork net, double rate, Spec spec, Progress progress) throws TimeoutException, InterruptedException {
        int steps = 0;
        while (steps < MAX_WARMUP_STEPS) {
            progress.phase(String.format("load %s: warm-up at %.0f blocks/s, %d", spec.profile().name(), rate, steps + 1));
            long jitBefore = JitTime.millis();
            hold(net, rate, spec, progress);
            steps++;
            if (JitTime.quiet(JitTime.millis() - jitBefore, spec.step().toMillis())) {
                break;
            }
        }
        return steps;
    }

    /** Cuts blocks at {@code rate} for the step's duration, sampling lags; then lets everyone catch up. */
    private static Step hold(BenchNetwork net, double rate, Spec spec, Progress progress) throws TimeoutException, InterruptedException {
        List<RunningPeer> peers = net.peers();
        int count = Math.max(1, (int) Math.round(rate * spec.step().toMillis() / 1000.0));
        net.orderer().prepare(count + 1 - (net.orderer().prepared().size() - net.orderer().released()));
        long interval = (long) (1e9 / rate);
        List<List<Integer>> lags = new ArrayList<>();
        peers.forEach(p -> lags.add(new ArrayList<>()));
        long start = System.nanoTime();
        long cpuBefore = ProcessCpu.nanos();
        long jitBefore = JitTime.millis();
        long nextSample = start;
        int released = 0;
        while (released < count) {
            long now = System.nanoTime();
            while (released < count && start + released * interval <= now) {
                net.orderer().release();
                released++;
            }
            if (now >= nextSample) {
                int head = net.orderer().released();
                for (int p = 0; p < peers.size(); p++) {
                    lags.get(p).add((int) (head - peers.get(p).store().height()));
                }
                nextSample += 10_000_000L;
                progress.update(released, count, "blocks");
            }
            long wake = Math.min(start + released * interval, nextSample);
            LockSupport.parkNanos(Math.max(0, wake - System.nanoTime()));
        }
        double cpuCores = (double) (ProcessCpu.nanos() - cpuBefore) / (System.nanoTime() - start);
        long jitMillis = JitTime.millis() - jitBefore;
        double worst = 0;
        for (List<Integer> peerLags : lags) {
            worst = Math.max(worst, Stats.quantile(Stats.sorted(peerLags.stream().mapToDouble(Integer::doubleValue).toArray()), 0.99));
        }
        net.awaitHeight(net.orderer().released(), Duration.ofSeconds(120));
        return new Step(Stats.round(rate, 1), worst, worst <= spec.maxLag(), Stats.round(cpuCores, 2), jitMillis);
    }
}
