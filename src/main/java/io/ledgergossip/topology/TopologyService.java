package io.ledgergossip.topology;

import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.membership.Member;
import io.ledgergossip.membership.MembershipListener;
import io.ledgergossip.membership.MembershipService;
import io.ledgergossip.time.Cancellable;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.time.TaskGroup;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.proto.LedgerGossip.AttachRequest;
import io.ledgergossip.wire.proto.LedgerGossip.AttachResponse;
import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import io.ledgergossip.wire.proto.LedgerGossip.PeerMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this peer's place in the hybrid topology. A super node stays connected to every other
 * super node and accepts up to maxChildren children of its org. An ordinary peer keeps a parent
 * (re-attaching elsewhere as soon as its parent's connection drops or it is declared dead) and
 * siblingLinks connections to random peers of its org. Runs on the node's scheduler thread.
 */
public final class TopologyService implements MembershipListener {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyService.class);

    private final LocalIdentity self;
    private final boolean superNode;
    private final List<String> bootstrap;
    private final Transport transport;
    private final MembershipService membership;
    private final Scheduler scheduler;
    private final TaskGroup group;
    private final RandomGenerator random;
    private final TopologyConfig config;
    private final MembershipConfig membershipConfig;
    private long lastReconnect = Long.MIN_VALUE / 2; // when dead super nodes were last redialed
    private final Set<PkiId> children = new LinkedHashSet<>();
    private final Map<PkiId, Long> refusedUntil = new HashMap<>();
    private final Set<String> dialing = new LinkedHashSet<>();
    private PkiId parent;
    private long parentSince;
    private PkiId pendingParent;
    private Cancellable pendingTimeout;

    /** Upkeep runs (parent checks, rebalancing, sibling links) per aliveTimeInterval. */
    static final int MAINTENANCE_PER_ALIVE_INTERVAL = 5;

    public TopologyService(LocalIdentity self, boolean superNode, List<String> bootstrap, Transport transport,
            MembershipService membership, Scheduler scheduler, RandomGenerator random, TopologyConfig config,
            MembershipConfig membershipConfig) {
        this.self = self;
        this.superNode = superNode;
        this.bootstrap = List.copyOf(bootstrap);
        this.transport = transport;
        this.membership = membership;
        this.group = new TaskGroup(scheduler); // every timer of this service, called off together on stop
        this.scheduler = group;
        this.random = random;
        this.config = config;
        this.membershipConfig = membershipConfig;
    }

    public void start() {
        membership.addListener(this);
        publishMetadata();
        dialBootstrap();
        scheduler.scheduleEvery(membershipConfig.aliveTimeInterval().dividedBy(MAINTENANCE_PER_ALIVE_INTERVAL), this::maintain);
    }

    public void stop() {
        group.cancelAll(); // upkeep and the attach timeout
    }

    public boolean isSuperNode() {
        return superNode;
    }

    public Optional<PkiId> parent() {
        return Optional.ofNullable(parent);
    }

    public Set<PkiId> children() {
        return Set.copyOf(children);
    }

    // ---- periodic upkeep

    private void maintain() {
        if (superNode) {
            // dead ones too, every reconnectInterval, as Fabric reconnects to dead members: after a
            // partition heals or a super node restarts, nobody else may dial it first
            boolean redialDead = reconnectDue();
            for (Member m : membership.knownMembers()) {
                if (m.isSuperNode() && (redialDead || membership.isAlive(m.pkiId()))) {
                    ensureConnected(m);
                }
            }
            if (transport.connectedPeers().isEmpty()) {
                dialBootstrap();
            }
            return;
        }
        if (parent != null && !transport.connectedPeers().contains(parent)) {
            lost(parent, "not connected");
        }
        if (parent == null && pendingParent == null) {
            if (!attachToBestParent() && reconnectDue()) {
                // no live super node of the org is known (all died, or this peer's links to them
                // did): look for one every reconnectInterval, or the peer and its siblings stay an island
                dialBootstrap();
                dialRemembered();
            }
        } else if (pendingParent == null) {
            rebalance();
        }
        keepSiblings();
        if (parent != null) {
            dropBootstrapLinks();
        }
        if (transport.connectedPeers().isEmpty()) {
            dialBootstrap();
            dialRemembered();
        }
    }

    /**
     * Once attached, an ordinary peer closes the connections it opened to other orgs' super nodes
     * for bootstrapping: it reaches the rest of the network through its parent, and the super nodes
     * keep their connections for their own children.
     */
    private void dropBootstrapLinks() {
        for (PkiId peer : transport.connectedPeers()) {
            Optional<Member> m = membership.member(peer);
            if (m.isPresent() && m.get().isSuperNode() && !m.get().mspId().equals(self.mspId())) {
                transport.disconnect(peer);
            }
        }
    }

    /** True at most once per reconnectInterval: time to dial dead members again. */
    private boolean reconnectDue() {
        long now = scheduler.clock().millis();
        if (now - lastReconnect < membershipConfig.reconnectInterval().toMillis()) {
            return false;
        }
        lastReconnect = now;
        return true;
    }

    private void dialBootstrap() {
        for (String endpoint : bootstrap) {
            if (!endpoint.equals(transport.endpoint())) {
                dial(endpoint);
            }
        }
    }

    /** After a restart with the super nodes down: the peers the store remembers, of this org and super nodes. */
    private void dialRemembered() {
        for (Member m : membership.knownMembers()) {
            if (m.isSuperNode() || m.mspId().equals(self.mspId())) {
                dial(m.endpoint());
            }
        }
    }

    private void ensureConnected(Member member) {
        if (!transport.connectedPeers().contains(member.pkiId())) {
            dial(member.endpoint());
        }
    }

    private void dial(String endpoint) {
        if (!dialing.add(endpoint)) {
            return;
        }
        transport.connect(endpoint).whenComplete((peer, error) -> scheduler.execute(() -> dialing.remove(endpoint)));
    }

    private void keepSiblings() {
        List<Member> connectedSiblings = new ArrayList<>();
        List<Member> candidates = new ArrayList<>();
        for (Member m : membership.aliveMembers()) {
            if (!m.mspId().equals(self.mspId()) || m.pkiId().equals(parent)) {
                continue;
            }
            if (transport.connectedPeers().contains(m.pkiId())) {
                connectedSiblings.add(m);
            } else if (!m.isSuperNode()) {
                candidates.add(m);
            }
        }
        int missing = config.siblingLinks() - connectedSiblings.size();
        if (missing <= 0 || candidates.isEmpty()) {
            return;
        }
        Collections.shuffle(candidates, new Random(random.nextLong()));
        for (Member m : candidates.subList(0, Math.min(missing, candidates.size()))) {
            dial(m.endpoint());
        }
    }

    // ---- attaching (ordinary peer side)

    /** False when no super node of the org is alive and willing. */
    private boolean attachToBestParent() {
        long now = scheduler.clock().millis();
        refusedUntil.values().removeIf(until -> until <= now);
        List<Member> candidates = membership.aliveMembers().stream()
                .filter(Member::isSuperNode)
                .filter(m -> m.mspId().equals(self.mspId()))
                .toList();
        List<Member> ordered = ParentSelection.order(self.pkiId(), candidates, id -> membership.rttMillis(id).orElse(null),
                refusedUntil.keySet());
        if (ordered.isEmpty()) {
            return false;
        }
        attach(ordered.get(0));
        return true;
    }

    private void attach(Member choice) {
        // an attach still pending is abandoned: its timer must not refuse the next candidate, and a super node
        // that accepts it after all is told to forget this peer (no phantom child)
        cancelPendingTimeout();
        if (pendingParent != null && !pendingParent.equals(choice.pkiId())) {
            detachFrom(pendingParent);
        }
        pendingParent = choice.pkiId();
        pendingTimeout = scheduler.schedule(config.hopTimeout(), () -> {
            if (choice.pkiId().equals(pendingParent)) {
                refuse(choice.pkiId());
            }
        });
        transport.connect(choice.endpoint()).whenComplete((peer, error) -> scheduler.execute(() -> {
            if (!choice.pkiId().equals(pendingParent)) {
                return;
            }
            if (error != null) {
                refuse(choice.pkiId());
                return;
            }
            send(choice.pkiId(), ExtensionMessage.newBuilder().setAttachRequest(AttachRequest.getDefaultInstance()).build());
        }));
    }

    /**
     * Moves to a less loaded super node of the org when the parent has at least two children more
     * than it. Peers that attached at the same moment saw the same loads, so each moves only with a
     * probability that makes about half the excess move per round, not all of it at once.
     */
    private void rebalance() {
        long now = scheduler.clock().millis();
        if (now - parentSince < membershipConfig.aliveTimeInterval().toMillis()) {
            return;
        }
        Optional<Member> current = membership.member(parent);
        if (current.isEmpty()) {
            return;
        }
        int load = current.get().metadata().getChildren();
        Optional<Member> lightest = membership.aliveMembers().stream()
                .filter(m -> m.isSuperNode() && m.mspId().equals(self.mspId()) && !m.pkiId().equals(parent))
                .min(java.util.Comparator.comparingInt(m -> m.metadata().getChildren()));
        if (lightest.isPresent() && random.nextDouble()
                < ParentSelection.moveProbability(load, lightest.get().metadata().getChildren(), MAINTENANCE_PER_ALIVE_INTERVAL)) {
            LOG.info("{} moves from {} ({} children) to a less loaded super node", self, parent.shortHex(), load);
            attach(lightest.get());
        }
    }

    private void refuse(PkiId superNodeId) {
        refusedUntil.put(superNodeId, scheduler.clock().millis() + membershipConfig.aliveTimeInterval().toMillis());
        pendingParent = null;
        cancelPendingTimeout();
        attachToBestParent();
    }

    private void cancelPendingTimeout() {
        if (pendingTimeout != null) {
            pendingTimeout.cancel();
            pendingTimeout = null;
        }
    }

    private void onAttachResponse(PeerIdentity from, AttachResponse response) {
        if (!from.pkiId().equals(pendingParent)) {
            if (response.getAccepted() && !from.pkiId().equals(parent)) {
                detachFrom(from.pkiId()); // an abandoned attach it accepted late: it must not count this peer as a child
            }
            return;
        }
        cancelPendingTimeout();
        pendingParent = null;
        if (response.getAccepted()) {
            PkiId previous = parent;
            parent = from.pkiId();
            parentSince = scheduler.clock().millis();
            LOG.info("{} attached to parent {}", self, from);
            if (previous != null && !previous.equals(parent)) {
                detachFrom(previous);
            }
            publishMetadata();
        } else {
            LOG.info("{}: {} refused to be its parent: {}", self, from, response.getReason());
            refuse(from.pkiId());
        }
    }

    // ---- accepting children (super node side)

    private void onAttachRequest(PeerIdentity from, AttachRequest request) {
        if (request.getDetach()) {
            if (children.remove(from.pkiId())) {
                publishMetadata();
            }
            return;
        }
        AttachResponse.Builder response = AttachResponse.newBuilder().setMaxChildren(config.maxChildren());
        if (!superNode) {
            response.setAccepted(false).setReason("not a super node");
        } else if (!from.mspId().equals(self.mspId())) {
            response.setAccepted(false).setReason("other org");
        } else if (!children.contains(from.pkiId()) && children.size() >= config.maxChildren()) {
            response.setAccepted(false).setReason("full");
        } else {
            if (children.add(from.pkiId())) {
                LOG.info("{} accepted child {} ({} children)", self, from, children.size());
            }
            response.setAccepted(true);
            publishMetadata();
        }
        send(from.pkiId(), ExtensionMessage.newBuilder().setAttachResponse(response.setChildren(children.size())).build());
    }

    // ---- events

    /** Handles attach requests and responses; returns false for other kinds. */
    public boolean handle(ReceivedMessage received) {
        ExtensionMessage extension = received.extension();
        if (extension == null) {
            return false;
        }
        switch (extension.getContentCase()) {
            case ATTACH_REQUEST -> onAttachRequest(received.sender(), extension.getAttachRequest());
            case ATTACH_RESPONSE -> onAttachResponse(received.sender(), extension.getAttachResponse());
            default -> {
                return false;
            }
        }
        return true;
    }

    public void onDisconnected(PkiId peer) {
        lost(peer, "connection closed");
    }

    @Override
    public void onDead(Member member) {
        lost(member.pkiId(), "declared dead");
        transport.disconnect(member.pkiId());
    }

    private void lost(PkiId peer, String why) {
        if (peer.equals(parent)) {
            LOG.info("{} lost its parent {} ({}): re-attaching", self, peer.shortHex(), why);
            parent = null;
            publishMetadata();
            attachToBestParent();
        }
        if (children.remove(peer)) {
            publishMetadata();
        }
    }

    private void detachFrom(PkiId superNodeId) {
        send(superNodeId, ExtensionMessage.newBuilder().setAttachRequest(AttachRequest.newBuilder().setDetach(true)).build());
    }

    private void publishMetadata() {
        PeerMetadata.Builder metadata = PeerMetadata.newBuilder().setLedgerGossip(true).setSuperNode(superNode);
        if (superNode) {
            metadata.setChildren(children.size()).setMaxChildren(config.maxChildren());
        } else if (parent != null) {
            metadata.setParentPkiId(parent.toByteString());
        }
        membership.setMetadata(metadata.build());
    }

    private void send(PkiId to, ExtensionMessage message) {
        transport.send(to, SignedGossip.unsigned(message, random.nextLong()));
    }
}
