package io.ledgergossip.dissemination;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.time.TaskGroup;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.gossip.Message.DataDigest;
import org.hyperledger.fabric.protos.gossip.Message.DataMessage;
import org.hyperledger.fabric.protos.gossip.Message.DataRequest;
import org.hyperledger.fabric.protos.gossip.Message.DataUpdate;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipHello;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.PullMsgType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push and pull of new blocks, and the entry point of every block this peer receives. State
 * transfer for peers that fell behind is {@link StateTransfer}. Runs on the node's scheduler thread.
 */
public final class DisseminationService {
    private static final Logger LOG = LoggerFactory.getLogger(DisseminationService.class);

    /** How a block body arrived. */
    enum Via { SOURCE, PUSH, PULL, STATE }

    private final LocalIdentity self;
    private final GossipChannel channel;
    private final PullMessages messages;
    private final Transport transport;
    private final Scheduler scheduler;
    private final TaskGroup group;
    private final RandomGenerator random;
    private final DisseminationConfig config;
    private final BlockIntake intake;
    private final PeerScores scores;
    private final StateTransfer state;
    private final DisseminationCounters counters = new DisseminationCounters();
    private final Set<Long> forwarded = new HashSet<>();
    private final BodyRequests asking;
    private final RoundTrips roundTrips;
    private final BlockPush push;
    private final PeerKinds kinds;
    private Executor verifyExecutor = Runnable::run;

    public DisseminationService(LocalIdentity self, GossipChannel channel, Transport transport, Scheduler scheduler,
            RandomGenerator random, DisseminationConfig config, BlockIntake intake, Supplier<Set<PkiId>> children, PeerKinds kinds) {
        this.kinds = kinds;
        this.channel = channel;
        this.messages = new PullMessages(channel);
        this.self = self;
        this.transport = transport;
        this.group = new TaskGroup(scheduler); // every timer of this service, called off together on stop
        this.scheduler = group;
        this.random = random;
        this.config = config;
        this.intake = intake;
        this.scores = new PeerScores(config.peerScoreThreshold(), config.peerBanDuration().toMillis());
        this.state = new StateTransfer(self, transport, this.scheduler, random, config, this, kinds);
        this.roundTrips = new RoundTrips(scheduler.clock(), config.stateResponseTimeout().dividedBy(Defaults.RE_ASK_DIVISOR));
        this.asking = new BodyRequests(transport, this.scheduler, random, config, intake, messages, roundTrips, state::fetchesBelow);
        this.push = new BlockPush(transport, this.scheduler, config, messages, kinds, roundTrips, counters, children, this::banned,
                this::randomPeers);
        intake.onHeightAdvanced(() -> { // a sync made room for the next writes, and the window moves with them
            commitHeld();
            state.fill();
        });
    }

    public void start() {
        scheduler.scheduleEvery(config.pullInterval(), this::pull);
        state.start();
    }

    public void stop() {
        state.stop();
        group.cancelAll(); // bursts, re-asks, state-transfer timeouts: nothing fires after stop
    }

    /**
     * A new connection: the peer learns this one's height at once, and (announcing to neighbours)
     * is asked what recent blocks it holds, which also times a first round trip to it.
     */
    public void onConnected(PkiId peer) {
        state.onConnected(peer);
        if (config.announceToNeighbours() && kinds.pullsWithUs(peer)) {
            sendHello(peer);
        }
    }

    public long height() {
        return intake.height();
    }

    public BlockIntake intake() {
        return intake;
    }

    /** The highest ledger height a neighbour has announced, or 0 (call on the node's thread). */
    public long bestKnownHeight() {
        return state.bestKnownHeight();
    }

    public DisseminationCounters counters() {
        return counters;
    }

    public PeerScores scores() {
        return scores;
    }

    /** A block from the orderer (this peer is a super node). */
    public void fromSource(Block block) {
        int bytes = block.getSerializedSize(); // ReplyBudget's headroom covers the envelope around it
        if (!ReplyBudget.fits(bytes, transport.maxMessageSize())) {
            LOG.error("{}: block {} from the orderer is {} bytes, more than peer.gossip.maxMessageSize ({}) lets a peer send: "
                    + "no peer could receive it; raise peer.gossip.maxMessageSize on every peer (Fabric's orderer caps blocks "
                    + "at BatchSize.AbsoluteMaxBytes)", self, block.getHeader().getNumber(), bytes, transport.maxMessageSize());
        }
        accept(block, self.pkiId(), Via.SOURCE);
    }

    /** Every block body enters here: verified, committed in order, forwarded once if it is new and came by push. */
    boolean accept(Block block, PkiId from, Via via) {
        return accept(block, from, via, true, null);
    }

