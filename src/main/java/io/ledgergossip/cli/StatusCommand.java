package io.ledgergossip.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status --ops HOST:PORT}: a node's height, parent, live peers per org and health, from its operations endpoint. */
@Command(name = "status", mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar status --ops 127.0.0.1:9443%n",
        description = {"Asks a running node's operations endpoint (GET /status) and prints its height, parent, live peers per "
                + "org, counters and health in a table, or the JSON with --json.",
            "Exit 0 when the node is healthy, 1 when it answers but is not, 2 when it cannot be reached."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--ops", required = true, paramLabel = "HOST:PORT", description = "The node's operations address.")
    private String ops;

    @Option(names = "--json", description = "Print the endpoint's JSON as it is (for scripts).")
    private boolean json;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "HTTPS, trusting the CA certificate(s) in this PEM file (the org's TLS CA).")
    private Path tlsCa;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String body;
        JsonNode status;
        try {
            body = fetch();
            status = parse(body);
        } catch (Unusable e) {
            err.println("status: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
        boolean healthy = "OK".equals(status.path("health").path("status").asText());
        if (json) {
            out.println(body);
            return healthy ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
        }
        JsonNode node = status.path("node");
        if (node.isNull() || node.isMissingNode()) {
            out.printf("%-22s %s%n", "node", "does not answer");
        } else {
            row(out, "peer", node.path("pkiId").asText() + " (" + node.path("mspId").asText() + ", "
                    + (node.path("superNode").asBoolean() ? "super node, " + node.path("children").asInt() + " children" : "ordinary peer") + ")");
            row(out, "height", node.path("height").asLong() + " (best announced by a neighbour: " + node.path("bestKnownHeight").asLong() + ")");
            row(out, "parent", node.path("parent").asText().isEmpty() ? "-" : node.path("parent").asText());
            row(out, "connections", node.path("connectedPeers").asInt() + " (" + node.path("connectedOwnOrg").asInt() + " in its org)");
            row(out, "known peers", node.path("knownPeers").asText());
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("alivePeersByOrg").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> org = it.next();
                row(out, "  live in " + org.getKey(), org.getValue().asText());
            }
            row(out, "blocks by", "push " + node.path("blocksByPush").asLong() + ", pull " + node.path("blocksByPull").asLong()
                    + ", state transfer " + node.path("blocksByStateTransfer").asLong());
            row(out, "refused", node.path("invalidBlocks").asLong() + " invalid blocks, " + node.path("invalidAlives").asLong()
                    + " invalid alive messages, " + node.path("requestsDropped").asLong() + " requests over the rate, "
                    + node.path("peersBanned").asLong() + " peers banned");
            row(out, "routed", node.path("routedDelivered").asLong() + " delivered, " + node.path("routedFailed").asLong() + " failed");
        }
        row(out, "health", healthy ? "OK" : "FAILING");
        for (JsonNode check : status.path("health").path("failed_checks")) {
            row(out, "  " + check.path("component").asText(), check.path("reason").asText());
        }
        return healthy ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
    }

    /** Why the endpoint could not be read: unreachable, HTTPS without --tls-ca, or not a ledger-gossip endpoint. */
    private static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    private String fetch() throws Unusable, InterruptedException {
        URI uri;
        try {
            uri = URI.create((tlsCa != null ? "https://" : "http://") + ops + "/status");
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("not HOST:PORT");
            }
        } catch (IllegalArgumentException e) {
            throw new Unusable("--ops '" + ops + "' is not HOST:PORT");
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tlsCa != null) {
            try {
                client.sslContext(trusting(tlsCa));
            } catch (IOException | GeneralSecurityException | IdentityException e) {
                throw new Unusable("--tls-ca " + tlsCa + ": " + UserErrors.describe(e));
            }
        }
        HttpResponse<String> response;
        try {
            response = client.build().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (javax.net.ssl.SSLException e) {
            throw new Unusable(ops + ": TLS failed (" + e.getMessage() + "): is --tls-ca the CA that signed the node's TLS certificate?");
        } catch (IOException e) {
            if (tlsCa == null && OpsProbe.speaksTls(uri.getHost(), uri.getPort())) {
                throw new Unusable(ops + " speaks HTTPS: try --tls-ca with the org's TLS CA (tls/ca.crt)");
            }
            String why = e instanceof java.net.ConnectException ? "connection refused (is the node running, with this operations address?)"
                    : e instanceof java.net.http.HttpTimeoutException ? "no answer within the timeout"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new Unusable("cannot reach " + ops + ": " + why);
        }
        if (response.statusCode() != 200) {
            throw new Unusable(ops + " is not a ledger-gossip operations endpoint: GET /status answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private JsonNode parse(String body) throws Unusable {
        try {
            JsonNode status = new ObjectMapper().readTree(body);
            if (status != null && status.path("health").path("status").isTextual() && status.has("node")) {
                return status;
            }
        } catch (IOException e) {
            // not JSON: below
        }
        throw new Unusable(ops + " is not a ledger-gossip operations endpoint: /status is not a node's status");
    }

    /** A TLS context trusting exactly the CA certificates in {@code pem}. */
    static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException, IdentityException {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        int i = 0;
        for (X509Certificate ca : Pem.certificates(Files.readString(pem))) {
            roots.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("%-22s %s%n", name, value);
    }
}
