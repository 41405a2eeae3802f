package io.ledgergossip.dissemination;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.time.Cancellable;
import io.ledgergossip.time.Scheduler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.wire.AliasedParse;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Random;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.hyperledger.fabric.protos.gossip.Message.PeerTime;
import org.hyperledger.fabric.protos.gossip.Message.Properties;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateRequest;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateResponse;
import org.hyperledger.fabric.protos.gossip.Message.StateInfo;
import org.hyperledger.fabric.protos.gossip.Message.StateInfoPullRequest;
import org.hyperledger.fabric.protos.gossip.Message.StateInfoSnapshot;

/**
 * Anti-entropy on ledger heights. Peers tell their neighbours their height (StateInfo); a peer
 * that is behind asks for the missing blocks in ranges, from several peers that are ahead at
 * once (state.parallelRequests), and as soon as a range is answered asks for the next one, so a
 * long catch-up is a pipeline, not a series of check intervals. A range not answered within
 * state.responseTimeout is asked of another peer, up to state.maxRetries times.
 *
 * <p>Ranges are sized in bytes: as many blocks as one answer carries (half the frame limit), by
 * the size of the blocks received so far. A Fabric peer answers no range longer than its
 * state.batchSize (state.go, handleStateRequest), so a range asked of one is also cut to
 * state.batchSize; a ledger-gossip peer is asked for at most a quarter of the re-ordering window
 * ({@link BlockIntake#window()}) and answers up to {@link #MAX_RANGE_BLOCKS}. With 32 KB blocks
 * that is 128 blocks an answer instead of 10, and the per-request work falls with it. One peer is
 * asked for no more than a frame of answers at a time ({@link RangeSizes#roomFor}).
 */
final class StateTransfer {
    private final LocalIdentity self;
    private final Transport transport;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final DisseminationConfig config;
    private final DisseminationService service;
    private final PeerKinds kinds;
    private final RangeSizes sizes;
    private final Map<PkiId, Long> heights = new HashMap<>();
    /** Ranges asked for, by first block number. */
    private final TreeMap<Long, Request> outstanding = new TreeMap<>();
    private final Map<Long, Request> byNonce = new HashMap<>();
    private long nextToRequest;
    /** Fabric uses the channel join time as the StateInfo incarnation (nanoseconds). */
    private final long joinedNanos;
    private long lastStateInfoNanos;
    /** Ranges answered and being verified, not yet held. */
    private int verifying;
    private boolean running;

    private final class Request {
        final long start;
        final long end;
        final long nonce;
        final PkiId peer;
        final int attempt;
        Cancellable timeout;

        Request(long start, long end, PkiId peer, int attempt) {
            this.start = start;
            this.end = end;
            this.peer = peer;
            this.attempt = attempt;
            this.nonce = random.nextLong();
        }
    }

    /** Most blocks in one range a ledger-gossip peer asks of, or answers, another (answers stop at their byte cap first unless blocks are tiny). */
    static final int MAX_RANGE_BLOCKS = 1024;

    StateTransfer(LocalIdentity self, Transport transport, Scheduler scheduler, RandomGenerator random,
            DisseminationConfig config, DisseminationService service, PeerKinds kinds) {
        this.self = self;
        this.transport = transport;
        this.scheduler = scheduler;
        this.random = random;
        this.config = config;
        this.service = service;
        this.kinds = kinds;
        this.sizes = new RangeSizes(transport.maxMessageSize(), config.stateBatchSize(), config.stateParallelRequests());
        this.joinedNanos = scheduler.clock().millis() * 1_000_000L;
    }

    /** StateInfo elements of one snapshot looked at (a Fabric peer sends one per channel member it knows). */
    private static final int MAX_SNAPSHOT_ELEMENTS = 1_000;

    void start() {
        running = true;
        // on the dissemination service's task group: its stop calls these off
        scheduler.scheduleEvery(config.publishStateInfoInterval(), this::publishHeight);
        scheduler.scheduleEvery(config.stateCheckInterval(), this::fill);
        scheduler.scheduleEvery(config.requestStateInfoInterval(), this::requestHeights);
        publishHeight();
    }

    void stop() {
        running = false;
        outstanding.values().forEach(r -> r.timeout.cancel());
        outstanding.clear();
        byNonce.clear();
    }

