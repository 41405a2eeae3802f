package io.ledgergossip.topology;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.membership.MembershipService;
import io.ledgergossip.time.Cancellable;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.time.TaskGroup;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import io.ledgergossip.wire.proto.LedgerGossip.HopAck;
import io.ledgergossip.wire.proto.LedgerGossip.RoutedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/**
 * Routed delivery with a definite answer. Every hop, the origin included, holds the message until
 * the hop after it answers: it resends it every quarter hopTimeout, fails the hop when no
 * ACCEPTED came within hopTimeout, and fails it when no outcome came within its budget, which is
 * one hopTimeout more than the budget it gives the next hop. So the origin, with a budget of
 * MAX_ROUTE_HOPS x hopTimeout, always has its answer in time. Runs on the node's scheduler thread.
 */
public final class RoutedDelivery {
    private final LocalIdentity self;
    private final Transport transport;
    private final MembershipService membership;
    private final TopologyService topology;
    private final Scheduler scheduler;
    private final TaskGroup group;
    private final RandomGenerator random;
    private final TopologyConfig config;
    private final List<RoutedMessageListener> listeners = new CopyOnWriteArrayList<>();
    /** Routed messages this peer holds at once, at most: beyond, new ones are answered FAILED ("busy"). */
    static final int MAX_IN_FLIGHT = 10_000;
    /** Message ids remembered for duplicate filtering, at most (older ones are purged first). */
    static final int MAX_SEEN = 100_000;

    private final Map<ByteString, Hop> inFlight = new HashMap<>();
    /** Messages seen, with their final answer once known: to re-answer duplicates and deliver once. */
    private final Map<ByteString, Seen> seen = new LinkedHashMap<>();

    /** A message this peer holds until the next hop answers. */
    private final class Hop {
        final RoutedMessage message;
        final PkiId next;
        final PkiId upstream;
        final CompletableFuture<DeliveryReceipt> origin;
        final long startedAt;
        final List<Cancellable> timers = new ArrayList<>();
        boolean accepted;

        Hop(RoutedMessage message, PkiId next, PkiId upstream, CompletableFuture<DeliveryReceipt> origin) {
            this.message = message;
            this.next = next;
            this.upstream = upstream;
            this.origin = origin;
            this.startedAt = scheduler.clock().millis();
        }
    }

    private record Seen(long at, HopAck answer) {}

    public RoutedDelivery(LocalIdentity self, Transport transport, MembershipService membership, TopologyService topology,
            Scheduler scheduler, RandomGenerator random, TopologyConfig config) {
        this.self = self;
        this.transport = transport;
        this.membership = membership;
        this.topology = topology;
        this.group = new TaskGroup(scheduler); // every timer of this service, called off together on stop
        this.scheduler = group;
        this.random = random;
        this.config = config;
        this.scheduler.scheduleEvery(config.hopTimeout(), this::purgeSeen); // the field: the group, not the parameter
    }

    public void addListener(RoutedMessageListener listener) {
        listeners.add(listener);
    }

    public void stop() {
        group.cancelAll(); // the purge, and every hop's resend and timeout timers
        for (Hop hop : java.util.List.copyOf(inFlight.values())) {
            if (hop.origin != null) { // the sender hears a definite answer, not silence
                hop.origin.complete(new DeliveryReceipt(DeliveryReceipt.Status.FAILED, name(self.pkiId()), "the node stopped", 0,
                        scheduler.clock().millis() - hop.startedAt));
            }
        }
        inFlight.clear();
    }

