package io.ledgergossip.bench;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.GossipSettings;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.dissemination.BlockIntake;
import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.dissemination.BlockVerifier;
import io.ledgergossip.dissemination.DisseminationService;
import io.ledgergossip.dissemination.GossipChannel;
import io.ledgergossip.dissemination.PeerKinds;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.fixture.SeededRandom;
import io.ledgergossip.identity.CryptoGenerator;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.NodeRole;
import io.ledgergossip.identity.OrgCa;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.time.ManualScheduler;
import io.ledgergossip.topology.ParentSelection;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.memory.InMemoryNetwork;
import io.ledgergossip.transport.memory.InMemoryTransport;
import io.ledgergossip.transport.memory.LinkFaults;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Networks larger than one machine can run: the dissemination classes (push, pull, state transfer,
 * block verification and ordered commit) of every node on the in-memory transport and one virtual
 * clock, over the overlay the topology rules build: orgs of {@code orgSize} peers, each with its
 * super nodes meshed with every other super node, ordinary peers attached to the least loaded super
 * node of their org and linked to {@code siblingLinks} random peers of it. Signatures are
 * {@link io.ledgergossip.identity.SimulatedSignatures}; certificates, chains and every message path
 * are the real ones. Everything derives from the seed: the same seed gives the same report.
 */
public final class Simulator {
    /**
     * What to simulate.
     *
     * @param wholeNodes run every node's membership and topology too (whole {@code GossipNode}s that
     *     find each other from the super nodes' addresses), instead of starting from the converged overlay
     * @param killSuperNodes super nodes that die as the first block is cut, spread over the orgs
     *     (the first super node of orgs 1, 2, ..., then the second ones)
     */
    public record Spec(int nodes, long seed, double loss, BenchProfile profile, int orgSize, int superNodesPerOrg,
            int blocks, int blockBytes, Duration hopLatency, Duration blockInterval, boolean wholeNodes, int killSuperNodes) {
        public Spec {
            if (nodes < 2 || orgSize < superNodesPerOrg + 1 || superNodesPerOrg < 1 || blocks < 1 || loss < 0 || loss >= 1) {
                throw new IllegalArgumentException("need at least 2 nodes, orgs larger than their super nodes, "
                        + "at least 1 block, and a loss in [0, 1)");
            }
            if (wholeNodes && (nodes % orgSize != 0 || nodes > MAX_WHOLE_NODES)) {
                throw new IllegalArgumentException("with whole nodes (--membership), nodes must be a multiple of the org size and at most "
                        + MAX_WHOLE_NODES + " (alive gossip is N^2 messages a round, and bootstrap membership responses carry every member)");
            }
            int orgs = (nodes + orgSize - 1) / orgSize;
            if (killSuperNodes < 0 || killSuperNodes > orgs * (superNodesPerOrg - 1)) {
                throw new IllegalArgumentException("--kill-super-nodes " + killSuperNodes + ": at most " + orgs * (superNodesPerOrg - 1)
                        + " here ((super nodes per org - 1) x " + orgs + " orgs): every org keeps one super node, its only way to the orderer");
            }
        }

        public Spec(int nodes, long seed, double loss, BenchProfile profile, int orgSize, int superNodesPerOrg, int blocks,
                int blockBytes, Duration hopLatency, Duration blockInterval, boolean wholeNodes) {
            this(nodes, seed, loss, profile, orgSize, superNodesPerOrg, blocks, blockBytes, hopLatency, blockInterval, wholeNodes, 0);
        }

        /** Whether the {@code index}-th super node (0-based) of org {@code org} is one that dies at the first block. */
        boolean dies(int org, int index, int orgs) {
            return index * orgs + org < killSuperNodes;
        }
    }

    /** Whole nodes simulated at most: 500 take about 30 s and a few GB here; 1,000 exhaust a 6 GB heap at bootstrap. */
    public static final int MAX_WHOLE_NODES = 500;

    /**
     * One block's spread: virtual time from its cut until every living node held it, and that in
     * hops (-1 if some node never held it), and the fraction of living nodes holding it after
     * {@link #ROUNDS} hops.
     */
    public record BlockSpread(long number, long millisToAll, int rounds, double[] holdingAtRounds) {
        public static final List<Integer> ROUNDS = java.util.Arrays.stream(HoldingTimes.ROUNDS_REPORTED).boxed().toList();
    }

    /**
     * What the simulation measured.
     *
     * @param killed super nodes that died at the first block (not counted among the nodes that must hold blocks)
     * @param holdingCurve fraction of (living node, block) pairs held by virtual time t (ms) after the cut
     */
    public record Result(Spec spec, int orgs, int superNodes, List<BlockSpread> blocks, double messagesPerNode, double bytesPerNode,
            double bodiesPerNodePerBlock, long unfinished, double reference, Membership membership, int killed,
            List<Stats.Point> holdingCurve) {
        /** The p99 over blocks of the rounds until every node held the block; -1 if some block never reached every node. */
        public int p99Rounds() {
            return HoldingTimes.p99Rounds(blocks);
        }
    }

