package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.OrdererService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One JVM per peer ({@code ledger-gossip node}), the orderer in this JVM reachable over TLS. Each
 * child's status lines are read to follow its height; its log goes to DATA/logs/PEER.log. Every
 * child is stopped when the fleet closes, and by a shutdown hook on Ctrl-C.
 */
final class ProcessFleet implements Fleet {
    private final Path config;
    private final Path data;
    private final OrdererService orderer;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, PeerStatus> statuses = new ConcurrentHashMap<>();
    private final Thread hook = new Thread(this::close, "stop peer processes");

    ProcessFleet(Path config, Path data, OrdererService orderer) {
        this.config = config;
        this.data = data;
        this.orderer = orderer;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void start(String peer) throws IOException {
        Path logs = Files.createDirectories(data.resolve("logs"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LedgerGossipCli.class.getName(),
                "node", "--config", config.toString(), "--peer", peer, "--data", data.toString());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve(peer + ".log").toFile()))
                .start();
        processes.put(peer, process);
        Thread reader = new Thread(() -> follow(peer, process), "status of " + peer);
        reader.setDaemon(true);
        reader.start();
    }

    private void follow(String peer, Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(NodeCommand.STATUS + " ")) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String part : line.substring(NodeCommand.STATUS.length() + 1).split(" ")) {
                        int eq = part.indexOf('=');
                        if (eq > 0) {
                            fields.put(part.substring(0, eq), part.substring(eq + 1));
                        }
                    }
                    if (processes.get(peer) == process) {
                        statuses.put(peer, new PeerStatus(Long.parseLong(fields.getOrDefault("height", "0")),
                                fields.getOrDefault("head", ""), fields.getOrDefault("state", ""), String.format(
                                        "push %s pull %s state %s (pid %d)", fields.get("push"), fields.get("pull"),
                                        fields.get("transfer"), process.pid()), fields.getOrDefault("tls", "")));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone: its status goes with it
        }
    }

    @Override
    public void crash(String peer) throws InterruptedException {
        Process process = processes.remove(peer);
        statuses.remove(peer);
        if (process != null) {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** What {@link #statuses()} says of a peer whose process has not printed its first status line. */
    private static final PeerStatus STARTING = new PeerStatus(0, "", "", "starting");

    @Override
    public Map<String, PeerStatus> statuses() {
        Map<String, PeerStatus> result = new LinkedHashMap<>();
        for (String peer : processes.keySet()) {
            result.put(peer, statuses.getOrDefault(peer, STARTING));
        }
        return result;
    }

    /** True when the peer's process has not reported yet (it is starting: JVM, store, TLS endpoint). */
    static boolean starting(PeerStatus status) {
        return status == STARTING;
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroy(); // SIGTERM: each node closes its store
        }
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        orderer.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }
}
