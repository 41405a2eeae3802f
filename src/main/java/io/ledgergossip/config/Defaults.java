package io.ledgergossip.config;

import java.time.Duration;

/**
 * Every default of ledger-gossip, in one place. Each constant names the configuration key it is
 * the default of: Fabric's {@code peer.gossip.*} key where Fabric has the concept (with Fabric's
 * default unless a comment says why not), the project's own key otherwise.
 */
public final class Defaults {
    private Defaults() {}

    /**
     * {@code peer.gossip.maxMessageSize} (project key, Fabric style): the largest frame a peer
     * accepts or sends. Checked against the length prefix before any buffer is allocated.
     */
    public static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    /** {@code peer.gossip.connTimeout}: how long each side waits for the other's ConnEstablish. */
    public static final Duration CONN_TIMEOUT = Duration.ofSeconds(2);

    /** {@code peer.gossip.dialTimeout}: how long a TCP connect plus TLS handshake may take. */
    public static final Duration DIAL_TIMEOUT = Duration.ofSeconds(3);

    /** {@code peer.gossip.sendBuffSize}: messages queued to one peer before further ones are dropped. */
    public static final int SEND_BUFF_SIZE = 200;

    /**
     * {@code peer.gossip.sendBuffBytes} (project key): bytes queued to one peer before further
     * messages are dropped, so that a slow peer costs a bounded amount of memory.
     */
    public static final int SEND_BUFF_BYTES = 32 * 1024 * 1024;

    /** {@code peer.gossip.dialBackoffMin} (project key): wait after the first failed dial to an endpoint. */
    public static final Duration DIAL_BACKOFF_MIN = Duration.ofMillis(200);

    /** {@code peer.gossip.dialBackoffMax} (project key): the wait doubles per failure up to this. */
    public static final Duration DIAL_BACKOFF_MAX = Duration.ofSeconds(10);

    /** {@code peer.gossip.aliveTimeInterval}: how often a peer signs and sends its AliveMessage. */
    public static final Duration ALIVE_TIME_INTERVAL = Duration.ofSeconds(5);

    /** {@code peer.gossip.aliveExpirationTimeout}: a peer not heard from for this long is dead. */
    public static final Duration ALIVE_EXPIRATION_TIMEOUT = Duration.ofSeconds(25);

    /** {@code peer.gossip.propagatePeerNum}: peers a fresh gossip message is forwarded to. */
    public static final int PROPAGATE_PEER_NUM = 3;

    /** {@code peer.gossip.pullInterval}: how often a peer pulls (membership now, blocks later) from others. */
    public static final Duration PULL_INTERVAL = Duration.ofSeconds(4);

    /** {@code peer.gossip.pullPeerNum}: peers asked at each pull. */
    public static final int PULL_PEER_NUM = 3;

    /**
     * {@code peer.gossip.siblingLinks} (project key): connections an ordinary peer keeps to random
     * peers of its org besides its parent, so that losing the parent never cuts it off.
     */
    public static final int SIBLING_LINKS = 3;

    /** {@code peer.gossip.superNode.maxChildren} (project key): children a super node accepts. */
    public static final int MAX_CHILDREN = 64;

    /**
     * {@code peer.gossip.hopTimeout} (project key): how long each hop of a routed message may take
     * to acknowledge; the sender knows the outcome within hops x hopTimeout.
     */
    public static final Duration HOP_TIMEOUT = Duration.ofSeconds(5);

    /** Hops a routed message may take at most: sender -> its parent -> target's parent -> target. */
    public static final int MAX_ROUTE_HOPS = 3;

    /** {@code peer.gossip.maxPropagationBurstSize}: new blocks gathered before a push goes out. */
    public static final int MAX_PROPAGATION_BURST_SIZE = 10;

    /**
     * {@code peer.gossip.maxPropagationBurstLatency}: longest a new block waits for its burst. A
     * block that finds no burst pushed within this time goes at once (only blocks that follow it
     * closely are gathered), so an idle network adds no latency per hop.
     */
    public static final Duration MAX_PROPAGATION_BURST_LATENCY = Duration.ofMillis(10);

    /**
     * {@code peer.gossip.pushDigestFirst} (project key): to the propagatePeerNum random peers, push
     * only the block number; they ask for the body if they lack it. A super node's children still
     * get bodies (see pushToChildren). Off: Fabric's push of bodies to random peers, about four
     * bodies per peer per block instead of one (README, benchmarks).
     */
    public static final boolean PUSH_DIGEST_FIRST = true;

    /**
     * {@code peer.gossip.pushToChildren} (project key): a super node pushes every new block's body
     * to all the peers attached to it, so that a block reaches every peer in two hops. Fabric has
     * no such tree: off, only the random fanout pushes.
     */
    public static final boolean PUSH_TO_CHILDREN = true;

    /**
     * {@code peer.gossip.pushGapRequest} (project key): a block pushed above a gap makes the peer ask
     * its pusher at once for the blocks just before it (the push of those was lost), instead of
     * waiting for the next pull or StateInfo. Fabric has no such request: off, gaps wait.
     */
    public static final boolean PUSH_GAP_REQUEST = true;