    /** StateInfo{properties.ledger_height} to every neighbour, signed as Fabric signs it. */
    private void publishHeight() {
        var envelope = heightInfo();
        for (PkiId peer : transport.connectedPeers()) {
            transport.send(peer, envelope);
        }
    }

    /** StateInfoPullRequest to pullPeerNum random neighbours: their heights even if a published StateInfo was lost. */
    private void requestHeights() {
        // Fabric finds the channel by the MAC over the requester's own PKI-ID, not by name
        Envelope request = SignedGossip.unsigned(GossipMessage.newBuilder().setTag(GossipMessage.Tag.CHAN_OR_ORG)
                .setStateInfoPullReq(StateInfoPullRequest.newBuilder().setChannelMAC(service.channel().mac(self.pkiId())))
                .build());
        for (PkiId peer : service.randomPeers(config.pullPeerNum(), Set.of())) {
            transport.send(peer, request);
        }
    }

    /** Tells a new neighbour the height at once, so that a peer that is behind need not wait a publish interval. */
    void onConnected(PkiId peer) {
        transport.send(peer, heightInfo());
    }

    /**
     * Fabric's StateInfo: no channel name but the channel MAC, the join time as incarnation and
     * the time of writing as sequence (nanoseconds, strictly increasing), signed.
     */
    private Envelope heightInfo() {
        lastStateInfoNanos = Math.max(lastStateInfoNanos + 1, scheduler.clock().millis() * 1_000_000L);
        GossipMessage info = GossipMessage.newBuilder()
                .setTag(GossipMessage.Tag.CHAN_OR_ORG)
                .setStateInfo(StateInfo.newBuilder()
                        .setTimestamp(PeerTime.newBuilder().setIncNum(joinedNanos).setSeqNum(lastStateInfoNanos))
                        .setPkiId(self.pkiId().toByteString())
                        .setChannelMAC(service.channel().mac(self.pkiId()))
                        .setProperties(Properties.newBuilder().setLedgerHeight(service.height())))
                .build();
        return SignedGossip.sign(info, self::sign);
    }

    void handle(ReceivedMessage received) {
        GossipMessage message = received.message();
        PkiId from = received.sender().pkiId();
        switch (message.getContentCase()) {
            case STATE_INFO -> onHeight(message, from);
            case STATE_INFO_PULL_REQ -> {
                if (message.getStateInfoPullReq().getChannelMAC().equals(service.channel().mac(from))) {
                    // a snapshot names its channel (Fabric drops one without)
                    transport.send(from, SignedGossip.unsigned(GossipMessage.newBuilder()
                            .setChannel(service.channel().id()).setTag(GossipMessage.Tag.CHAN_OR_ORG).setNonce(message.getNonce())
                            .setStateSnapshot(StateInfoSnapshot.newBuilder().addElements(heightInfo())).build()));
                }
            }
            case STATE_SNAPSHOT -> {
                // a neighbour's own StateInfo is taken; others' it may hold are not taken on its word
                for (Envelope element : message.getStateSnapshot().getElementsList().subList(0,
                        Math.min(MAX_SNAPSHOT_ELEMENTS, message.getStateSnapshot().getElementsCount()))) {
                    try {
                        GossipMessage info = SignedGossip.open(element);
                        if (info.hasStateInfo()) {
                            onHeight(info, from);
                        }
                    } catch (WireException e) {
                        // a damaged element: its height is simply not known
                    }
                }
            }
            case STATE_REQUEST -> serve(message, from);
            case STATE_RESPONSE -> onResponse(message, from);
            default -> { }
        }
    }

    /** A neighbour's StateInfo: taken only when it speaks for itself. */
    private void onHeight(GossipMessage message, PkiId from) {
        StateInfo info = message.getStateInfo();
        if (PkiId.fromBytes(info.getPkiId()).equals(from) && info.getChannelMAC().equals(service.channel().mac(from))) {
            long height = message.getStateInfo().getProperties().getLedgerHeight();
            heights.put(from, height);
            if (height > service.height() && outstanding.isEmpty()) {
                fill();
            }
        }
    }

