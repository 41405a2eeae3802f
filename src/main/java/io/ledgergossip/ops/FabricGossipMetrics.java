package io.ledgergossip.ops;

import io.ledgergossip.node.NodeStatus;
import io.ledgergossip.transport.TransportCounters;
import io.ledgergossip.util.SecondsHistogram;
import java.util.Locale;

/**
 * The gossip metrics a Fabric v2.5 peer exposes, written exactly as Fabric's Prometheus provider
 * writes them (names, types, labels, buckets; counters without a {@code _total} suffix), so a
 * Fabric dashboard finds its series: the ones this peer has a meaning for. Private-data metrics
 * are left out (ledger-gossip carries no private data).
 */
final class FabricGossipMetrics {
    private final String channel;
    private final TransportCounters transport;
    private final SecondsHistogram commitTimes;

    FabricGossipMetrics(String channel, TransportCounters transport, SecondsHistogram commitTimes) {
        this.channel = channel;
        this.transport = transport;
        this.commitTimes = commitTimes;
    }

    /** Prometheus text format (0.0.4) for the latest snapshot; gauges read 0 while the node has not answered. */
    String render(NodeStatus status) {
        StringBuilder out = new StringBuilder();
        String label = "{channel=\"" + escape(channel) + "\"}";
        gauge(out, "gossip_state_height", "Current ledger height", label, status == null ? 0 : status.height());
        histogram(out);
        gauge(out, "gossip_payload_buffer_size", "Size of the payload buffer", label, status == null ? 0 : status.payloadBufferSize());
        // Fabric's leader takes blocks from the orderer for its org: a super node does
        gauge(out, "gossip_leader_election_leader", "Peer is leader (1) or follower (0)", label,
                status != null && status.superNode() ? 1 : 0);
        counter(out, "gossip_comm_messages_sent", "Number of messages sent", transport.messagesSent());
        counter(out, "gossip_comm_overflow_count", "Number of outgoing queue buffer overflows", transport.overflowDropped());
        counter(out, "gossip_comm_messages_received", "Number of messages received", transport.messagesReceived());
        gauge(out, "gossip_membership_total_peers_known", "Total known peers", label, status == null ? 0 : status.knownPeers());
        return out.toString();
    }

    private void histogram(StringBuilder out) {
        String name = "gossip_state_commit_duration";
        out.append("# HELP ").append(name).append(" Time it takes to commit a block in seconds\n");
        out.append("# TYPE ").append(name).append(" histogram\n");
        double[] bounds = commitTimes.bounds();
        long[] cumulative = commitTimes.cumulativeCounts();
        long count = commitTimes.count();
        String ch = "channel=\"" + escape(channel) + "\"";
        for (int i = 0; i < bounds.length; i++) {
            out.append(name).append("_bucket{").append(ch).append(",le=\"").append(bound(bounds[i])).append("\"} ")
                    .append(cumulative[i]).append('\n');
        }
        out.append(name).append("_bucket{").append(ch).append(",le=\"+Inf\"} ").append(count).append('\n');
        out.append(name).append("_sum{").append(ch).append("} ").append(number(commitTimes.sumSeconds())).append('\n');
        out.append(name).append("_count{").append(ch).append("} ").append(count).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String bound(double b) {
        return b == Math.rint(b) ? String.valueOf((long) b) : String.valueOf(b);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
