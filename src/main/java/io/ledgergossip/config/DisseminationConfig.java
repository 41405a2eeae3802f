package io.ledgergossip.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Block dissemination: push, pull and state transfer (see {@link Defaults} for each key and default).
 */
public record DisseminationConfig(int propagatePeerNum, int maxPropagationBurstSize, Duration maxPropagationBurstLatency,
        boolean pushDigestFirst, boolean pushToChildren, boolean pushGapRequest, boolean announceToNeighbours, Duration pullInterval, int pullPeerNum, int maxBlockCountToStore,
        Duration publishStateInfoInterval, Duration stateCheckInterval, Duration stateResponseTimeout, int stateBatchSize,
        int stateMaxRetries, int stateBlockBufferSize, int stateParallelRequests, int peerScoreThreshold,
        Duration peerBanDuration, int maxRequestsPerSecond, Duration requestStateInfoInterval) {

    public DisseminationConfig {
        Objects.requireNonNull(maxPropagationBurstLatency);
        Objects.requireNonNull(pullInterval);
        Objects.requireNonNull(publishStateInfoInterval);
        Objects.requireNonNull(stateCheckInterval);
        Objects.requireNonNull(stateResponseTimeout);
        Objects.requireNonNull(peerBanDuration);
        Objects.requireNonNull(requestStateInfoInterval);
        if (requestStateInfoInterval.isZero() || requestStateInfoInterval.isNegative()) {
            throw new IllegalArgumentException("peer.gossip.requestStateInfoInterval must be positive");
        }
        if (propagatePeerNum < 1 || maxPropagationBurstSize < 1 || pullPeerNum < 1 || maxBlockCountToStore < 1
                || stateBatchSize < 1 || stateMaxRetries < 1 || stateBlockBufferSize < stateBatchSize
                || stateParallelRequests < 1 || maxRequestsPerSecond < 1) {
            throw new IllegalArgumentException("dissemination counts must be positive, and state.blockBufferSize at least state.batchSize");
        }
    }

    public static DisseminationConfig defaults() {
        return new DisseminationConfig(Defaults.PROPAGATE_PEER_NUM, Defaults.MAX_PROPAGATION_BURST_SIZE,
                Defaults.MAX_PROPAGATION_BURST_LATENCY, Defaults.PUSH_DIGEST_FIRST, Defaults.PUSH_TO_CHILDREN, Defaults.PUSH_GAP_REQUEST, Defaults.ANNOUNCE_TO_NEIGHBOURS, Defaults.PULL_INTERVAL,
                Defaults.PULL_PEER_NUM, Defaults.MAX_BLOCK_COUNT_TO_STORE, Defaults.PUBLISH_STATE_INFO_INTERVAL,
                Defaults.STATE_CHECK_INTERVAL, Defaults.STATE_RESPONSE_TIMEOUT, Defaults.STATE_BATCH_SIZE,
                Defaults.STATE_MAX_RETRIES, Defaults.STATE_BLOCK_BUFFER_SIZE, Defaults.STATE_PARALLEL_REQUESTS,
                Defaults.PEER_SCORE_THRESHOLD, Defaults.PEER_BAN_DURATION, Defaults.MAX_REQUESTS_PER_SECOND,
                Defaults.REQUEST_STATE_INFO_INTERVAL);
    }

    public DisseminationConfig withPushDigestFirst(boolean on) {
        return new DisseminationConfig(propagatePeerNum, maxPropagationBurstSize, maxPropagationBurstLatency, on, pushToChildren, pushGapRequest,
                announceToNeighbours, pullInterval, pullPeerNum, maxBlockCountToStore, publishStateInfoInterval, stateCheckInterval,
                stateResponseTimeout, stateBatchSize, stateMaxRetries, stateBlockBufferSize, stateParallelRequests,
                peerScoreThreshold, peerBanDuration, maxRequestsPerSecond, requestStateInfoInterval);
    }

    /** Another peer.gossip.peerScoreThreshold (the score at or below which a peer that sent bad blocks is banned). */
    public DisseminationConfig withPeerScoreThreshold(int threshold) {
        return new DisseminationConfig(propagatePeerNum, maxPropagationBurstSize, maxPropagationBurstLatency, pushDigestFirst, pushToChildren,
                pushGapRequest, announceToNeighbours, pullInterval, pullPeerNum, maxBlockCountToStore, publishStateInfoInterval, stateCheckInterval,
                stateResponseTimeout, stateBatchSize, stateMaxRetries, stateBlockBufferSize, stateParallelRequests,
                threshold, peerBanDuration, maxRequestsPerSecond, requestStateInfoInterval);
    }

    /** Pull off (a pull interval longer than any run): for measuring push alone. */
    public DisseminationConfig withPullInterval(Duration interval) {
        return new DisseminationConfig(propagatePeerNum, maxPropagationBurstSize, maxPropagationBurstLatency,
                pushDigestFirst, pushToChildren, pushGapRequest, announceToNeighbours, interval, pullPeerNum, maxBlockCountToStore, publishStateInfoInterval, stateCheckInterval,
                stateResponseTimeout, stateBatchSize, stateMaxRetries, stateBlockBufferSize, stateParallelRequests,
                peerScoreThreshold, peerBanDuration, maxRequestsPerSecond, requestStateInfoInterval);
    }
}
