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

    @Option(names = "--config", required = true, paramLabel = "CONFIG", description = "Network config.")
    private Path config;

    @Option(names = "--peer", required = true, paramLabel = "NAME", description = "Which peer of the config this process is.")
    private String peer;

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
        while (!stopped.await(500, TimeUnit.MILLISECONDS)) {
            if (quiet) {
                continue;
            }
            String blocksBy = running.node().status()
                    .thenApply(s -> "push=" + s.blocksByPush() + " pull=" + s.blocksByPull() + " transfer=" + s.blocksByStateTransfer())
                    .completeOnTimeout("push=? pull=? transfer=?", 1, TimeUnit.SECONDS)
                    .exceptionally(stopping -> "push=? pull=? transfer=?").get();
            var tls = running.node().transport().counters().tlsDialFailures();
            out.printf("%s height=%d head=%s state=%s %s%s%n", STATUS, running.node().height(), Hex.of(running.store().lastHeaderHash()),
                    Hex.of(running.store().stateHash()), blocksBy, tls.isEmpty() ? "" : " tls=" + String.join(",", tls.keySet()));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
