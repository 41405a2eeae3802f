package io.ledgergossip.transport.memory;

import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.util.Hex;
import io.ledgergossip.util.Sha256;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;

/**
 * A simulated network of {@link InMemoryTransport}s sharing one scheduler and one seeded random
 * source. Not thread-safe: everything runs on the scheduler's thread (a
 * {@link io.ledgergossip.time.ManualScheduler} in tests).
 */
public final class InMemoryNetwork {
    private final Scheduler scheduler;
    private final SplittableRandom random;
    private final Map<String, InMemoryTransport> byEndpoint = new HashMap<>();
    private final Map<String, LinkFaults> linkFaults = new HashMap<>();
    private final Map<String, Integer> partitionGroup = new HashMap<>();
    private final List<TraceEvent> trace = new ArrayList<>();
    private LinkFaults defaultFaults = LinkFaults.NONE;
    private boolean tracing;

    public InMemoryNetwork(Scheduler scheduler, long seed) {
        this.scheduler = scheduler;
        this.random = new SplittableRandom(seed);
    }

    /** A new peer on this network at {@code endpoint}; it accepts connections once started. */
    public InMemoryTransport join(LocalIdentity identity, String endpoint, IdentityValidator validator, TransportConfig config) {
        InMemoryTransport existing = byEndpoint.get(endpoint);
        if (existing != null && existing.isRunning()) {
            throw new IllegalStateException(endpoint + " is taken by a running peer");
        }
        InMemoryTransport transport = new InMemoryTransport(this, identity, endpoint, validator, config);
        byEndpoint.put(endpoint, transport);
        return transport;
    }

    public void setDefaultFaults(LinkFaults faults) {
        this.defaultFaults = faults;
    }

    /** Faults of the one-way link from {@code from} to {@code to}. */
    public void setFaults(String from, String to, LinkFaults faults) {
        linkFaults.put(from + "->" + to, faults);
    }

    /** Splits the network: messages and connections between different groups are lost until {@link #heal()}. */
    @SafeVarargs
    public final void partition(Set<String>... groups) {
        partitionGroup.clear();
        for (int g = 0; g < groups.length; g++) {
            for (String endpoint : groups[g]) {
                partitionGroup.put(endpoint, g);
            }
        }
    }

    public void heal() {
        partitionGroup.clear();
    }

    /** Records every message's fate in {@link #trace()} (off by default: it costs a hash per message). */
    public void setTracing(boolean on) {
        this.tracing = on;
    }

    public List<TraceEvent> trace() {
        return List.copyOf(trace);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Optional<InMemoryTransport> running(String endpoint) {
        InMemoryTransport t = byEndpoint.get(endpoint);
        return t != null && t.isRunning() ? Optional.of(t) : Optional.empty();
    }

    boolean reachable(String from, String to) {
        Integer a = partitionGroup.get(from);
        Integer b = partitionGroup.get(to);
        return partitionGroup.isEmpty() || (a != null && a.equals(b));
    }

    private LinkFaults faults(String from, String to) {
        return linkFaults.getOrDefault(from + "->" + to, defaultFaults);
    }

    /** Delay of a connection handshake: the link's fixed delay, there and back. */
    Duration handshakeDelay(String from, String to) {
        return faults(from, to).delay().plus(faults(to, from).delay());
    }

    /** Sends one message over the link, applying its faults; {@code deliver} runs at arrival. */
    void transmit(String from, String to, Envelope envelope, Runnable deliver) {
        // the payload, not the envelope: ECDSA signatures differ from run to run, messages do not
        String digest = tracing ? Hex.of(Arrays.copyOf(Sha256.of(envelope.getPayload().toByteArray()), 6)) : "";
        record(TraceEvent.Kind.SENT, from, to, digest);
        if (!reachable(from, to)) {
            record(TraceEvent.Kind.PARTITIONED, from, to, digest);
            return;
        }
        LinkFaults faults = faults(from, to);
        if (faults.dropRate() > 0 && random.nextDouble() < faults.dropRate()) {
            record(TraceEvent.Kind.DROPPED, from, to, digest);
            return;
        }
        int copies = faults.duplicateRate() > 0 && random.nextDouble() < faults.duplicateRate() ? 2 : 1;
        if (copies == 2) {
            record(TraceEvent.Kind.DUPLICATED, from, to, digest);
        }
        for (int i = 0; i < copies; i++) {
            long jitter = faults.jitter().isZero() ? 0 : random.nextLong(faults.jitter().toMillis() + 1);
            scheduler.schedule(faults.delay().plusMillis(jitter), () -> {
                if (reachable(from, to)) {
                    record(TraceEvent.Kind.DELIVERED, from, to, digest);
                    deliver.run();
                } else {
                    record(TraceEvent.Kind.PARTITIONED, from, to, digest);
                }
            });
        }
    }

    private void record(TraceEvent.Kind kind, String from, String to, String digest) {
        if (tracing) {
            trace.add(new TraceEvent(scheduler.clock().millis(), kind, from, to, digest));
        }
    }
}
