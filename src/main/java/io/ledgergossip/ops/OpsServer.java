package io.ledgergossip.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgergossip.node.GossipNode;
import io.ledgergossip.node.NodeStatus;
import io.ledgergossip.ops.http.HttpEndpoint;
import io.ledgergossip.store.LedgerStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's operations endpoint, as a Fabric peer's: {@code GET /metrics} (Prometheus text format),
 * {@code GET /healthz} (200 with {@code {"status":"OK"}}, or 503 listing the failed checks), and
 * {@code GET /status} (the node's snapshot and health as JSON, for {@code ledger-gossip status}).
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GossipNode node;
    private final LedgerStore store;
    private final long maxBlocksBehind;
    private final Duration sourceTimeout;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final NodeMetrics metrics;
    private final FabricGossipMetrics fabricMetrics;
    private final HttpEndpoint server;

    /** Plain HTTP. */
    public OpsServer(InetSocketAddress address, GossipNode node, LedgerStore store, String channel, long maxBlocksBehind)
            throws IOException {
        this(address, node, store, channel, maxBlocksBehind, Health.DEFAULT_SOURCE_TIMEOUT, null);
    }

    /**
     * @param address where to listen (port 0: any free port, see {@link #address()})
     * @param maxBlocksBehind how far below the best announced height the node may be and stay healthy
     * @param sourceTimeout how long a node that follows a block source may be without reaching it and stay healthy
     * @param tls HTTPS with this context ({@link OpsTls#serverContext}), or null for plain HTTP
     */
    public OpsServer(InetSocketAddress address, GossipNode node, LedgerStore store, String channel, long maxBlocksBehind,
            Duration sourceTimeout, SSLContext tls) throws IOException {
        this.node = node;
        this.store = store;
        this.maxBlocksBehind = maxBlocksBehind;
        this.sourceTimeout = sourceTimeout;
        this.metrics = new NodeMetrics(registry, channel, node.transport().counters());
        this.fabricMetrics = new FabricGossipMetrics(channel, node.transport().counters(), node.commitTimes());
        this.server = new HttpEndpoint(address, Map.of("/metrics", this::metrics, "/healthz", this::healthz, "/status", this::status),
                tls);
        LOG.info("operations endpoint of {} on {}://{}", node.identity(), tls == null ? "http" : "https", address());
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** The node's snapshot now, or null when it does not answer within a second. */
    private NodeStatus snapshot() {
        try {
            NodeStatus status = node.status().get(1, TimeUnit.SECONDS);
            metrics.update(status);
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private HttpEndpoint.Response metrics() {
        NodeStatus status = snapshot();
        return new HttpEndpoint.Response(200, "text/plain; version=0.0.4; charset=utf-8",
                fabricMetrics.render(status) + registry.scrape());
    }

    private Health health(NodeStatus status) {
        return Health.of(status, store.isOpen(), maxBlocksBehind, sourceTimeout);
    }

    private HttpEndpoint.Response healthz() {
        Health health = health(snapshot());
        return new HttpEndpoint.Response(health.healthy() ? 200 : 503, "application/json", json(healthJson(health)));
    }

    private HttpEndpoint.Response status() {
        NodeStatus status = snapshot();
        ObjectNode body = JSON.createObjectNode();
        body.set("node", status == null ? JSON.nullNode() : JSON.valueToTree(status));
        body.set("health", healthJson(health(status)));
        return new HttpEndpoint.Response(200, "application/json", json(body));
    }

    private static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fabric's healthz body: status, time, and failed_checks when unhealthy. */
    private static ObjectNode healthJson(Health health) {
        ObjectNode json = JSON.createObjectNode();
        json.put("status", health.healthy() ? "OK" : "Service Unavailable");
        json.put("time", Instant.now().toString());
        if (!health.healthy()) {
            ArrayNode failed = json.putArray("failed_checks");
            for (Health.FailedCheck c : health.failedChecks()) {
                failed.addObject().put("component", c.component()).put("reason", c.reason());
            }
        }
        return json;
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }
}