    /**
     * @param commitNow false when more blocks follow in the same message: they are committed
     *     together by {@link #commitHeld}
     * @param verified the block as it passed the intake's verifier (on the verification executor), or null
     */
    private boolean accept(Block block, PkiId from, Via via, boolean commitNow, ContentCheckedBlock verified) {
        if (via != Via.SOURCE) {
            counters.bodiesReceived++;
        }
        long number = block.getHeader().getNumber();
        BlockIntake.Result result = verified != null ? intake.hold(verified, from)
                : commitNow ? intake.offer(block, from) : intake.hold(block, from);
        switch (result.outcome()) {
            case DUPLICATE -> counters.duplicateBodies++;
            case INVALID -> {
                counters.invalidBlocks++;
                punish(result.blame(), result.reason());
                return false;
            }
            case OUT_OF_WINDOW -> {
                return false;
            }
            default -> {
                switch (via) {
                    case PUSH -> counters.blocksByPush++;
                    case PULL -> counters.blocksByPull++;
                    case STATE -> counters.blocksByStateTransfer++;
                    default -> { }
                }
                if (via != Via.SOURCE) {
                    push.holders().holds(from, number);
                }
                if ((via == Via.SOURCE || via == Via.PUSH) && forwarded.add(number)) {
                    push.enqueue(block);
                }
                if (via == Via.PUSH && config.pushGapRequest() && !kinds.isFabric(from)) {
                    asking.askForGap(number, from);
                }
            }
        }
        return true;
    }

    /**
     * Takes a run of blocks from one peer (a state-transfer response): verified on the
     * verification executor (signatures and hashes, the costly part), then held and committed
     * together on the node's thread. {@code then} runs on the node's thread afterwards, with the
     * number of blocks taken (held, or already held) before the first bad one.
     */
    void acceptRun(List<Block> blocks, PkiId from, Via via, IntConsumer then) {
        verifyExecutor.execute(() -> {
            String[] errors = new String[blocks.size()];
            ContentCheckedBlock[] verified = new ContentCheckedBlock[blocks.size()];
            for (int i = 0; i < blocks.size(); i++) {
                try {
                    verified[i] = intake.verifier().verify(blocks.get(i));
                } catch (BlockVerificationException e) {
                    errors[i] = e.getMessage();
                    break; // whatever follows a bad block from this peer is not taken
                }
            }
            scheduler.execute(() -> {
                int taken = 0;
                for (int i = 0; i < blocks.size(); i++) {
                    if (errors[i] != null) {
                        counters.bodiesReceived++;
                        counters.invalidBlocks++;
                        punish(from, errors[i]);
                        break;
                    }
                    if (!accept(blocks.get(i), from, via, false, verified[i])) {
                        break;
                    }
                    taken++;
                }
                commitHeld();
                then.accept(taken);
            });
        });
    }

    /**
     * Where state-transfer batches are verified: by default on the node's own thread; a peer on a
     * machine with cores to spare verifies on a pool while its thread commits the previous batch.
     */
    public void verifyOn(Executor executor) {
        this.verifyExecutor = executor;
    }

    /** Commits the blocks held by {@link #acceptRun}; punishes the sender of one that breaks the chain. */
    void commitHeld() {
        BlockIntake.Result result = intake.commitReady();
        if (result.outcome() == BlockIntake.Outcome.INVALID) {
            counters.invalidBlocks++;
            punish(result.blame(), result.reason());
        }
    }

    /** Scores a peer down for misbehaviour another layer found (a forged alive message); banned at the threshold. */
    public void misbehaved(PkiId peer, String reason) {
        punish(peer, reason);
    }

    void punish(PkiId peer, String reason) {
        if (peer == null || peer.equals(self.pkiId())) {
            return;
        }
        LOG.warn("{}: {} misbehaves: {}", self, peer.shortHex(), reason);
        if (scores.penalize(peer, scheduler.clock().millis())) {
            LOG.warn("{}: banning {} for {} (score {})", self, peer.shortHex(), config.peerBanDuration(), scores.score(peer));
            transport.disconnect(peer);
        }
    }

    /** True while the peer is banned for bad blocks. */
    public boolean banned(PkiId peer) {
        return scores.isBanned(peer, scheduler.clock().millis());
    }

    List<PkiId> randomPeers(int count, Set<PkiId> excluded) {
        return randomPeers(count, excluded, p -> true);
    }

