package io.ledgergossip.transport.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.transport.Handshake;
import io.ledgergossip.transport.HandshakeException;
import io.ledgergossip.transport.ReceivedMessage;
import io.ledgergossip.transport.RejectReason;
import io.ledgergossip.wire.SignedGossip;
import io.ledgergossip.wire.WireException;
import io.ledgergossip.wire.WireMessage;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.hyperledger.fabric.protos.gossip.Message.ConnEstablish;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/**
 * One {@code GossipStream}, dialed or accepted. It starts as Fabric's does: both sides send their
 * ConnEstablish at once and each requires the other's within connTimeout; then it carries
 * envelopes both ways. Sending never blocks: envelopes wait in a queue bounded in messages and
 * bytes and go out while gRPC's flow control says the stream is ready ({@code isReady}/{@code
 * onReady}); what does not fit is dropped and counted. Reading is by explicit requests, so a
 * paused peer's messages wait in HTTP/2 flow control, not here.
 */
final class PeerStream implements ClientResponseObserver<Envelope, Envelope> {
    /** Messages asked for ahead of processing (Fabric buffers recvBuffSize = 20 before it stops reading). */
    private static final int READ_AHEAD = 16;
    private static final int PROBE_FIELD = 4;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private enum State { HANDSHAKE, OPEN, CLOSED }

    private final GrpcTransport transport;
    private final String dialedEndpoint;
    private final ManagedChannel channel;
    private final Supplier<byte[]> remoteCertHash;
    private final CompletableFuture<PeerIdentity> result;
    private final long sequence = SEQUENCE.incrementAndGet();
    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private final Object lock = new Object();
    private CallStreamObserver<Envelope> out;
    private long queuedBytes;
    private int owedRequests;
    private boolean paused;
    /** Whether our ConnEstablish went out (guarded by lock): it must be the first envelope of the stream. */
    private boolean helloSent;
    private volatile State state = State.HANDSHAKE;
    private volatile PeerIdentity peer;
    private ScheduledFuture<?> handshakeTimeout;

    /**
     * @param dialedEndpoint the endpoint we dialed, or null for an accepted stream
     * @param channel the gRPC channel of a dialed stream (shut down with it), or null
     * @param remoteCertHash the hash of the far end's TLS certificate, asked when its ConnEstablish arrives
     */
    PeerStream(GrpcTransport transport, String dialedEndpoint, ManagedChannel channel, Supplier<byte[]> remoteCertHash,
            CompletableFuture<PeerIdentity> result) {
        this.transport = transport;
        this.dialedEndpoint = dialedEndpoint;
        this.channel = channel;
        this.remoteCertHash = remoteCertHash;
        this.result = result;
    }

    /** Dialing side: gRPC hands the request stream before the call starts. */
    @Override
    public void beforeStart(ClientCallStreamObserver<Envelope> requestStream) {
        requestStream.disableAutoRequestWithInitial(READ_AHEAD);
        requestStream.setOnReadyHandler(this::drain);
        out = requestStream;
    }

    /** Accepting side: the response stream, already set to manual reading by the service. */
    void attach(CallStreamObserver<Envelope> responseStream) {
        responseStream.setOnReadyHandler(this::drain);
        out = responseStream;
        responseStream.request(READ_AHEAD);
    }

    /** Sends our ConnEstablish (unless their answer came first and sent it) and arms the deadline for theirs. */
    void begin() {
        sendHello();
        long millis = transport.config().connTimeout().toMillis();
        handshakeTimeout = transport.timer().schedule(() -> fail(new HandshakeException(RejectReason.HANDSHAKE_TIMEOUT,
                "no ConnEstablish within " + millis + " ms")), millis, TimeUnit.MILLISECONDS);
        if (state != State.HANDSHAKE) {
            cancelTimeout(); // their ConnEstablish came before we got here
        }
    }

    /**
     * Our ConnEstablish, once. A dialed stream can receive the far end's ConnEstablish (which it
     * sends at once) before the dialing thread calls {@link #begin}; the stream then opens, and
     * whatever the peer's protocols send at once would go out before our ConnEstablish, which the
     * far end refuses (Fabric's "first message is not ConnEstablish").
     */
    private void sendHello() {
        Envelope hello = Handshake.connEstablish(transport.self(), transport.self().tlsCertHash());
        synchronized (lock) {
            if (helloSent) {
                return;
            }
            helloSent = true;
            out.onNext(hello);
        }
    }

    @Override
    public void onNext(Envelope envelope) {
        if (state == State.HANDSHAKE) {
            handshake(envelope);
        } else if (state == State.OPEN) {
            deliver(envelope);
        }
        readMore();
    }

    private void handshake(Envelope envelope) {
        byte[] observed = remoteCertHash.get();
        try {
            if (observed == null) {
                throw new HandshakeException(RejectReason.TLS_HANDSHAKE_FAILED, "no TLS certificate");
            }
            PeerIdentity identity = Handshake.verify(envelope, observed, null, transport.validator());
            sendHello(); // before anything this stream carries once open
            cancelTimeout();
            if (isProbe(envelope) && dialedEndpoint == null) {
                state = State.CLOSED; // a deep probe: it has seen our ConnEstablish, and that is all it wanted
                finish(null);
                return;
            }
            peer = identity;
            state = State.OPEN;
            transport.opened(this);
            result.complete(identity);
        } catch (HandshakeException e) {
            fail(e);
        }
    }