    /** With whole nodes: virtual time until every ordinary node was attached, and members known per node at the end. */
    public record Membership(long attachedAfterMillis, double membersKnownPerNode) {}

    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final String ORDERER_MSP = "OrdererMSP";

    private final Spec spec;
    private final ManualScheduler scheduler = new ManualScheduler(START.toEpochMilli());
    private final List<SimNode> nodes = new ArrayList<>();

    /** One simulated peer: its identity, transport and dissemination, and its place in the overlay. */
    private static final class SimNode {
        final int org;
        final boolean superNode;
        final LocalIdentity identity;
        final String endpoint;
        final Set<PkiId> children = new LinkedHashSet<>();
        InMemoryTransport transport;
        DisseminationService dissemination;
        final long[] heldAt;
        boolean dead;

        /** Dies as a crash would: its connections drop, its timers stop, it takes no more blocks. */
        void die() {
            dissemination.stop();
            transport.close();
        }

        SimNode(int org, boolean superNode, LocalIdentity identity, String endpoint, int blocks) {
            this.org = org;
            this.superNode = superNode;
            this.identity = identity;
            this.endpoint = endpoint;
            this.heldAt = new long[blocks];
        }
    }

    public Simulator(Spec spec) {
        this.spec = spec;
    }

    public Result run(Progress progress) {
        if (spec.wholeNodes()) {
            return new WholeNodeSimulation(spec).run(progress);
        }
        progress.phase("simulate: identities");
        SecureRandom seeded = SeededRandom.of(spec.seed());
        CryptoGenerator generator = new CryptoGenerator(seeded, START.minus(Duration.ofDays(30)), Duration.ofDays(3650));
        OrgCa ordererCa = generator.createOrgCa(ORDERER_MSP, "example.com", NodeRole.ORDERER);
        List<OrgCa> cas = new ArrayList<>(List.of(ordererCa));
        int orgs = (spec.nodes() + spec.orgSize() - 1) / spec.orgSize();
        for (int o = 0; o < orgs; o++) {
            OrgCa ca = generator.createOrgCa("Org" + (o + 1) + "MSP", "org" + (o + 1) + ".example.com", NodeRole.PEER);
            cas.add(ca);
            KeyPair shared = generator.keyPair();
            int size = Math.min(spec.orgSize(), spec.nodes() - o * spec.orgSize());
            for (int i = 0; i < size; i++) {
                String host = "peer" + i + "." + ca.domain();
                LocalIdentity identity = LocalIdentity.simulated(generator.issueSimulatedNode(ca, host, shared));
                SimNode node = new SimNode(o, i < Math.min(spec.superNodesPerOrg(), size - 1) || size == 1, identity, host + ":7051",
                        spec.blocks());
                node.dead = node.superNode && spec.dies(o, i, orgs);
                nodes.add(node);
                progress.update(nodes.size(), spec.nodes(), "nodes");
            }
        }
        IdentityValidator validator = IdentityValidator.forSimulation(TrustedOrgs.of(cas.toArray(OrgCa[]::new)), scheduler);
        LocalIdentity ordererId = LocalIdentity.simulated(generator.issueSimulatedNode(ordererCa, "orderer.example.com",
                generator.keyPair()));

        InMemoryNetwork network = new InMemoryNetwork(scheduler, spec.seed());
        network.setDefaultFaults(LinkFaults.NONE.withDelay(spec.hopLatency(), Duration.ZERO).withDropRate(spec.loss()));
        DisseminationConfig config = GossipSettings.from(spec.profile().applyTo(Map.of())).dissemination();
        SplittableRandom random = new SplittableRandom(spec.seed());
        for (SimNode node : nodes) {
            start(node, network, validator, config, random.split());
        }
        progress.phase("simulate: overlay");
        connectOverlay(random.split(), GossipSettings.from(spec.profile().applyTo(Map.of())).topology());
        // a running overlay: its first pulls answered (each has timed a few round trips) before the first block
        scheduler.advance(config.pullInterval().plus(spec.hopLatency().multipliedBy(4)));

        FixtureOrderer orderer = new FixtureOrderer(ordererId, spec.seed(), 1, Math.max(16, spec.blockBytes() - 800));
        List<SimNode> supers = nodes.stream().filter(n -> n.superNode).toList();
        // the super nodes take blocks from the orderer directly, as GossipNode.subscribeTo does
        orderer.subscribe(block -> supers.stream().filter(n -> !n.dead)
                .forEach(n -> scheduler.execute(() -> n.dissemination.fromSource(block))));
        List<SimNode> dying = nodes.stream().filter(n -> n.dead).toList();
        long trafficStart = sent();
        long bytesStart = bytesSent();
        long bodiesStart = bodies();
        long[] cutAt = new long[spec.blocks()];
        progress.phase("simulate: blocks");
        for (int b = 0; b < spec.blocks(); b++) {
            cutAt[b] = scheduler.millis();
            if (b == 0) {
                dying.forEach(SimNode::die);
            }
            orderer.cut();
            scheduler.advance(spec.blockInterval());
            progress.update(b + 1, spec.blocks(), "blocks cut");
        }
        long deadline = scheduler.millis() + Duration.ofMinutes(5).toMillis();
        while (!allHoldAll() && scheduler.millis() < deadline) {
            scheduler.advance(Duration.ofMillis(100));
        }
        progress.finishLine();
        HoldingTimes held = new HoldingTimes(nodes.stream().filter(node -> !node.dead).map(node -> node.heldAt).toArray(long[][]::new),
                cutAt, spec.hopLatency().toMillis());
        double n = nodes.size() - dying.size();
        double reference = Math.log(nodes.size()) / Math.log(2) + Math.log(nodes.size());
        return new Result(spec, orgs, supers.size(), held.spreads(), (sent() - trafficStart) / n, (bytesSent() - bytesStart) / n,
                (bodies() - bodiesStart) / n / spec.blocks(), held.neverHeld(), reference, null, dying.size(), held.holdingCurve());
    }