    private List<PkiId> randomPeers(int count, Set<PkiId> excluded, java.util.function.Predicate<PkiId> eligible) {
        List<PkiId> peers = new ArrayList<>();
        for (PkiId p : transport.connectedPeers()) {
            if (!excluded.contains(p) && !banned(p) && eligible.test(p)) {
                peers.add(p);
            }
        }
        Collections.shuffle(peers, new Random(random.nextLong()));
        return peers.subList(0, Math.min(count, peers.size()));
    }

    // ---- pull

    private void pull() {
        for (PkiId peer : randomPeers(config.pullPeerNum(), Set.of(), kinds::pullsWithUs)) {
            sendHello(peer);
        }
    }

    private void sendHello(PkiId peer) {
        long nonce = random.nextLong();
        roundTrips.sent(nonce);
        transport.send(peer, SignedGossip.unsigned(GossipMessage.newBuilder()
                .setChannel(channel.id()).setTag(GossipMessage.Tag.CHAN_AND_ORG)
                .setHello(GossipHello.newBuilder().setNonce(nonce).setMsgType(PullMsgType.BLOCK_MSG))
                .build()));
    }

    /** Handles pull, push and state-transfer messages; false for other kinds. */
    public boolean handle(ReceivedMessage received) {
        GossipMessage message = received.message();
        if (message == null) {
            return false;
        }
        PkiId from = received.sender().pkiId();
        if (banned(from)) {
            return true; // ignored while banned
        }
        // requests were admitted by the node's inbox (the sender's rate) before they were queued
        switch (message.getContentCase()) {
            case DATA_MSG -> {
                onData(message.getDataMsg(), from, Via.PUSH);
                asking.pushArrived(message.getDataMsg().getPayload().getSeqNum());
            }
            case HELLO -> transport.send(from, messages.digest(message.getHello().getNonce(), intake.recent(config.maxBlockCountToStore())));
            case DATA_DIG -> {
                DataDigest digest = message.getDataDig();
                roundTrips.answered(digest.getNonce());
                List<Long> numbers = PullMessages.numbers(digest.getDigestsList(), config.stateBlockBufferSize());
                numbers.forEach(n -> push.holders().holds(from, n)); // the sender of a digest holds the blocks it names
                asking.onDigest(numbers, digest.getNonce(), from);
            }
            case DATA_REQ -> onDataRequest(message.getDataReq(), from);
            case DATA_UPDATE -> onDataUpdate(message.getDataUpdate(), from);
            case STATE_INFO, STATE_INFO_PULL_REQ, STATE_SNAPSHOT, STATE_REQUEST, STATE_RESPONSE -> state.handle(received);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void onData(DataMessage data, PkiId from, Via via) {
        Block block;
        try {
            block = Block.parseFrom(data.getPayload().getData());
        } catch (InvalidProtocolBufferException e) {
            counters.invalidBlocks++;
            punish(from, "undecodable block: " + e.getMessage());
            return;
        }
        if (block.getHeader().getNumber() != data.getPayload().getSeqNum()) {
            counters.invalidBlocks++;
            punish(from, "payload says block " + data.getPayload().getSeqNum() + " but carries " + block.getHeader().getNumber());
            return;
        }
        accept(block, from, via);
    }

    /** Answers with the bodies asked for, in as many DataUpdates (same nonce) as the frame limit needs. */
    private void onDataRequest(DataRequest request, PkiId from) {
        List<Envelope> bodies = new ArrayList<>();
        for (long n : PullMessages.numbers(request.getDigestsList(), config.maxBlockCountToStore())) {
            intake.blockBytes(n).ifPresent(b -> { // as stored: not decoded and encoded again
                bodies.add(messages.data(n, b));
                push.holders().holds(from, n);
            });
        }
        messages.dataUpdates(request.getNonce(), bodies, transport.maxMessageSize()).forEach(update -> transport.send(from, update));
    }

    private void onDataUpdate(DataUpdate update, PkiId from) {
        roundTrips.answered(update.getNonce());
        Via via = asking.continuesPush(update.getNonce()) ? Via.PUSH : Via.PULL; // a reply may come in several updates
        for (Envelope envelope : update.getDataList()) {
            try {
                GossipMessage inner = SignedGossip.open(envelope);
                if (inner.hasDataMsg()) {
                    onData(inner.getDataMsg(), from, via);
                }
            } catch (WireException e) {
                counters.invalidBlocks++;
                punish(from, e.getMessage());
            }
        }
    }


    /** Fabric's DataMessage: the block's number and its marshalled bytes (what an orderer sends a super node too). */
    public static Envelope data(GossipChannel channel, Block block) {
        return new PullMessages(channel).data(block);
    }

    GossipChannel channel() {
        return channel;
    }
}