    private static boolean isProbe(Envelope envelope) {
        try {
            GossipMessage message = SignedGossip.open(envelope);
            ConnEstablish conn = message.getConn();
            // probe = 4 (Fabric v2.5); fabric-sdk-java's older message has no such field, so it stays unknown
            var probe = conn.getUnknownFields().getField(PROBE_FIELD);
            return probe != null && probe.getVarintList().stream().anyMatch(v -> v != 0);
        } catch (WireException e) {
            return false;
        }
    }

    private void deliver(Envelope envelope) {
        WireMessage message;
        try {
            if (envelope.getPayload().isEmpty()) {
                throw new WireException("envelope without payload");
            }
            message = SignedGossip.read(envelope);
        } catch (WireException e) {
            // Fabric closes a connection whose envelope is not a gossip message (comm/conn.go)
            transport.rejected(RejectReason.MALFORMED_MESSAGE, e.getMessage() + " from " + peer);
            close();
            return;
        }
        transport.counters().received(envelope.getSerializedSize());
        transport.deliver(new ReceivedMessage(peer, envelope, message));
    }

    private void readMore() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            if (paused) {
                owedRequests++;
                return;
            }
        }
        out.request(1);
    }

    void pauseReading(boolean pause) {
        int resume;
        synchronized (lock) {
            paused = pause;
            resume = pause ? 0 : owedRequests;
            if (!pause) {
                owedRequests = 0;
            }
        }
        if (resume > 0 && state != State.CLOSED) {
            out.request(resume);
        }
    }

    /** Queues an envelope: false when the stream is not open or its buffer is full (counted). */
    boolean send(Envelope envelope, int maxMessages, long maxBytes) {
        int size = envelope.getSerializedSize();
        synchronized (lock) {
            if (state != State.OPEN) {
                return false;
            }
            if (queue.size() >= maxMessages || queuedBytes + size > maxBytes) {
                transport.counters().overflow();
                return false;
            }
            queue.add(envelope);
            queuedBytes += size;
        }
        drain();
        return true;
    }

    /** Hands queued envelopes to gRPC while the stream is ready. */
    private void drain() {
        synchronized (lock) {
            while (state == State.OPEN && out.isReady() && !queue.isEmpty()) {
                Envelope next = queue.poll();
                int size = next.getSerializedSize();
                queuedBytes -= size;
                out.onNext(next);
                transport.counters().sent(size);
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        if (state == State.HANDSHAKE) {
            result.completeExceptionally(error);
        }
        if (error instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            transport.rejected(RejectReason.OVERSIZED_FRAME, s.getStatus().getDescription() + " from " + peer);
        } else if (state != State.CLOSED && Status.fromThrowable(error).getDescription() != null) {
            // Fabric ends a stream it refuses with its reason ("x509: certificate signed by unknown authority")
            transport.endedByPeer(dialedEndpoint != null ? dialedEndpoint : String.valueOf(peer), Status.fromThrowable(error));
        }
        ended(Status.fromThrowable(error));
    }

    @Override
    public void onCompleted() {
        ended(Status.OK);
    }

    /** The accepting side's call was cancelled by the dialer (it closed, or its connection broke). */
    void cancelled() {
        ended(Status.CANCELLED);
    }

    /** Ends a stream before its handshake, telling the far end why. */
    void refuse(RejectReason reason, String why) {
        fail(new HandshakeException(reason, why));
    }

    private void fail(HandshakeException e) {
        if (state != State.HANDSHAKE) {
            return;
        }
        transport.rejected(e.reason(), e.getMessage());
        result.completeExceptionally(e);
        state = State.CLOSED;
        cancelTimeout();
        // Fabric tells the dialer why, as the stream's status
        finish(Status.UNAUTHENTICATED.withDescription(e.getMessage()));
    }

    private void ended(Status status) {
        shutDown(status.isOk() ? null : Status.CANCELLED);
    }

    void close() {
        shutDown(null);
    }

    /**
     * Closes the stream once, whoever asks first: a dial still in its handshake fails, our half of
     * the stream ends ({@code toSend} null: normally), and an open stream leaves the registry.
     */
    private void shutDown(Status toSend) {
        State before;
        synchronized (lock) {
            before = state;
            state = State.CLOSED;
            queue.clear();
            queuedBytes = 0;
        }
        cancelTimeout();
        if (before == State.CLOSED) {
            return;
        }
        if (before == State.HANDSHAKE) {
            result.completeExceptionally(new java.io.IOException("stream ended during the handshake"));
        }
        finish(toSend);
        if (before == State.OPEN) {
            transport.closed(this);
        }
    }

    /** Ends our half of the stream ({@code error} null: normally) and releases a dialed channel. */
    private void finish(Status error) {
        synchronized (lock) {
            try {
                if (error == null) {
                    out.onCompleted();
                } else {
                    out.onError(error.asRuntimeException());
                }
            } catch (IllegalStateException alreadyClosed) {
                // the call ended on its own: nothing left to end
            }
        }
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private void cancelTimeout() {
        ScheduledFuture<?> t = handshakeTimeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    PeerIdentity peer() {
        return peer;
    }

    /** Who opened the stream: decides which of two simultaneous ones survives ({@link ConnectionRegistry}). */
    PkiId dialer() {
        return dialedEndpoint != null ? transport.localId() : peer.pkiId();
    }

    /** Increasing in the order streams were made in this JVM: between two dialed by the same peer, the newer wins. */
    long sequence() {
        return sequence;
    }

    /** The endpoint we dialed, or null for an accepted stream. */
    String endpoint() {
        return dialedEndpoint;
    }

    boolean isActive() {
        return state == State.OPEN;
    }
}
