package io.ledgergossip.node;

import io.ledgergossip.identity.PkiId;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.transport.ReceivedMessage;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where every received message waits for the node's thread, and the one place it is admitted.
 *
 * <pre>
 *  transport thread                                  node thread
 *  ----------------                                  -----------
 *  message -> banned? -> rate of its class ok? ---->  [control]  ---\
 *               | drop      | drop (+ offence once    [requests] ----> drain: a batch at a time,
 *                              a second)              [bodies]   ---/  control first, then yield
 *                                           queue full (count or bytes): drop and count
 *  a sender with too many bytes queued: its connection stops being read until they drain
 * </pre>
 *
 * <p>The queues are bounded in messages and bytes, so a flood costs the victim at most their
 * bound in memory; the drain yields after each batch, so alive and expiry timers keep their pace
 * whatever arrives. Thread-safe: the transport offers from its threads.
 */
public final class Inbox {
    /** Messages handled per turn of the node thread before timers get their turn again. */
    static final int BATCH = 64;

    /** The bounds: per queue in messages and bytes, per sender in bytes (before its reads pause), per class in messages a second. */
    record Limits(int maxMessages, long maxControlBytes, long maxRequestBytes, long maxBodyBytes, long maxBytesPerSender,
            int controlPerSecond, int requestsPerSecond, int routedPerSecond, int bodiesPerSecond) {
        /**
         * The node's bounds: 4,096 messages; 16 MiB of control messages and 16 MiB of requests; four frames of bodies;
         * two frames from one sender before its reads pause. Rates per sender: requests at maxRequestsPerSecond (as
         * before), control messages at ten times that (alive forwarding grows with the membership), routed messages
         * and body messages at four times that, hop acknowledgements at twice the routed rate (far above what an honest peer sends: a state-transfer response
         * carries a batch of blocks in one message).
         */
        static Limits forNode(int maxMessageSize, int maxRequestsPerSecond) {
            return new Limits(4_096, 16L << 20, 16L << 20, 4L * maxMessageSize, 2L * maxMessageSize,
                    10 * maxRequestsPerSecond, maxRequestsPerSecond, 4 * maxRequestsPerSecond, 4 * maxRequestsPerSecond);
        }

        long maxBytes(int queue) {
            return queue == 0 ? maxControlBytes : queue == 1 ? maxRequestBytes : maxBodyBytes;
        }

        int perSecond(InboundLane lane) {
            return switch (lane) {
                case CONTROL -> controlPerSecond;
                case REQUEST -> requestsPerSecond;
                case ROUTED -> routedPerSecond;
                case ACK -> 2 * routedPerSecond; // what answers the routed messages this peer may send
                case BODY -> bodiesPerSecond;
            };
        }
    }

    /** What the inbox counted: dropped by class because of the rate or a full queue, offences, the most bytes queued. */
    public static final class Counters {
        private final Map<InboundLane, AtomicLong> overRate = new EnumMap<>(InboundLane.class);
        private final Map<InboundLane, AtomicLong> queueFull = new EnumMap<>(InboundLane.class);
        final AtomicLong floods = new AtomicLong();
        final AtomicLong bannedDropped = new AtomicLong();
        final AtomicLong maxQueuedBytes = new AtomicLong();

        Counters() {
            for (InboundLane lane : InboundLane.values()) {
                overRate.put(lane, new AtomicLong());
                queueFull.put(lane, new AtomicLong());
            }
        }

        public long droppedOverRate(InboundLane lane) {
            return overRate.get(lane).get();
        }

        public long droppedQueueFull(InboundLane lane) {
            return queueFull.get(lane).get();
        }

        /** Requests of every class refused for their sender's rate (what NodeStatus calls requestsDropped). */
        public long droppedOverRate() {
            return overRate.values().stream().mapToLong(AtomicLong::get).sum();
        }

        public long floods() {
            return floods.get();
        }

        public long maxQueuedBytes() {
            return maxQueuedBytes.get();
        }
    }

    private record Waiting(ReceivedMessage message, InboundLane lane, int bytes) {}

