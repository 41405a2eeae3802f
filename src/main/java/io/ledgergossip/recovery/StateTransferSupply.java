package io.ledgergossip.recovery;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.config.Defaults;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.dissemination.GossipChannel;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.InboundHandler;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.Transport;
import io.ledgergossip.transport.grpc.GrpcTransport;
import io.ledgergossip.wire.SignedGossip;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;
import org.hyperledger.fabric.protos.gossip.Message.Payload;
import org.hyperledger.fabric.protos.gossip.Message.RemoteStateRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks from peers of the channel, ledger-gossip's or Fabric's, over Fabric's gossip state
 * transfer: after the handshake (an identity of one of the channel's orgs is all a Fabric peer
 * asks of a requester, {@code state.go:handleStateRequest}), ranges of at most
 * {@code batchSize + 1} blocks go out as {@code RemoteStateRequest}s with random nonces, several
 * to each peer at once, spread over every peer. An answer is taken only from the peer asked, with
 * its nonce, and only the blocks of the range asked for, in order from its start. A peer that
 * answers a range with no block holds nothing from there (Fabric answers up to its height); when
 * no peer holds the next block, the stream ends. A peer that does not answer within the timeout
 * is asked again, then given up; a peer that answers with something that is not the blocks asked
 * for is given up at once.
 */
public final class StateTransferSupply implements BlockSupply {
    private static final Logger LOG = LoggerFactory.getLogger(StateTransferSupply.class);
    /** Answers waiting to be handled; more (from a peer answering what it was never asked) are dropped. */
    private static final int INBOX = 1024;
    private static final int TIMEOUTS_BEFORE_GIVING_UP = 3;
    /**
     * How long a handshake is given at least, whatever the response timeout: twice what Fabric allows a dial
     * (dialTimeout 3 s + connTimeout 2 s), so that a peer slow to accept on a busy machine is not taken for one
     * that is down.
     */
    static final Duration MIN_HANDSHAKE_WAIT = Duration.ofSeconds(10);
    /** Blocks held for the sink (arrived ahead of a slower range) at most, in bytes, about. */
    static final long MAX_BUFFERED_BYTES = 256L * 1024 * 1024;
    /** What one answer should carry at most: half Fabric's 100 MiB gRPC limit, so that large blocks come a few at a time. */
    static final long MAX_ANSWER_BYTES = 50L * 1024 * 1024;

    private final Transport transport;
    private final GossipChannel channel;
    private final List<String> endpoints;
    private final Duration timeout;
    private final int batchSize;
    private final int inFlightPerPeer;
    private final Random random;
    private final BlockingQueue<ReceivedMessage> inbox = new ArrayBlockingQueue<>(INBOX);
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, Long> served = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final Map<PkiId, Peer> peers = new LinkedHashMap<>();
    /** Mean size of the blocks received so far (0 before the first). */
    private double blockBytes;

    /** One peer asked: where it is, what it was asked, what it said it lacks. */
    private static final class Peer {
        final String endpoint;
        final PkiId id;
        int inFlight;
        int timeouts;
        /** The peer holds no block at or past this number (it answered a range from here with none). */
        long holdsBelow = Long.MAX_VALUE;
        boolean givenUp;

        Peer(String endpoint, PkiId id) {
            this.endpoint = endpoint;
            this.id = id;
        }
    }

    private record Request(long nonce, long start, long end, Peer peer, long deadlineNanos) {}

    /** Fabric's gRPC limit on one message (comm.DefaultMaxRecvMsgSize, 100 MiB): an answer of 11 large blocks can be that big. */
    static final int MAX_GRPC_MESSAGE_BYTES = 100 * 1024 * 1024;
    /** Ranges asked of one peer before its answer: enough to keep it busy, far below the 100 requests Fabric queues. */
    static final int IN_FLIGHT_PER_PEER = 4;

    /**
     * The supply {@code recover} uses: Fabric's gossip over gRPC with mutual TLS, as {@code identity}
     * (checked against {@code validator}'s orgs), ranges of Fabric's default state.batchSize.
     */
    public static StateTransferSupply overGrpc(LocalIdentity identity, IdentityValidator validator, String channel,
            List<String> endpoints, Duration timeout, long seed) {
        GrpcTransport transport = new GrpcTransport(identity, validator,
                TransportConfig.defaults().withMaxMessageSize(MAX_GRPC_MESSAGE_BYTES), "127.0.0.1", 0, System::currentTimeMillis);
        return new StateTransferSupply(transport, channel, endpoints, timeout, Defaults.STATE_BATCH_SIZE, IN_FLIGHT_PER_PEER, seed);
    }

