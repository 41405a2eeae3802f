package io.ledgergossip.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Fabric v2.5.12 ordering service of {@code ../shared/fabric-orderer/}, driven through its
 * scripts: started on loopback with channel {@code mychannel} and cryptogen's crypto material,
 * fed real transactions, stopped.
 */
public final class OrdererKit implements AutoCloseable {
    static final Path KIT = Path.of("../shared/fabric-orderer").toAbsolutePath().normalize();

    public final Path dir;
    final int basePort;
    JsonNode endpoints;

    /** Skips the calling test, with the reason, when the kit is not there. */
    public static void requireKit() {
        assumeTrue(Files.isExecutable(KIT.resolve("start.sh")) && Files.isExecutable(KIT.resolve("bin/orderer")),
                "skipped: no Fabric orderer kit at " + KIT);
    }

    public OrdererKit(Path dir, int basePort) {
        this.dir = dir;
        this.basePort = basePort;
    }

    /** Starts (or restarts, on its existing ledger) the orderer; a second try covers the script's start-up race. */
    public OrdererKit start() throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                run("start.sh", dir.toString(), Integer.toString(basePort));
                endpoints = new ObjectMapper().readTree(dir.resolve("endpoints.json").toFile());
                return this;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Transactions at {@code rate} per second until stopped. */
    public void feed(int rate) throws Exception {
        run("feed.sh", dir.toString(), "--background", "--count", "0", "--rate", Integer.toString(rate));
    }

    public void stop() throws Exception {
        run("stop.sh", dir.toString());
    }

    public Path crypto() {
        return dir.resolve("crypto");
    }

    public String ordererAddress() {
        return endpoints.path("orderer").path("address").asText();
    }

    Path channelDir() {
        return Path.of(endpoints.path("chains_dir").asText());
    }

    private void run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KIT.resolve(script).toString()));
        command.addAll(List.of(args));
        Path log = Files.createDirectories(dir.getParent().resolve("kit-logs")).resolve(script + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(script + " did not finish within 90 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(script + " exited " + p.exitValue() + ": " + Files.readString(log));
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