    /** Sends {@code body} to the peer {@code target}; completes with DELIVERED or FAILED within MAX_ROUTE_HOPS x hopTimeout. */
    public CompletableFuture<DeliveryReceipt> send(PkiId target, byte[] body) {
        CompletableFuture<DeliveryReceipt> result = new CompletableFuture<>();
        byte[] id = new byte[16];
        random.nextBytes(id);
        long budget = Defaults.MAX_ROUTE_HOPS * config.hopTimeout().toMillis();
        RoutedMessage message = RoutedMessage.newBuilder()
                .setMessageId(ByteString.copyFrom(id))
                .setOrigin(self.pkiId().toByteString())
                .setTarget(target.toByteString())
                .setBody(ByteString.copyFrom(body))
                .setHop(0)
                .build();
        if (target.equals(self.pkiId())) {
            listeners.forEach(l -> l.onRoutedMessage(self.pkiId(), body));
            result.complete(new DeliveryReceipt(DeliveryReceipt.Status.DELIVERED, "", "", 0, 0));
            return result;
        }
        NextHop.Decision decision = decide(target, null);
        if (!decision.found()) {
            result.complete(new DeliveryReceipt(DeliveryReceipt.Status.FAILED, name(self.pkiId()), decision.failure(), 0, 0));
            return result;
        }
        forward(message, budget, decision.next(), null, result);
        return result;
    }

    private NextHop.Decision decide(PkiId target, PkiId cameFrom) {
        return NextHop.choose(self.pkiId(), self.mspId(), topology.isSuperNode(), topology.parent().orElse(null), target,
                transport.connectedPeers(), membership::member, cameFrom);
    }

    private void forward(RoutedMessage message, long budget, PkiId next, PkiId upstream,
            CompletableFuture<DeliveryReceipt> origin) {
        RoutedMessage out = message.toBuilder()
                .setBudgetMillis((int) Math.max(0, budget - config.hopTimeout().toMillis()))
                .setHop(message.getHop() + 1)
                .build();
        Hop hop = new Hop(out, next, upstream, origin);
        inFlight.put(out.getMessageId(), hop);
        Duration resend = config.hopTimeout().dividedBy(4);
        send(next, ExtensionMessage.newBuilder().setRouted(out).build());
        hop.timers.add(scheduler.scheduleEvery(resend, () -> send(next, ExtensionMessage.newBuilder().setRouted(out).build())));
        hop.timers.add(scheduler.schedule(config.hopTimeout(), () -> {
            if (!hop.accepted) {
                finish(hop, HopAck.Status.FAILED, name(self.pkiId()) + " -> " + name(next),
                        "timeout: no acknowledgement within " + config.hopTimeout(), 0);
            }
        }));
        hop.timers.add(scheduler.schedule(Duration.ofMillis(budget), () -> finish(hop, HopAck.Status.FAILED,
                name(self.pkiId()) + " -> " + name(next), "timeout: no outcome within " + Duration.ofMillis(budget), 0)));
    }

    private void finish(Hop hop, HopAck.Status status, String failedHop, String reason, int hops) {
        if (inFlight.remove(hop.message.getMessageId()) != hop) {
            return;
        }
        hop.timers.forEach(Cancellable::cancel);
        if (hop.origin != null) {
            long elapsed = scheduler.clock().millis() - hop.startedAt;
            hop.origin.complete(status == HopAck.Status.DELIVERED
                    ? new DeliveryReceipt(DeliveryReceipt.Status.DELIVERED, "", "", hops, elapsed)
                    : new DeliveryReceipt(DeliveryReceipt.Status.FAILED, failedHop, reason, 0, elapsed));
            return;
        }
        HopAck answer = HopAck.newBuilder().setMessageId(hop.message.getMessageId()).setStatus(status)
                .setFailedHop(failedHop).setReason(reason).setHops(hops).build();
        seen.put(hop.message.getMessageId(), new Seen(scheduler.clock().millis(), answer));
        send(hop.upstream, ExtensionMessage.newBuilder().setHopAck(answer).build());
    }

    /** Handles routed messages and hop acknowledgements; returns false for other kinds. */
    public boolean handle(ReceivedMessage received) {
        ExtensionMessage extension = received.extension();
        if (extension == null) {
            return false;
        }
        switch (extension.getContentCase()) {
            case ROUTED -> onRouted(received.sender().pkiId(), extension.getRouted());
            case HOP_ACK -> onHopAck(received.sender().pkiId(), extension.getHopAck());
            default -> {
                return false;
            }
        }
        return true;
    }

