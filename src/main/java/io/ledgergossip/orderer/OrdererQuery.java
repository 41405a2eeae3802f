package io.ledgergossip.orderer;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.time.Clock;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Common;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.orderer.Ab.DeliverResponse;
import org.hyperledger.fabric.protos.orderer.Ab.SeekInfo;
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;

/**
 * One-shot questions to an orderer over Deliver, as {@code peer channel fetch} asks them: the
 * channel's genesis block (what a peer joins with), or its newest block (how far the chain is).
 */
public final class OrdererQuery {
    private final String orderer;
    private final String channel;
    private final LocalIdentity self;
    private final List<X509Certificate> ordererTlsRoots;
    private final Clock clock;

    public OrdererQuery(String orderer, String channel, LocalIdentity self, List<X509Certificate> ordererTlsRoots, Clock clock) {
        this.orderer = orderer;
        this.channel = channel;
        this.self = self;
        this.ordererTlsRoots = List.copyOf(ordererTlsRoots);
        this.clock = clock;
    }

    public Block genesis(Duration timeout) throws IOException {
        return fetch(SeekRequest.specified(0), SeekRequest.specified(0), timeout);
    }

    public Block newest(Duration timeout) throws IOException {
        return fetch(SeekRequest.newest(), SeekRequest.newest(), timeout);
    }

    private Block fetch(org.hyperledger.fabric.protos.orderer.Ab.SeekPosition start, org.hyperledger.fabric.protos.orderer.Ab.SeekPosition stop,
            Duration timeout) throws IOException {
        ManagedChannel channelToOrderer = OrdererChannels.open(orderer, self, ordererTlsRoots);
        try {
            List<Block> blocks = new ArrayList<>();
            CompletableFuture<String> done = new CompletableFuture<>();
            StreamObserver<Common.Envelope> requests = AtomicBroadcastGrpc.newStub(channelToOrderer)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .deliver(new StreamObserver<DeliverResponse>() {
                        @Override
                        public void onNext(DeliverResponse response) {
                            if (response.hasBlock()) {
                                blocks.add(response.getBlock());
                            } else {
                                done.complete(response.getStatus().name());
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.complete(io.grpc.Status.fromThrowable(t).toString());
                        }

                        @Override
                        public void onCompleted() {
                            done.complete("closed");
                        }
                    });
            requests.onNext(SeekRequest.of(start, stop, SeekInfo.SeekBehavior.FAIL_IF_NOT_READY, channel, self, clock.millis()));
            String status = done.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            requests.onCompleted();
            if (!"SUCCESS".equals(status) || blocks.isEmpty()) {
                throw new IOException("orderer " + orderer + " answered " + status + " for channel " + channel);
            }
            return blocks.get(0);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("orderer " + orderer + " did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking orderer " + orderer);
        } finally {
            channelToOrderer.shutdownNow();
        }
    }
}