    private final Scheduler scheduler;
    private final Limits limits;
    private final Consumer<ReceivedMessage> dispatch;
    private final Predicate<PkiId> banned;
    private final BiConsumer<PkiId, String> offence;
    private final BiConsumer<PkiId, Boolean> pauseReading;
    private final Counters counters = new Counters();
    private final RateWindows rates = new RateWindows();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Waiting>[] queues = new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()};
    private final long[] queuedBytes = new long[3];
    private final Map<PkiId, Long> bytesBySender = new HashMap<>();
    private int queuedMessages;
    private boolean drainScheduled;

    /**
     * @param dispatch handles one message on the node thread
     * @param banned whether a sender is banned now (thread-safe)
     * @param offence reports a sender's flood, on the node thread (it scores the sender down)
     * @param pauseReading stops (true) or resumes (false) reading a sender's connection
     */
    Inbox(Scheduler scheduler, Limits limits, Consumer<ReceivedMessage> dispatch, Predicate<PkiId> banned,
            BiConsumer<PkiId, String> offence, BiConsumer<PkiId, Boolean> pauseReading) {
        this.scheduler = scheduler;
        this.limits = limits;
        this.dispatch = dispatch;
        this.banned = banned;
        this.offence = offence;
        this.pauseReading = pauseReading;
    }

    Counters counters() {
        return counters;
    }

    /** Admits and queues one received message (any thread); what is not admitted or does not fit is dropped and counted. */
    void offer(ReceivedMessage message) {
        PkiId sender = message.sender().pkiId();
        if (banned.test(sender)) {
            counters.bannedDropped.incrementAndGet();
            return;
        }
        InboundLane lane = InboundLane.of(message);
        RateWindows.Verdict verdict = rates.admit(sender, lane, limits.perSecond(lane), scheduler.clock().millis());
        if (verdict != RateWindows.Verdict.ADMIT) {
            counters.overRate.get(lane).incrementAndGet();
            if (verdict == RateWindows.Verdict.DROP_AND_REPORT) {
                counters.floods.incrementAndGet();
                String why = "flooding: more than " + limits.perSecond(lane) + " " + lane.name().toLowerCase(java.util.Locale.ROOT)
                        + " messages in a second";
                scheduler.execute(() -> offence.accept(sender, why));
            }
            return;
        }
        int bytes = message.envelope().getSerializedSize();
        boolean schedule;
        boolean pause = false;
        synchronized (this) {
            int queue = lane.queue();
            if (queuedMessages >= limits.maxMessages() || queuedBytes[queue] + bytes > limits.maxBytes(queue)) {
                counters.queueFull.get(lane).incrementAndGet();
                return;
            }
            queues[queue].add(new Waiting(message, lane, bytes));
            queuedMessages++;
            queuedBytes[queue] += bytes;
            long fromSender = bytesBySender.merge(sender, (long) bytes, Long::sum);
            if (fromSender > limits.maxBytesPerSender() && fromSender - bytes <= limits.maxBytesPerSender()) {
                pause = true;
            }
            counters.maxQueuedBytes.accumulateAndGet(queuedBytes[0] + queuedBytes[1] + queuedBytes[2], Math::max);
            schedule = !drainScheduled;
            drainScheduled = true;
        }
        if (pause) {
            pauseReading.accept(sender, true); // the socket's own buffers hold the rest until this sender's queue drains
        }
        if (schedule) {
            scheduler.execute(this::drain);
        }
    }

    /** Handles up to a batch, highest queue first, then yields the node thread and comes back for the rest. */
    private void drain() {
        for (int handled = 0; handled < BATCH; handled++) {
            Waiting next;
            boolean resume;
            synchronized (this) {
                next = poll();
                if (next == null) {
                    drainScheduled = false;
                    return;
                }
                PkiId sender = next.message().sender().pkiId();
                long before = bytesBySender.getOrDefault(sender, 0L);
                long after = before - next.bytes();
                if (after <= 0) {
                    bytesBySender.remove(sender);
                } else {
                    bytesBySender.put(sender, after);
                }
                resume = before > limits.maxBytesPerSender() / 2 && after <= limits.maxBytesPerSender() / 2;
            }
            if (resume) {
                pauseReading.accept(next.message().sender().pkiId(), false);
            }
            dispatch.accept(next.message());
        }
        scheduler.execute(this::drain); // more waiting: timers and other tasks go first
    }

    private Waiting poll() {
        for (int q = 0; q < queues.length; q++) {
            Waiting w = queues[q].poll();
            if (w != null) {
                queuedMessages--;
                queuedBytes[q] -= w.bytes();
                return w;
            }
        }
        return null;
    }
}
