package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.HostPort;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.recovery.BlockSupply;
import io.ledgergossip.recovery.LedgerCopySupply;
import io.ledgergossip.recovery.StateTransferSupply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code recover} takes blocks from, set up from its options and checked before any work:
 * peers over Fabric's state transfer (with the identity of a peer of {@code --config}, from its
 * cryptogen-layout crypto directory), or another copy of the ledger on disk.
 */
final class RecoverSources {
    private final List<String> endpoints;
    private final Path copy;
    private final Duration responseTimeout;
    private NetworkConfig network;
    private LocalIdentity identity;
    private IdentityValidator validator;
    private TrustedOrgs networkOrderers;

    private RecoverSources(List<String> endpoints, Path copy, Duration responseTimeout) {
        this.endpoints = endpoints;
        this.copy = copy;
        this.responseTimeout = responseTimeout;
    }

    /**
     * @throws IllegalArgumentException naming the option and the reason
     */
    static RecoverSources check(String from, Path fromLedger, Path config, String peer, Path crypto, Duration responseTimeout)
            throws IOException, ConfigException, IdentityException {
        if ((from == null) == (fromLedger == null)) {
            throw new IllegalArgumentException("say where the blocks come from: --from HOST:PORT[,HOST:PORT...] (peers of the channel) "
                    + "or --from-ledger DIR (another copy of the ledger), one of the two");
        }
        if ((config == null) != (peer == null)) {
            throw new IllegalArgumentException("--config and --peer go together (the identity peers are asked with)");
        }
        if (from != null && config == null) {
            throw new IllegalArgumentException("--from needs --config CONFIG --peer NAME: peers answer only an identity of one of "
                    + "the channel's orgs");
        }
        List<String> endpoints = new ArrayList<>();
        if (from != null) {
            for (String e : from.split(",")) {
                try {
                    endpoints.add(HostPort.parse(e.trim()).toString());
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("--from: " + bad.getMessage());
                }
            }
        }
        if (fromLedger != null && !Files.isDirectory(fromLedger)) {
            throw new IllegalArgumentException("--from-ledger: " + fromLedger + " is not a directory");
        }
        RecoverSources sources = new RecoverSources(List.copyOf(endpoints), fromLedger, responseTimeout);
        if (config != null) {
            sources.loadIdentity(config, peer, crypto);
        }
        return sources;
    }

    private void loadIdentity(Path config, String peerName, Path crypto) throws IOException, ConfigException, IdentityException {
        network = NetworkConfigLoader.load(config);
        NetworkConfig.Peer peer = network.peers().stream().filter(p -> p.name().equals(peerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--peer: " + config + " has no peer '" + peerName + "'"));
        Path dir = crypto != null ? crypto : Path.of("target", "network-" + network.name(), "crypto");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--crypto: " + dir + " is not a directory (the network's cryptogen-layout crypto "
                    + "material, as `network up` or `crypto` wrote it)");
        }
        identity = NetworkCrypto.peerIdentity(network, dir, peer);
        validator = NetworkCrypto.validator(network, dir, System::currentTimeMillis);
        networkOrderers = NetworkCrypto.ordererOrg(network, dir);
    }

    /** The network config's ordering org (for chains whose genesis block names none), or null without --config. */
    TrustedOrgs networkOrderers() {
        return networkOrderers;
    }

    /** The network config's channel, if one was given. */
    Optional<String> networkChannel() {
        return Optional.ofNullable(network).map(NetworkConfig::channel);
    }

    /** The channel ledger in --from-ledger that matches {@code channel}: the same name, or the only one there is. */
    Optional<FabricLedgerDirectory.ChannelLedger> copyOf(String channel) throws IOException {
        List<FabricLedgerDirectory.ChannelLedger> found = FabricLedgerDirectory.find(copy);
        Optional<FabricLedgerDirectory.ChannelLedger> same = found.stream().filter(c -> c.name().equals(channel)).findFirst();
        return same.isPresent() || found.size() != 1 ? same : Optional.of(found.get(0));
    }

    boolean fromLedger() {
        return copy != null;
    }

    /** A new supply for one channel ({@code channelId} is what peers know it as). */
    BlockSupply open(String ledgerName, String channelId) throws IOException {
        if (copy != null) {
            return new LedgerCopySupply(copyOf(ledgerName).orElseThrow(
                    () -> new IOException("--from-ledger: " + copy + " holds no ledger of channel " + ledgerName)));
        }
        return StateTransferSupply.overGrpc(identity, validator, channelId, endpoints, responseTimeout, System.nanoTime());
    }
}
