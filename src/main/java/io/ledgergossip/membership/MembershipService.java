package io.ledgergossip.membership;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.store.MembershipStore;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.time.TaskGroup;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import io.ledgergossip.wire.proto.LedgerGossip.PeerMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.hyperledger.fabric.protos.gossip.Message.AliveMessage;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message;
import org.hyperledger.fabric.protos.gossip.Message.MembershipRequest;
import org.hyperledger.fabric.protos.gossip.Message.MembershipResponse;
import org.hyperledger.fabric.protos.gossip.Message.PeerTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's membership protocol. Runs on the node's scheduler thread: every method is called
 * from it, so the state needs no locks.
 */
public final class MembershipService {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipService.class);
    /** A MembershipResponse carries at most this many alive messages (a random choice beyond it). */
    static final int MAX_RESPONSE_MEMBERS = 2_000;

    private final LocalIdentity self;
    private final Transport transport;
    private final Scheduler scheduler;
    private final TaskGroup group;
    private final RandomGenerator random;
    private final IdentityValidator validator;
    private final MembershipConfig config;
    private final MembershipStore store;
    private final MembershipView view = new MembershipView();
    private final IdentityCache handshakes = new IdentityCache();
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, long[]> pendingRequests = new HashMap<>();
    private final Map<PkiId, Long> rttMillis = new HashMap<>();
    private final long incarnation;
    private long sequence;
    private PeerMetadata metadata = PeerMetadata.getDefaultInstance();
    private Envelope currentAlive;
    private boolean metadataAnnouncePending;
    private long staleAlives;
    private final BiConsumer<PkiId, String> offences;
    private long invalidAlives;

    /**
     * @param offences where to report a neighbour that sent an alive message that fails verification
     *     (forged, unknown org, PKI-ID not its identity's): peers forward only alive messages they
     *     verified, so the neighbour is at fault. Stale ones (replays) are not reported: honest
     *     peers relay late copies too.
     */
    public MembershipService(LocalIdentity self, Transport transport, Scheduler scheduler,
            RandomGenerator random, IdentityValidator validator, MembershipConfig config, MembershipStore store,
            BiConsumer<PkiId, String> offences) {
        this.offences = offences;
        this.self = self;
        this.transport = transport;
        this.group = new TaskGroup(scheduler); // every timer of this service, called off together on stop
        this.scheduler = group;
        this.random = random;
        this.validator = validator;
        this.config = config;
        this.store = store;
        this.incarnation = scheduler.clock().millis(); // Fabric: the incarnation is the start time
    }

    public void addListener(MembershipListener listener) {
        listeners.add(listener);
    }

    /** Loads what the store remembers, then starts the periodic alive, pull and expiry tasks. */
    public void start() {
        for (Map.Entry<String, byte[]> stored : store.loadAll().entrySet()) {
            try {
                VerifiedAlive remembered = VerifiedAlive.verify(Envelope.parseFrom(stored.getValue()), validator, VerifiedAlive.KnownIdentities.NONE);
                if (!remembered.identity().pkiId().equals(self.pkiId())) {
                    view.remember(remembered);
                }
            } catch (MembershipException | InvalidProtocolBufferException e) {
                LOG.warn("{}: dropping a stored membership record: {}", self, e.getMessage());
            }
        }
        scheduler.scheduleEvery(config.aliveTimeInterval(), this::sendAlive);
        scheduler.scheduleEvery(config.pullInterval(), this::pull);
        Duration check = config.aliveTimeInterval().dividedBy(5);
        scheduler.scheduleEvery(check.isZero() ? Duration.ofMillis(1) : check, this::expire);
        sendAlive();
    }

    public void stop() {
        group.cancelAll(); // the periodic rounds and announcements of new metadata
    }

    /**
     * Sets what this peer says of itself. A fresh alive message carrying it goes out shortly; changes
     * in quick succession (children attaching one after the other) share one announcement.
     */
    public void setMetadata(PeerMetadata newMetadata) {
        if (newMetadata.equals(metadata)) {
            return;
        }
        metadata = newMetadata;
        currentAlive = null;
        if (!metadataAnnouncePending) {
            metadataAnnouncePending = true;
            scheduler.schedule(config.aliveTimeInterval().dividedBy(10), () -> {
                metadataAnnouncePending = false;
                sendAlive();
            });
        }
    }

    public PeerMetadata metadata() {
        return metadata;
    }

    // ---- what others ask

    public List<Member> aliveMembers() {
        return view.alive();
    }

    public List<Member> knownMembers() {
        return new ArrayList<>(view.all());
    }

    public Optional<Member> member(PkiId id) {
        return view.get(id);
    }

    public boolean isAlive(PkiId id) {
        return view.get(id).map(Member::alive).orElse(false);
    }

    /** Round trip to a peer measured on membership pulls, if any was measured. */
    public Optional<Long> rttMillis(PkiId id) {
        return Optional.ofNullable(rttMillis.get(id));
    }

    /** A peer proved its identity in a handshake: its alive messages may come without one. */
    public void connected(PeerIdentity peer) {
        handshakes.put(peer);
    }

    private Optional<PeerIdentity> knownIdentity(PkiId id) {
        Optional<Member> member = view.get(id);
        return member.isPresent() ? Optional.of(member.get().identity()) : handshakes.get(id);
    }

    private void invalidAlive(PkiId from, MembershipException e) {
        if (e.blameless()) {
            LOG.debug("{}: dropped an alive message from {}: {}", self.pkiId().shortHex(), from.shortHex(), e.getMessage());
            return;
        }
        invalidAlive(from, e.getMessage());
    }

    private void invalidAlive(PkiId from, String reason) {
        invalidAlives++;
        offences.accept(from, "invalid alive message: " + reason);
    }

    public long staleAlives() {
        return staleAlives;
    }

    public long invalidAlives() {
        return invalidAlives;
    }

    // ---- periodic work

    private void sendAlive() {
        currentAlive = null; // every round a new sequence number
        Envelope alive = ownAlive();
        for (PkiId peer : transport.connectedPeers()) {
            transport.send(peer, alive);
        }
    }

    /** This peer's current signed alive message; a new one (next sequence number) only each round or on change. */
    Envelope ownAlive() {
        if (currentAlive != null) {
            return currentAlive;
        }
        sequence++;
        GossipMessage message = GossipMessage.newBuilder()
                .setTag(GossipMessage.Tag.EMPTY)
                .setAliveMsg(AliveMessage.newBuilder()
                        .setMembership(Message.Member.newBuilder()
                                .setEndpoint(transport.endpoint())
                                .setMetadata(metadata.toByteString())
                                .setPkiId(self.pkiId().toByteString()))
                        .setTimestamp(PeerTime.newBuilder().setIncNum(incarnation).setSeqNum(sequence))
                        .setIdentity(self.serialized()))
                .build();
        currentAlive = SignedGossip.sign(message, self::sign);
        return currentAlive;
    }

    private void pull() {
        List<PkiId> peers = new ArrayList<>(transport.connectedPeers());
        Collections.shuffle(peers, new Random(random.nextLong()));
        for (PkiId peer : peers.subList(0, Math.min(config.pullPeerNum(), peers.size()))) {
            requestMembership(peer);
        }
    }

    /**
     * Asks one peer for the alive members this peer does not know yet (all of them at bootstrap).
     * The request lists the PKI-IDs already known (Fabric's {@code MembershipRequest.known}), so a
     * response carries only what is new; fresher alive messages of known members come by gossip.
     */
    public void requestMembership(PkiId peer) {
        long nonce = random.nextLong();
        pendingRequests.put(nonce, new long[] {scheduler.clock().millis()});
        MembershipRequest.Builder ask = MembershipRequest.newBuilder().setSelfInformation(ownAlive());
        for (Member m : view.alive()) {
            if (ask.getKnownCount() >= MAX_RESPONSE_MEMBERS) {
                break;
            }
            ask.addKnown(m.pkiId().toByteString());
        }
        GossipMessage request = GossipMessage.newBuilder()
                .setNonce(nonce)
                .setTag(GossipMessage.Tag.EMPTY)
                .setMemReq(ask)
                .build();
        transport.send(peer, SignedGossip.unsigned(request));
        if (pendingRequests.size() > 10_000) {
            pendingRequests.clear();
        }
    }

    private void expire() {
        long now = scheduler.clock().millis();
        for (Member dead : view.expire(now, config.aliveExpirationTimeout().toMillis())) {
            LOG.info("{}: peer {} is dead (not heard for {})", self.pkiId().shortHex(), dead, config.aliveExpirationTimeout());
            listeners.forEach(l -> l.onDead(dead));
        }
    }

    // ---- inbound

    /** Handles alive messages and membership requests and responses; returns false for other kinds. */
    public boolean handle(ReceivedMessage received) {
        GossipMessage message = received.message();
        if (message == null) {
            return false;
        }
        switch (message.getContentCase()) {
            case ALIVE_MSG -> onAlive(received.envelope(), message, received.sender().pkiId());
            case MEM_REQ -> onRequest(received, message);
            case MEM_RES -> onResponse(received, message);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void onAlive(Envelope envelope, GossipMessage message, PkiId from) {
        if (isStale(message)) {
            staleAlives++;
            return;
        }
        VerifiedAlive alive;
        try {
            alive = VerifiedAlive.verify(envelope, message, validator, this::knownIdentity);
        } catch (MembershipException e) {
            if (!e.blameless()) {
                LOG.warn("{}: ignored an alive message from {}: {}", self.pkiId().shortHex(), from.shortHex(), e.getMessage());
            }
            invalidAlive(from, e);
            return;
        }
        if (offer(alive, from)) {
            forward(alive.envelope(), from, alive.identity().pkiId());
        }
    }

    /**
     * True when an alive message claims a PeerTime no newer than the one held for its PKI-ID: such a
     * message can change nothing, so it is dropped before its (costly) signature check. A forged
     * message can only claim a newer time, and then it is checked.
     */
    private boolean isStale(GossipMessage message) {
        if (!message.hasAliveMsg() || !message.getAliveMsg().hasMembership()) {
            return false;
        }
        PkiId id = PkiId.fromBytes(message.getAliveMsg().getMembership().getPkiId());
        PeerTime time = message.getAliveMsg().getTimestamp();
        return id.equals(self.pkiId())
                || view.get(id).map(m -> !m.isOlderThan(time.getIncNum(), time.getSeqNum())).orElse(false);
    }

    /** Takes a verified alive message into the view; true when it was fresh. */
    private boolean offer(VerifiedAlive alive, PkiId from) {
        PkiId id = alive.identity().pkiId();
        if (id.equals(self.pkiId())) {
            return false;
        }
        Optional<Member> before = view.get(id);
        MembershipView.Verdict verdict = view.offer(alive, scheduler.clock().millis());
        if (verdict == MembershipView.Verdict.STALE) {
            staleAlives++;
            return false;
        }
        Member now = view.get(id).orElseThrow();
        boolean changed = before.isEmpty() || !before.get().endpoint().equals(now.endpoint())
                || before.get().incNum() != now.incNum() || !before.get().metadata().equals(now.metadata());
        if (before.isEmpty() || before.get().incNum() != now.incNum() || !before.get().endpoint().equals(now.endpoint())) {
            store.put(id.toBytes(), alive.envelope().toByteArray());
        }
        switch (verdict) {
            case NEW, RESURRECTED -> {
                LOG.info("{}: peer {} is {}", self.pkiId().shortHex(), now, verdict == MembershipView.Verdict.NEW ? "known" : "alive again");
                listeners.forEach(l -> l.onAlive(now));
            }
            default -> {
                if (changed) {
                    listeners.forEach(l -> l.onUpdated(now));
                }
            }
        }
        return true;
    }

    /**
     * Passes a fresh alive message on to propagatePeerNum random peers, never back to its sender or
     * origin. Only alive messages that came as gossip are passed on; those learned from a
     * membership response are not, or every new connection would set off a storm.
     */
    private void forward(Envelope envelope, PkiId from, PkiId origin) {
        List<PkiId> peers = new ArrayList<>(transport.connectedPeers());
        peers.remove(from);
        peers.remove(origin);
        Collections.shuffle(peers, new Random(random.nextLong()));
        // Fabric's emitter sends a message propagateIterations times to propagatePeerNum random peers;
        // over reliable connections a second copy to the same peer adds nothing, so each round goes to others
        int fanout = config.propagatePeerNum() * config.propagateIterations();
        for (PkiId peer : peers.subList(0, Math.min(fanout, peers.size()))) {
            transport.send(peer, envelope);
        }
    }

    private void onRequest(ReceivedMessage received, GossipMessage message) {
        MembershipRequest request = message.getMemReq();
        if (request.hasSelfInformation()) {
            try {
                VerifiedAlive alive = VerifiedAlive.verify(request.getSelfInformation(), validator, this::knownIdentity);
                if (alive.identity().pkiId().equals(received.sender().pkiId())) {
                    offer(alive, received.sender().pkiId());
                } else {
                    invalidAlive(received.sender().pkiId(), "self information of another peer");
                }
            } catch (MembershipException e) {
                invalidAlive(received.sender().pkiId(), e);
            }
        }
        Set<ByteString> known = new HashSet<>(request.getKnownList().subList(0,
                Math.min(request.getKnownCount(), MAX_RESPONSE_MEMBERS)));
        List<Member> alive = new ArrayList<>(view.alive().stream().filter(m -> !known.contains(m.pkiId().toByteString())).toList());
        if (alive.size() > MAX_RESPONSE_MEMBERS) {
            Collections.shuffle(alive, new Random(random.nextLong()));
            alive = alive.subList(0, MAX_RESPONSE_MEMBERS);
        }
        MembershipResponse.Builder response = MembershipResponse.newBuilder().addAlive(ownAlive());
        for (Member m : alive) {
            response.addAlive(m.aliveEnvelope());
        }
        transport.send(received.sender().pkiId(), SignedGossip.unsigned(GossipMessage.newBuilder()
                .setNonce(message.getNonce()).setTag(GossipMessage.Tag.EMPTY).setMemRes(response).build()));
    }

    private void onResponse(ReceivedMessage received, GossipMessage message) {
        long[] sent = pendingRequests.remove(message.getNonce());
        if (sent != null) {
            long rtt = scheduler.clock().millis() - sent[0];
            rttMillis.merge(received.sender().pkiId(), rtt, (old, now) -> (old * 3 + now) / 4);
        }
        for (Envelope envelope : message.getMemRes().getAliveList()) {
            try {
                GossipMessage alive = SignedGossip.open(envelope);
                if (isStale(alive)) {
                    continue; // nothing new: not worth a signature check
                }
                offer(VerifiedAlive.verify(envelope, alive, validator, this::knownIdentity), received.sender().pkiId());
            } catch (MembershipException e) {
                invalidAlive(received.sender().pkiId(), e);
            } catch (WireException e) {
                invalidAlive(received.sender().pkiId(), e.getMessage());
            }
        }
    }
}