    private void onRouted(PkiId from, RoutedMessage message) {
        ByteString id = message.getMessageId();
        send(from, ExtensionMessage.newBuilder().setHopAck(HopAck.newBuilder().setMessageId(id)
                .setStatus(HopAck.Status.ACCEPTED)).build());
        Seen known = seen.get(id);
        if (known != null) {
            if (known.answer() != null) {
                send(from, ExtensionMessage.newBuilder().setHopAck(known.answer()).build());
            }
            return; // a resend: acknowledged again, never handled twice
        }
        if (seen.size() >= MAX_SEEN || inFlight.size() >= MAX_IN_FLIGHT) {
            purgeSeen();
            if (seen.size() >= MAX_SEEN || inFlight.size() >= MAX_IN_FLIGHT) {
                // full: a definite FAILED now, rather than state without bound (the sender's rate is capped upstream too)
                send(from, ExtensionMessage.newBuilder().setHopAck(HopAck.newBuilder().setMessageId(id).setStatus(HopAck.Status.FAILED)
                        .setFailedHop(name(self.pkiId())).setReason("busy: too many routed messages in flight")).build());
                return;
            }
        }
        seen.put(id, new Seen(scheduler.clock().millis(), null));
        PkiId target = PkiId.fromBytes(message.getTarget());
        if (target.equals(self.pkiId())) {
            PkiId origin = PkiId.fromBytes(message.getOrigin());
            byte[] body = message.getBody().toByteArray();
            listeners.forEach(l -> l.onRoutedMessage(origin, body));
            answer(from, id, HopAck.Status.DELIVERED, "", "", message.getHop());
            return;
        }
        if (message.getBudgetMillis() < config.hopTimeout().toMillis()) {
            answer(from, id, HopAck.Status.FAILED, name(self.pkiId()), "no time left for another hop", 0);
            return;
        }
        NextHop.Decision decision = decide(target, from);
        if (!decision.found()) {
            answer(from, id, HopAck.Status.FAILED, name(self.pkiId()), decision.failure(), 0);
            return;
        }
        // the wire's budget is the sender's claim: never more than the origin could have given (MAX_ROUTE_HOPS hops)
        long budget = Math.min(message.getBudgetMillis(), Defaults.MAX_ROUTE_HOPS * config.hopTimeout().toMillis());
        forward(message, budget, decision.next(), from, null);
    }

    private void onHopAck(PkiId from, HopAck ack) {
        Hop hop = inFlight.get(ack.getMessageId());
        if (hop == null || !hop.next.equals(from)) {
            return;
        }
        if (ack.getStatus() == HopAck.Status.ACCEPTED) {
            hop.accepted = true;
            return;
        }
        finish(hop, ack.getStatus(), ack.getFailedHop(), ack.getReason(), ack.getHops());
    }

    private void answer(PkiId to, ByteString id, HopAck.Status status, String failedHop, String reason, int hops) {
        HopAck answer = HopAck.newBuilder().setMessageId(id).setStatus(status).setFailedHop(failedHop).setReason(reason)
                .setHops(hops).build();
        seen.put(id, new Seen(scheduler.clock().millis(), answer));
        send(to, ExtensionMessage.newBuilder().setHopAck(answer).build());
    }

    /** Forgets messages older than any budget, so the duplicate filter stays bounded. */
    private void purgeSeen() {
        long horizon = scheduler.clock().millis() - 2L * Defaults.MAX_ROUTE_HOPS * config.hopTimeout().toMillis();
        Iterator<Seen> it = seen.values().iterator();
        while (it.hasNext() && it.next().at() < horizon) {
            it.remove();
        }
    }

    private void send(PkiId to, ExtensionMessage message) {
        transport.send(to, SignedGossip.unsigned(message, random.nextLong()));
    }

    private String name(PkiId id) {
        if (id.equals(self.pkiId())) {
            return self.mspId() + "/" + self.commonName();
        }
        return membership.member(id).map(m -> m.mspId() + "/" + m.identity().commonName()).orElse(id.shortHex());
    }
}