    /**
     * @param transport started by this supply (and closed with it); its identity is the one peers check
     * @param batchSize Fabric's {@code peer.gossip.state.batchSize}: a range is at most batchSize + 1 blocks
     * @param inFlightPerPeer ranges asked of one peer before its answer
     */
    public StateTransferSupply(Transport transport, String channel, List<String> endpoints, Duration timeout, int batchSize,
            int inFlightPerPeer, long seed) {
        if (endpoints.isEmpty() || batchSize < 0 || inFlightPerPeer < 1) {
            throw new IllegalArgumentException("at least one endpoint, batchSize >= 0, inFlightPerPeer >= 1");
        }
        this.transport = transport;
        this.channel = new GossipChannel(channel);
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.batchSize = batchSize;
        this.inFlightPerPeer = inFlightPerPeer;
        this.random = new Random(seed);
        endpoints.forEach(e -> served.put(e, 0L));
    }

    @Override
    public String describe() {
        return String.join(",", endpoints);
    }

    /** Answers dropped because too many were waiting (a peer flooding this one). */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public long stream(long from, Sink sink) throws RepairException, InterruptedException {
        connect();
        TreeMap<Long, Long> toAsk = new TreeMap<>(); // ranges (start -> end) asked again
        Map<Long, Request> byNonce = new HashMap<>();
        TreeMap<Long, Block> arrived = new TreeMap<>();
        Map<Long, String> servedBy = new HashMap<>();
        long next = from;        // the next block handed to the sink
        long fresh = from;       // the lowest number never asked for
        long handed = 0;
        while (true) {
            while (arrived.containsKey(next)) {
                sink.accept(arrived.remove(next), servedBy.get(next));
                served.merge(servedBy.remove(next), 1L, Long::sum);
                handed++;
                next++;
            }
            long window = next + windowBlocks();
            fresh = askMore(toAsk, byNonce, fresh, window, arrived);
            if (byNonce.isEmpty()) {
                return handed; // nobody holds block `next`, or nobody is left to ask
            }
            ReceivedMessage answer = inbox.poll(untilFirstDeadline(byNonce), TimeUnit.NANOSECONDS);
            if (answer == null) {
                expire(byNonce, toAsk);
                continue;
            }
            Request request = byNonce.get(answer.message().getNonce());
            if (request == null || !request.peer.id.equals(answer.sender().pkiId())) {
                continue; // late, unasked or from someone else: ignored
            }
            byNonce.remove(request.nonce);
            request.peer.inFlight--;
            request.peer.timeouts = 0;
            take(request, answer, arrived, servedBy, toAsk);
        }
    }

    /** Sends ranges to peers with room, re-asked ranges first; returns the new lowest never-asked number. */
    private long askMore(TreeMap<Long, Long> toAsk, Map<Long, Request> byNonce, long fresh, long window, TreeMap<Long, Block> arrived) {
        while (true) {
            long start;
            long end;
            boolean again = !toAsk.isEmpty();
            if (again) {
                start = toAsk.firstKey();
                end = toAsk.get(start);
            } else {
                start = fresh;
                end = fresh + rangeLength() - 1;
                if (start >= window) {
                    return fresh;
                }
            }
            Peer peer = leastBusyHolding(start);
            if (peer == BUSY) {
                return fresh; // every peer that may hold it has its ranges in flight
            }
            if (peer == null) {
                if (again) { // nobody left holds it: the stream ends before it, so drop every range from there on
                    toAsk.tailMap(start, true).clear();
                    arrived.tailMap(start, true).clear();
                    return Math.min(fresh, start);
                }
                return fresh;
            }
            if (again) {
                toAsk.remove(start);
            } else {
                fresh = end + 1;
            }
            Request request = new Request(random.nextLong() & Long.MAX_VALUE, start, end, peer,
                    System.nanoTime() + timeout.toNanos());
            byNonce.put(request.nonce, request);
            peer.inFlight++;
            transport.send(peer.id, SignedGossip.unsigned(GossipMessage.newBuilder().setNonce(request.nonce)
                    .setChannel(channel.id()).setTag(GossipMessage.Tag.CHAN_OR_ORG)
                    .setStateRequest(RemoteStateRequest.newBuilder().setStartSeqNum(start).setEndSeqNum(end)).build()));
        }
    }

    /** Blocks asked for ahead of the sink: every peer's ranges twice over, within {@link #MAX_BUFFERED_BYTES}. */
    private long windowBlocks() {
        long byCount = (long) (batchSize + 1) * inFlightPerPeer * Math.max(1, usablePeers()) * 2;
        return blockBytes <= 0 ? Math.min(byCount, batchSize + 1) : Math.max(rangeLength(), Math.min(byCount, (long) (MAX_BUFFERED_BYTES / blockBytes)));
    }

    /** Blocks in one range: batchSize + 1 (Fabric's most), fewer when that many would not fit {@link #MAX_ANSWER_BYTES}. */
    private long rangeLength() {
        return blockBytes <= 0 ? batchSize + 1 : Math.max(1, Math.min(batchSize + 1, (long) (MAX_ANSWER_BYTES / blockBytes)));
    }

