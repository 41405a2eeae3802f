package io.ledgergossip.dissemination;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.ChannelNames;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.util.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The channel this peer gossips blocks of, as Fabric names it on the wire: the {@code channel}
 * field of every channel message, and for StateInfo and StateInfoPullRequest, which do not carry
 * the name, the channel MAC SHA-256(PKI-ID || channel name) ({@code channel.go:GenerateMAC}).
 */
public record GossipChannel(String name) {
    /** Fabric's test network's channel, and the fixtures'. */
    public static final GossipChannel DEFAULT = new GossipChannel("mychannel");

    public GossipChannel {
        String problem = ChannelNames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public ByteString id() {
        return ByteString.copyFrom(name, StandardCharsets.UTF_8);
    }

    /** The MAC a StateInfo of {@code peer} carries for this channel. */
    public ByteString mac(PkiId peer) {
        return ByteString.copyFrom(Sha256.ofAll(java.util.List.of(peer.toByteString(), id())));
    }

    public boolean isFor(ByteString channel) {
        return channel.equals(id());
    }
}
