package io.ledgergossip.orderer;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.ledgergossip.dissemination.BlockSource;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.time.Clock;
import io.ledgergossip.transport.DialFailures;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.hyperledger.fabric.protos.common.Common;
import org.hyperledger.fabric.protos.orderer.Ab.DeliverResponse;
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks from real Fabric orderers, as a Fabric leader peer's deliver client takes them: one
 * {@code AtomicBroadcast/Deliver} stream over mutual TLS (the peer's TLS certificate, the ordering
 * org's TLS CA), asking from the subscriber's ledger height on and waiting for blocks not cut yet.
 * A block must follow the last one handed out (its number and its {@code previous_hash}); a break,
 * a refusal or a block that does not link ends the stream, and the next orderer of the list is
 * asked after a backoff, from the height reached. Signatures are checked by the node the blocks go
 * to, before any is passed on.
 */
public final class OrdererDeliverSource implements BlockSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrdererDeliverSource.class);
    private static final Duration RETRY_MIN = Duration.ofMillis(250);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);
    /**
     * Blocks handed out ahead of the subscriber's ledger at most: beyond, the stream is not read
     * (gRPC flow control holds the orderer back) until the ledger catches up, so a long backlog
     * never outruns the node's commit window and no block is dropped on the way.
     */
    static final int AHEAD = 64;
    private static final long WAIT_MILLIS = 20;

    private final List<String> orderers;
    private final String channel;
    private final LocalIdentity self;
    private final List<X509Certificate> ordererTlsRoots;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "deliver-client");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong delivered = new AtomicLong();
    private Consumer<Block> consumer;
    private LongSupplier height;
    private ManagedChannel channelToOrderer;
    private ClientCallStreamObserver<Envelope> requestStream;
    private int next;
    private int failures;
    /** Which stream is current: events of an earlier one (its close after a refusal) are ignored. */
    private long generation;
    private long nextNumber = -1;
    private byte[] lastHeaderHash;
    private volatile String lastProblem = "";
    private volatile String connectedTo = "";
    private volatile boolean closed;
    private volatile long heightCap = Long.MAX_VALUE;

    /**
     * @param orderers the channel's orderer endpoints (host:port), asked in turn
     * @param ordererTlsRoots the ordering orgs' TLS CAs
     * @param clock the wall clock: the orderer refuses a request stamped more than 15 minutes off
     */
    public OrdererDeliverSource(List<String> orderers, String channel, LocalIdentity self, List<X509Certificate> ordererTlsRoots,
            Clock clock) {
        if (orderers.isEmpty()) {
            throw new IllegalArgumentException("no orderer endpoint for channel " + channel);
        }
        this.orderers = List.copyOf(orderers);
        this.channel = channel;
        this.self = self;
        this.ordererTlsRoots = List.copyOf(ordererTlsRoots);
        this.clock = clock;
    }

    @Override
    public void subscribe(Consumer<Block> blocks) {
        subscribe(blocks, () -> 0);
    }

    @Override
    public synchronized void subscribe(Consumer<Block> blocks, LongSupplier ledgerHeight) {
        if (consumer != null) {
            throw new IllegalStateException("a deliver source serves one subscriber (one peer's stream)");
        }
        this.consumer = blocks;
        this.height = ledgerHeight;
        worker.execute(this::connect);
    }

    /** Hands out no block at or past {@code height} (a run that ends at a given height); the stream stays open. */
    public void stopAt(long height) {
        this.heightCap = height;
    }

    /** Blocks handed to the subscriber so far. */
    public long delivered() {
        return delivered.get();
    }

    /** The orderer the stream is open to, or "" between streams. */
    public String connectedTo() {
        return connectedTo;
    }

    /** Why the last stream ended, in one line, or "" when none has. */
    public String lastProblem() {
        return lastProblem;
    }

    private void connect() {
        if (closed) {
            return;
        }
        String orderer = orderers.get(next % orderers.size());
        long start = Math.max(height.getAsLong(), nextNumber);
        nextNumber = start;
        try {
            channelToOrderer = OrdererChannels.open(orderer, self, ordererTlsRoots);
        } catch (SSLException | RuntimeException e) {
            ended(orderer, "cannot set up TLS: " + e.getMessage());
            return;
        }
        long stream = ++generation;
        ClientResponseObserver<Envelope, DeliverResponse> answers = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Envelope> requests) {
                requests.disableAutoRequestWithInitial(1); // one block at a time, as the ledger keeps up
                requestStream = requests;
            }

            @Override
            public void onNext(DeliverResponse response) {
                onWorker(stream, () -> answer(orderer, response));
            }

            @Override
            public void onError(Throwable t) {
                String tls = DialFailures.tlsReason(t);
                Status status = Status.fromThrowable(t);
                onWorker(stream, () -> ended(orderer, tls != null ? "TLS: " + tls
                        : status.getCode() + (status.getDescription() != null ? ": " + status.getDescription() : "")));
            }

            @Override
            public void onCompleted() {
                onWorker(stream, () -> ended(orderer, "the orderer closed the stream"));
            }
        };
        AtomicBroadcastGrpc.newStub(channelToOrderer).deliver(answers);
        requestStream.onNext(SeekRequest.from(start, channel, self, clock.millis()));
        LOG.info("{}: delivering {} from orderer {}, from block {}", self, channel, orderer, start);
    }

    private void later(Runnable task, long millis) {
        try {
            worker.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /** Runs {@code task} on the worker if stream {@code of} is still the current one. */
    private void onWorker(long of, Runnable task) {
        try {
            worker.execute(() -> {
                if (of == generation && !closed) {
                    task.run();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the source closed while gRPC was still telling it something: nothing to do
        }
    }

    private void answer(String orderer, DeliverResponse response) {
        if (closed) {
            return;
        }
        if (response.hasStatus()) {
            Common.Status status = response.getStatus();
            String why = switch (status) {
                case FORBIDDEN -> " (the orderer does not let " + self.mspId() + " read channel " + channel + ")";
                case NOT_FOUND -> " (the orderer does not serve channel " + channel + ")";
                case BAD_REQUEST -> " (the request was malformed or its time is off by more than the orderer's window)";
                default -> "";
            };
            ended(orderer, "refused: " + status + why);
            return;
        }
        Block block = response.getBlock();
        long number = block.getHeader().getNumber();
        if (number >= heightCap) {
            return; // past the end of the run: not handed out, and nothing more is read
        }
        if (number != nextNumber) {
            ended(orderer, "sent block " + number + " where block " + nextNumber + " was due");
            return;
        }
        if (lastHeaderHash != null && !Arrays.equals(lastHeaderHash, block.getHeader().getPreviousHash().toByteArray())) {
            ended(orderer, "sent block " + number + ", which does not link to block " + (number - 1));
            return;
        }
        if (!connectedTo.equals(orderer)) {
            connectedTo = orderer;
            failures = 0;
        }
        lastHeaderHash = BlockHashing.headerHash(block.getHeader());
        nextNumber = number + 1;
        delivered.incrementAndGet();
        consumer.accept(block);
        readNext(generation);
    }

    /** Asks gRPC for the next block once the ledger is less than {@link #AHEAD} blocks behind what was handed out. */
    private void readNext(long of) {
        if (closed || of != generation || requestStream == null) {
            return;
        }
        if (nextNumber - height.getAsLong() < AHEAD) {
            requestStream.request(1);
        } else {
            later(() -> readNext(of), WAIT_MILLIS);
        }
    }

    /** The stream is over: say why in one line, and ask the next orderer after a backoff. */
    private void ended(String orderer, String why) {
        generation++; // whatever the ended stream still says is not heard
        if (channelToOrderer != null) {
            channelToOrderer.shutdownNow();
            channelToOrderer = null;
        }
        requestStream = null;
        connectedTo = "";
        if (closed) {
            return;
        }
        lastProblem = "orderer " + orderer + ": " + why;
        LOG.warn("{}: deliver from {}: {}", self, orderer, why);
        next++;
        failures++;
        long delay = Math.min(RETRY_MAX.toMillis(), RETRY_MIN.toMillis() << Math.min(failures - 1, 10));
        later(this::connect, delay);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.execute(() -> {
            if (requestStream != null) {
                requestStream.cancel("closing", null);
            }
            if (channelToOrderer != null) {
                channelToOrderer.shutdownNow();
            }
        });
        worker.shutdown();
    }
}
