package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.HostPort;
import io.ledgergossip.ops.OpsServer;
import io.ledgergossip.ops.OpsTls;
import java.net.InetSocketAddress;
import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.util.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code node --config CONFIG --peer NAME}: one peer as its own long-running process. */
@Command(name = "node", mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar node --config network-config/minimal.yaml --peer peer0.org1.example.com --data target/network-minimal%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped cleanly (SIGTERM or Ctrl-C)", ExitCodes.LIST_CANNOT_RUN},
        description = {"Runs one peer of a network config as its own process, as an operator runs it: its TLS endpoint, its "
                + "RocksDB store under DIR, its crypto material from DIR/crypto (see crypto generate); super nodes take "
                + "blocks from the orderer listed in the config.",
            "Prints a status line every half second; stops cleanly on SIGTERM or Ctrl-C."})
final class NodeCommand implements Callable<Integer> {
    /** Status lines start with this, for whoever reads them (network up --processes). */
    static final String STATUS = "status";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "CONFIG", description = "Network config.")
    private Path config;

    @Option(names = "--peer", paramLabel = "NAME", description = "Which peer of the config this process is.")
    private String peer;

    @Option(names = "--core", paramLabel = "PATH", description = "Run as a Fabric peer is configured instead: its core.yaml "
            + "(default $FABRIC_CFG_PATH/core.yaml when FABRIC_CFG_PATH is set and --config is not), CORE_* variables over it, "
            + "and --channel-block.")
    private Path core;

    @Option(names = "--channel-block", paramLabel = "FILE", description = "With --core: the channel's config block the peer joins "
            + "with (as peer channel join -b): the channel, its orgs and their CAs, its orderers.")
    private Path channelBlock;

    @Option(names = "--data", defaultValue = ".", paramLabel = "DIR",
            description = "Data directory: crypto material in DIR/crypto, the store in DIR/<peer data> (default ${DEFAULT-VALUE}).")
    private Path data;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
            description = "Log level: trace, debug, info, warn or error (default ${DEFAULT-VALUE}); every line has its timestamp.")
    private String logLevel;

    @Option(names = "--quiet", description = "No status line every half second (the log and the operations endpoint remain).")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Logging.LEVELS.contains(logLevel.toLowerCase(java.util.Locale.ROOT))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--log-level must be one of " + Logging.LEVELS
                    + ", not '" + logLevel + "'");
        }
        if (core == null && config == null && System.getenv("FABRIC_CFG_PATH") != null) {
            core = Path.of(System.getenv("FABRIC_CFG_PATH"), "core.yaml");
        }
        if (core != null) {
            return runFromCore(out, err);
        }
        if (config == null || peer == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give --config CONFIG --peer NAME, or --core PATH --channel-block FILE (a Fabric peer's core.yaml)");
        }
        NetworkConfig network;
        LocalNetwork local;
        RunningPeer running;
        try {
            network = NetworkConfigLoader.load(config);
            if (network.peers().stream().anyMatch(p -> p.name().equals(peer) && p.fabric())) {
                err.println("node: --peer " + peer + " is a Fabric peer (implementation: fabric): `network up` runs it as a Fabric "
                        + "gossip node");
                return ExitCodes.CANNOT_RUN;
            }
            local = new LocalNetwork(network, data, data.resolve("crypto"), null);
        } catch (ConfigException | IOException | IdentityException | IllegalArgumentException e) {
            err.println("node: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        try {
            running = local.start(peer);
        } catch (Exception e) {
            local.close();
            err.println("node: " + peer + ": " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        if (running.spec().superNode()) {
            running.node().followOrderer(network.ordererEndpoint().toString(), Duration.ofSeconds(1));
        }
        OpsServer ops = null;
        if (running.spec().operations() != null) {
            HostPort at = running.spec().operations();
            ops = new OpsServer(new InetSocketAddress(at.host(), at.port()), running.node(), running.store(), network.channel(),
                    local.settings().dissemination().stateBlockBufferSize(), local.settings().membership().aliveExpirationTimeout(),
                    running.spec().operationsTls() ? OpsTls.serverContext(running.node().identity()) : null);
        }
        OpsServer opsServer = ops;
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (opsServer != null) {
                opsServer.close();
            }
            local.close(); // the node stops on its own thread, then its store closes
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("node %s listening on %s%n", peer, running.spec().listen());
        if (opsServer != null) {
            out.printf("node %s operations endpoint on %s://%s (/metrics, /healthz, /status)%n", peer,
                    running.spec().operationsTls() ? "https" : "http", running.spec().operations());
        }
        out.flush();
        statusUntilStopped(out, running.node(), running.store(), stopped);
        return ExitCodes.OK;
    }

    /** A status line every half second until the shutdown hook has stopped the peer. */
    private void statusUntilStopped(PrintWriter out, io.ledgergossip.node.GossipNode node, io.ledgergossip.store.LedgerStore store,
            CountDownLatch stopped) throws Exception {
        while (!stopped.await(500, TimeUnit.MILLISECONDS)) {
            if (quiet) {
                continue;
            }
            String blocksBy = node.status()
                    .thenApply(s -> "push=" + s.blocksByPush() + " pull=" + s.blocksByPull() + " transfer=" + s.blocksByStateTransfer())
                    .completeOnTimeout("push=? pull=? transfer=?", 1, TimeUnit.SECONDS)
                    .exceptionally(stopping -> "push=? pull=? transfer=?").get();
            var tls = node.transport().counters().tlsDialFailures();
            out.printf("%s height=%d head=%s state=%s %s%s%n", STATUS, node.height(), Hex.of(store.lastHeaderHash()),
                    Hex.of(store.stateHash()), blocksBy, tls.isEmpty() ? "" : " tls=" + String.join(",", tls.keySet()));
            out.flush();
        }
    }

    /** {@code node --core core.yaml --channel-block FILE}: one peer as a Fabric peer is configured. */
    private int runFromCore(PrintWriter out, PrintWriter err) throws Exception {
        if (channelBlock == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--core needs --channel-block FILE (the channel's config "
                    + "block, as peer channel join -b takes it)");
        }
        CorePeer prepared;
        try {
            prepared = CorePeer.prepare(io.ledgergossip.config.CoreConfig.load(core, System.getenv()), channelBlock);
        } catch (IOException | IdentityException | io.ledgergossip.ledger.LedgerFormatException | IllegalArgumentException e) {
            err.println("node: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        List<String> ignored = prepared.core().withoutEffect();
        if (!ignored.isEmpty()) {
            out.printf("core.yaml: %d keys accepted, no effect here: %s%n", ignored.size(), String.join(", ", ignored));
        }
        io.ledgergossip.node.LedgerGossipPeer peerProcess;
        try {
            peerProcess = prepared.builder().start();
        } catch (RuntimeException e) {
            err.println("node: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        OpsServer ops = null;
        var opsAddress = prepared.core().get("operations.listenAddress");
        if (opsAddress.isPresent() && !"disabled".equals(prepared.core().get("metrics.provider").orElse("prometheus"))) {
            String a = opsAddress.get();
            ops = new OpsServer(new InetSocketAddress(a.substring(0, a.lastIndexOf(':')), Integer.parseInt(a.substring(a.lastIndexOf(':') + 1))),
                    peerProcess.node(), peerProcess.store(), prepared.channel().channel(), prepared.settings().dissemination().stateBlockBufferSize(),
                    prepared.settings().membership().aliveExpirationTimeout(),
                    // operations.tls.enabled: HTTPS with the peer's own TLS certificate (operations.tls.cert.file is not read)
                    prepared.core().flag("operations.tls.enabled", false) ? OpsTls.serverContext(peerProcess.node().identity()) : null);
        }
        OpsServer opsServer = ops;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (opsServer != null) {
                opsServer.close();
            }
            peerProcess.close();
            stopped.countDown();
        }, "shutdown"));
        out.printf("node %s of channel %s (%s) listening on %s, advertising %s%s%n", prepared.core().get("peer.id").orElse("peer"),
                prepared.channel().channel(), peerProcess.node().identity().mspId(), prepared.core().get("peer.listenAddress").orElse("?"),
                prepared.endpoint(), prepared.source() != null ? "; org leader: delivers from " + prepared.channel().ordererEndpoints() : "");
        out.flush();
        statusUntilStopped(out, peerProcess.node(), peerProcess.store(), stopped);
        return ExitCodes.OK;
    }
}