    private void start(SimNode node, InMemoryNetwork network, IdentityValidator validator, DisseminationConfig config,
            SplittableRandom random) {
        node.transport = network.join(node.identity, node.endpoint, validator, TransportConfig.defaults());
        BlockIntake intake = new BlockIntake(new InMemoryLedgerStore(), new BlockVerifier(validator, Set.of(ORDERER_MSP), null),
                BlockValidation.allValid(KvWrites::of), config.stateBlockBufferSize());
        intake.addListener(block -> {
            int b = (int) block.getHeader().getNumber();
            if (b < node.heldAt.length && node.heldAt[b] == 0) {
                node.heldAt[b] = scheduler.millis();
            }
        });
        node.dissemination = new DisseminationService(node.identity, GossipChannel.DEFAULT, node.transport, scheduler, random, config, intake,
                () -> Collections.unmodifiableSet(node.children), PeerKinds.ALL_LEDGER_GOSSIP);
        DisseminationService dissemination = node.dissemination;
        node.transport.start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) {
                dissemination.handle(message);
            }

            @Override
            public void onConnected(PeerIdentity peer) {
                dissemination.onConnected(peer.pkiId());
            }

            @Override
            public void onDisconnected(PkiId peer) {
            }
        });
        dissemination.start();
    }

    /** Super nodes mesh; each ordinary peer attaches to its org's least loaded super node and links to siblings. */
    /**
     * The overlay the topology rules build, with the profile's settings: each ordinary peer takes
     * the super node {@link ParentSelection} puts first (the same function peers use), and
     * siblingLinks random peers of its org.
     */
    private void connectOverlay(SplittableRandom random, TopologyConfig topology) {
        List<SimNode> supers = nodes.stream().filter(n -> n.superNode).toList();
        for (int i = 0; i < supers.size(); i++) {
            for (int j = i + 1; j < supers.size(); j++) {
                supers.get(i).transport.connect(supers.get(j).endpoint);
            }
        }
        int orgs = nodes.get(nodes.size() - 1).org + 1;
        for (int o = 0; o < orgs; o++) {
            int org = o;
            List<SimNode> members = nodes.stream().filter(n -> n.org == org).toList();
            List<SimNode> orgSupers = members.stream().filter(n -> n.superNode).toList();
            for (SimNode peer : members) {
                if (peer.superNode) {
                    continue;
                }
                List<SimNode> ordered = ParentSelection.order(peer.identity.pkiId(), orgSupers, s -> s.identity.pkiId(),
                        s -> s.children.size(), s -> topology.maxChildren(), id -> null, Set.of());
                SimNode parent = ordered.isEmpty() ? orgSupers.get(0) : ordered.get(0); // all full: the first anyway, as "full" refusals would end
                parent.children.add(peer.identity.pkiId());
                peer.transport.connect(parent.endpoint);
                for (int s = 0; s < topology.siblingLinks() && members.size() > 2; s++) {
                    SimNode sibling = members.get(random.nextInt(members.size()));
                    if (sibling != peer) {
                        peer.transport.connect(sibling.endpoint);
                    }
                }
            }
        }
        scheduler.advance(spec.hopLatency().multipliedBy(4)); // handshakes done
    }

    private boolean allHoldAll() {
        for (SimNode n : nodes) {
            if (n.dead) {
                continue;
            }
            if (n.heldAt[spec.blocks() - 1] == 0 || n.dissemination.height() < spec.blocks()) {
                return false;
            }
        }
        return true;
    }

    private long sent() {
        return nodes.stream().mapToLong(n -> n.transport.counters().messagesSent()).sum();
    }

    private long bytesSent() {
        return nodes.stream().mapToLong(n -> n.transport.counters().bytesSent()).sum();
    }

    private long bodies() {
        return nodes.stream().mapToLong(n -> n.dissemination.counters().bodiesReceived()).sum();
    }
}