    /**
     * A connected peer, not given up, that may hold {@code start} and has room for another range;
     * {@link #BUSY} when such peers exist but none has room, null when none exists.
     */
    private Peer leastBusyHolding(long start) {
        Peer best = null;
        boolean anyHolder = false;
        for (Peer p : peers.values()) {
            if (p.givenUp || p.holdsBelow <= start || !transport.connectedPeers().contains(p.id)) {
                continue;
            }
            anyHolder = true;
            if (p.inFlight < inFlightPerPeer && (best == null || p.inFlight < best.inFlight)) {
                best = p;
            }
        }
        if (best == null && anyHolder) {
            return BUSY;
        }
        return best;
    }

    private static final Peer BUSY = new Peer("", null);

    private int usablePeers() {
        return (int) peers.values().stream().filter(p -> !p.givenUp).count();
    }

    private long untilFirstDeadline(Map<Long, Request> byNonce) {
        long first = byNonce.values().stream().mapToLong(Request::deadlineNanos).min().orElseThrow();
        return Math.max(1, first - System.nanoTime());
    }

    private void expire(Map<Long, Request> byNonce, TreeMap<Long, Long> toAsk) {
        long now = System.nanoTime();
        for (Request r : new ArrayList<>(byNonce.values())) {
            if (r.deadlineNanos <= now) {
                byNonce.remove(r.nonce);
                r.peer.inFlight--;
                toAsk.put(r.start, r.end);
                if (++r.peer.timeouts >= TIMEOUTS_BEFORE_GIVING_UP && !r.peer.givenUp) {
                    giveUp(r.peer, "did not answer " + TIMEOUTS_BEFORE_GIVING_UP + " requests in a row within " + timeout.toMillis() + " ms");
                }
            }
        }
    }

    /** Takes the blocks of an answer that are the range's, in order from its start; asks again for the rest. */
    private void take(Request request, ReceivedMessage answer, TreeMap<Long, Block> arrived, Map<Long, String> servedBy,
            TreeMap<Long, Long> toAsk) {
        long expected = request.start;
        for (Payload payload : answer.message().getStateResponse().getPayloadsList()) {
            if (payload.getSeqNum() != expected || expected > request.end) {
                giveUp(request.peer, "answered range " + request.start + ".." + request.end + " with block " + payload.getSeqNum()
                        + " where block " + expected + " was due");
                break;
            }
            Block block;
            try {
                block = Block.parseFrom(payload.getData());
            } catch (InvalidProtocolBufferException e) {
                giveUp(request.peer, "sent block " + expected + " in a form that does not decode");
                break;
            }
            if (!block.hasHeader() || block.getHeader().getNumber() != expected) {
                giveUp(request.peer, "sent, as block " + expected + ", a block numbered "
                        + (block.hasHeader() ? block.getHeader().getNumber() : "nothing"));
                break;
            }
            arrived.put(expected, block);
            blockBytes = blockBytes <= 0 ? payload.getData().size() : 0.9 * blockBytes + 0.1 * payload.getData().size();
            servedBy.put(expected, request.peer.endpoint);
            expected++;
        }
        if (expected == request.start && !request.peer.givenUp) {
            request.peer.holdsBelow = Math.min(request.peer.holdsBelow, request.start); // it holds nothing from here on
        }
        if (expected <= request.end) {
            toAsk.put(expected, request.end);
        }
    }

    private void giveUp(Peer peer, String why) {
        peer.givenUp = true;
        problems.put(peer.endpoint, why);
        LOG.warn("state transfer from {}: {}; not asked again", peer.endpoint, why);
    }

    private void connect() throws RepairException, InterruptedException {
        if (!peers.isEmpty()) {
            return;
        }
        transport.start(new InboundHandler() {
            @Override
            public void onMessage(ReceivedMessage message) {
                if (message.message() != null && message.message().hasStateResponse() && !inbox.offer(message)) {
                    dropped.incrementAndGet();
                }
            }
        });
        // every endpoint dialled at once, then each handshake awaited within one shared deadline
        Map<String, CompletableFuture<PeerIdentity>> dials = new LinkedHashMap<>();
        endpoints.forEach(e -> dials.put(e, transport.connect(e)));
        long waitMillis = Math.max(timeout.toMillis() * 2, MIN_HANDSHAKE_WAIT.toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Map.Entry<String, CompletableFuture<PeerIdentity>> dial : dials.entrySet()) {
            String endpoint = dial.getKey();
            try {
                PeerIdentity peer = dial.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                peers.put(peer.pkiId(), new Peer(endpoint, peer.pkiId()));
                LOG.info("connected to {} ({})", endpoint, peer);
            } catch (ExecutionException e) {
                problems.put(endpoint, "cannot connect: " + (e.getCause() == null ? e : e.getCause()).getMessage());
            } catch (TimeoutException e) {
                problems.put(endpoint, "cannot connect: no handshake within " + waitMillis + " ms");
            }
        }
        if (peers.isEmpty()) {
            throw new RepairException("no peer could be reached: " + problems);
        }
    }

    @Override
    public Map<String, Long> blocksBySource() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(served));
    }

    @Override
    public Map<String, String> problems() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    @Override
    public void close() {
        transport.close();
    }
}