    /** Answers a RemoteStateRequest with the blocks held in [start, end], capped in count and bytes. */
    private void serve(GossipMessage message, PkiId from) {
        RemoteStateRequest request = message.getStateRequest();
        long start = request.getStartSeqNum();
        long end = request.getEndSeqNum();
        if (start < 0 || end < start || end - start > (kinds.isFabric(from) ? config.stateBatchSize() : MAX_RANGE_BLOCKS)) {
            // Fabric's range check (state.go:handleStateRequest) for Fabric peers: such a request gets no answer
            service.counters().stateRequestsRefused++;
            return;
        }
        RemoteStateResponse.Builder response = RemoteStateResponse.newBuilder();
        long bytes = 0;
        for (long n = start; n <= end && n >= 0; n++) {
            Optional<byte[]> block = service.intake().blockBytes(n); // as stored: no decoding and encoding again
            // several blocks up to half the frame limit; one larger block alone, if it fits the frame at all
            if (block.isEmpty() || (bytes > 0 && bytes + block.get().length > sizes.maxResponseBytes())
                    || !ReplyBudget.fits(bytes + block.get().length, transport.maxMessageSize())) {
                break;
            }
            bytes += block.get().length;
            response.addPayloads(Payload.newBuilder().setSeqNum(n).setData(UnsafeByteOperations.unsafeWrap(block.get())));
        }
        transport.send(from, SignedGossip.unsigned(GossipMessage.newBuilder().setNonce(message.getNonce())
                .setChannel(service.channel().id()).setTag(GossipMessage.Tag.CHAN_OR_ORG)
                .setStateResponse(response).build()));
    }

    /** Asks for missing ranges until state.parallelRequests are in flight or nobody is ahead. */
    void fill() {
        if (!running) {
            return;
        }
        long written = service.intake().writtenHeight(); // above the height while a commit is being synced
        if (nextToRequest < written || (outstanding.isEmpty() && verifying == 0 && nextToRequest > written)) {
            nextToRequest = written; // a range came back incomplete: ask again from what is held
        }
        long best = bestKnownHeight();
        long window = service.intake().windowEnd(); // the intake keeps no block beyond it
        while (outstanding.size() < config.stateParallelRequests() && nextToRequest < best && nextToRequest < window) {
            long end = Math.min(Math.min(nextToRequest + rangeLength(false), best), window) - 1;
            Optional<PkiId> peer = peerWithRoom(end, sizes.answerBytes(nextToRequest, end));
            if (peer.isEmpty()) {
                return;
            }
            if (kinds.isFabric(peer.get())) {
                end = Math.min(end, nextToRequest + rangeLength(true) - 1);
            }
            send(new Request(nextToRequest, end, peer.get(), 1));
            nextToRequest = end + 1;
        }
    }

    private long rangeLength(boolean ofFabricPeer) {
        return sizes.rangeLength(ofFabricPeer, service.intake().window(), MAX_RANGE_BLOCKS);
    }

    /**
     * Blocks below this number are state transfer's to fetch: those asked for or on their way to the
     * store, and those below the best height a neighbour announced, which it asks for as soon as the
     * window lets it. Pull leaves them alone: at a catch-up's start, the holders' answers to a pull of
     * their most recent blocks (ten of 15 MB each) filled their send buffers, and the state-transfer
     * answers queued behind them were dropped and timed out.
     */
    long fetchesBelow() {
        return running ? Math.max(nextToRequest, bestKnownHeight()) : 0;
    }

    /** The highest ledger height a connected, unbanned peer has announced (StateInfo), or 0. */
    long bestKnownHeight() {
        long best = 0;
        Set<PkiId> connected = transport.connectedPeers(); // a copy, in some transports: taken once
        for (Map.Entry<PkiId, Long> e : heights.entrySet()) {
            if (connected.contains(e.getKey()) && !service.banned(e.getKey())) {
                best = Math.max(best, e.getValue());
            }
        }
        return best;
    }

    /** A peer ahead (as {@link #peerAhead}) that may be asked for one more range whose answer weighs about {@code bytes}. */
    private Optional<PkiId> peerWithRoom(long end, long bytes) {
        return peerAhead(end, null).filter(p -> load(p) == 0 || sizes.roomFor(bytesOwed(p), bytes)); // the least loaded
    }