    /**
     * {@code peer.gossip.announceToNeighbours} (project key): a peer that takes a new block by push
     * tells every connected ledger-gossip neighbour its number at once (a digest of a few bytes),
     * not only propagatePeerNum random ones. A peer whose body was lost on the way hears the number
     * from its siblings one hop later and asks the first teller; a request not answered within a
     * few measured round trips goes to the next teller. Off: numbers go to the random fanout only,
     * and a lost push waits for the next pull.
     */
    public static final boolean ANNOUNCE_TO_NEIGHBOURS = true;

    /** {@code peer.gossip.maxBlockCountToStore}: recent blocks a peer offers in pull digests. */
    public static final int MAX_BLOCK_COUNT_TO_STORE = 10;

    /** {@code peer.gossip.publishStateInfoInterval}: how often a peer tells its neighbours its ledger height. */
    public static final Duration PUBLISH_STATE_INFO_INTERVAL = Duration.ofSeconds(4);

    /** {@code peer.gossip.state.checkInterval}: how often a peer compares its height with its neighbours'. */
    public static final Duration STATE_CHECK_INTERVAL = Duration.ofSeconds(10);

    /** {@code peer.gossip.state.responseTimeout}: wait for a RemoteStateResponse before asking another peer. */
    public static final Duration STATE_RESPONSE_TIMEOUT = Duration.ofSeconds(3);

    /** {@code peer.gossip.state.batchSize}: blocks asked for in one RemoteStateRequest. */
    public static final int STATE_BATCH_SIZE = 10;

    /** {@code peer.gossip.state.maxRetries}: times one range is asked for before state transfer waits for the next check. */
    public static final int STATE_MAX_RETRIES = 3;

    /** {@code peer.gossip.state.blockBufferSize}: blocks ahead of the height held while waiting for the gap. */
    public static final int STATE_BLOCK_BUFFER_SIZE = 100;

    /** {@code peer.gossip.state.parallelRequests} (project key): RemoteStateRequests in flight at once, to different peers. */
    public static final int STATE_PARALLEL_REQUESTS = 4;

    /** {@code peer.gossip.peerScoreThreshold} (project key): a peer whose score falls to this is disconnected and ignored. */
    public static final int PEER_SCORE_THRESHOLD = 0;

    /** {@code peer.gossip.peerBanDuration} (project key): how long a peer below the threshold is ignored. */
    public static final Duration PEER_BAN_DURATION = Duration.ofMinutes(10);

    /**
     * {@code peer.gossip.maxRequestsPerSecond} (project key): pull and state-transfer requests
     * (Hello, DataDigest, DataRequest, RemoteStateRequest) one peer may send this one in a second.
     * An honest peer catching up at full speed sends a few dozen; past the limit the excess is
     * dropped and the sender loses score, once per second it floods, until it is banned.
     */
    public static final int MAX_REQUESTS_PER_SECOND = 500;

    /** {@code peer.gossip.propagateIterations}: times a new message is pushed, each time to propagatePeerNum random peers. */
    public static final int PROPAGATE_ITERATIONS = 1;

    /** {@code peer.gossip.reconnectInterval}: how often a peer tries again to reach a dead member it needs (super nodes). */
    public static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(25);

    /** {@code peer.gossip.requestStateInfoInterval}: how often a peer asks pullPeerNum random peers for their ledger height. */
    public static final Duration REQUEST_STATE_INFO_INTERVAL = Duration.ofSeconds(4);

    // ---- bounds of the dissemination service's own bookkeeping (not keys: they protect the peer, whatever the network)

    /** Blocks being asked of a peer after a digest, at most; beyond, the oldest requests are forgotten. */
    public static final int MAX_BLOCKS_ASKED_FOR = 10_000;
    /** Nonces of DataRequests that continue a push, remembered at most (their answers count as push). */
    public static final int MAX_PUSH_REQUESTS_REMEMBERED = 10_000;
    /**
     * Until a round trip to a neighbour has been measured, a body asked for after a digest is asked
     * of the next peer that offered it after state.responseTimeout / this.
     */
    public static final int RE_ASK_DIVISOR = 10;
    /** Other peers remembered as offering a block, besides the one asked first. */
    public static final int MAX_OTHER_OFFERERS = 6;
    /** Times one body is asked for (going round its offerers) before pull and state transfer are left to fetch it. */
    public static final int MAX_ASKS_PER_BLOCK = 12;
    /** Recent block numbers for which the neighbours known to hold them are remembered (for the second announcement). */
    public static final int HOLDERS_BLOCKS = 64;
    /** Neighbours remembered as holding one block, at most. */
    public static final int HOLDERS_PER_BLOCK = 4_096;
    /** Requests whose answer is awaited to measure a round trip, at most; beyond, the oldest are forgotten. */
    public static final int MAX_TIMED_REQUESTS = 4_096;
}