    private long bytesOwed(PkiId peer) {
        return outstanding.values().stream().filter(r -> r.peer.equals(peer)).mapToLong(r -> sizes.answerBytes(r.start, r.end)).sum();
    }

    /** A connected peer whose height covers {@code end}, preferring one with no range in flight. */
    private Optional<PkiId> peerAhead(long end, PkiId not) {
        List<PkiId> ahead = new ArrayList<>();
        Set<PkiId> connected = transport.connectedPeers();
        for (Map.Entry<PkiId, Long> e : heights.entrySet()) {
            PkiId p = e.getKey();
            if (e.getValue() > end && !p.equals(not) && connected.contains(p) && !service.banned(p)) {
                ahead.add(p);
            }
        }
        Collections.shuffle(ahead, new Random(random.nextLong()));
        ahead.sort((a, b) -> Long.compare(load(a), load(b)));
        return ahead.stream().findFirst();
    }

    private long load(PkiId peer) {
        return outstanding.values().stream().filter(r -> r.peer.equals(peer)).count();
    }

    private void send(Request request) {
        long wireEnd = kinds.isFabric(request.peer) // a range retried with a Fabric peer: it answers no more than this
                ? Math.min(request.end, request.start + config.stateBatchSize()) : request.end;
        outstanding.put(request.start, request);
        byNonce.put(request.nonce, request);
        service.counters().stateRequestsSent++;
        transport.send(request.peer, SignedGossip.unsigned(GossipMessage.newBuilder().setNonce(request.nonce)
                .setChannel(service.channel().id()).setTag(GossipMessage.Tag.CHAN_OR_ORG)
                .setStateRequest(RemoteStateRequest.newBuilder().setStartSeqNum(request.start).setEndSeqNum(wireEnd))
                .build()));
        request.timeout = scheduler.schedule(config.stateResponseTimeout(), () -> timedOut(request));
    }

    private void timedOut(Request request) {
        if (outstanding.get(request.start) != request) {
            return;
        }
        service.counters().stateRequestsTimedOut++;
        forget(request);
        if (request.attempt < config.stateMaxRetries()) {
            Optional<PkiId> other = peerAhead(request.end, request.peer);
            if (other.isPresent()) {
                send(new Request(request.start, request.end, other.get(), request.attempt + 1));
                return;
            }
        }
        fill();
    }

    private void forget(Request request) {
        outstanding.remove(request.start, request);
        byNonce.remove(request.nonce);
        request.timeout.cancel();
    }

    private void onResponse(GossipMessage message, PkiId from) {
        Request request = byNonce.get(message.getNonce());
        if (request == null || !request.peer.equals(from)) {
            return; // late, unasked or from someone else: ignored
        }
        forget(request);
        List<Block> blocks = new ArrayList<>();
        for (Payload payload : message.getStateResponse().getPayloadsList()) {
            if (payload.getSeqNum() < request.start || payload.getSeqNum() > request.end) {
                service.punish(from, "answered with block " + payload.getSeqNum() + " outside " + request.start + ".." + request.end);
                break;
            }
            Block block;
            try {
                block = AliasedParse.parse(Block.parser(), payload.getData());
            } catch (InvalidProtocolBufferException e) {
                service.punish(from, "undecodable block in a state response");
                break;
            }
            if (block.getHeader().getNumber() != payload.getSeqNum()) {
                service.punish(from, "state response payload " + payload.getSeqNum() + " carries block " + block.getHeader().getNumber());
                break;
            }
            blocks.add(block);
            sizes.received(payload.getData().size());
        }
        long answeredUpTo = blocks.isEmpty() ? request.start - 1 : blocks.get(blocks.size() - 1).getHeader().getNumber();
        if (!blocks.isEmpty() && answeredUpTo < request.end) {
            // the answer stopped at the byte limit: the rest of the range is asked of the same peer at once
            send(new Request(answeredUpTo + 1, request.end, from, request.attempt));
        }
        verifying++;
        service.acceptRun(blocks, from, DisseminationService.Via.STATE, taken -> { // the whole range in one store write
            verifying--;
            if (taken > 0) {
                service.counters().stateBlocksServedBy.merge(from.shortHex(), (long) taken, Long::sum);
            }
            fill();
        });
        fill(); // the next range is asked for while this one is verified
    }
}
