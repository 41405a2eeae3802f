package io.ledgergossip.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A Fabric peer's {@code core.yaml} with Fabric's {@code CORE_*} variables laid over it, as Fabric
 * reads them: every key Fabric defines is accepted; a key or variable Fabric does not define is
 * refused, naming it. Paths are relative to the file's directory (Fabric's {@code FABRIC_CFG_PATH}).
 */
public record CoreConfig(Path file, Map<String, String> values) {
    /** The keys a ledger-gossip node acts on; every other key is accepted with no effect here. */
    public static final Set<String> USED = Set.of("peer.id", "peer.address", "peer.listenAddress", "peer.mspConfigPath",
            "peer.localMspId", "peer.fileSystemPath", "peer.tls.enabled", "peer.tls.cert.file", "peer.tls.key.file",
            "peer.gossip.useLeaderElection", "peer.gossip.orgLeader", "operations.listenAddress", "operations.tls.enabled",
            "metrics.provider");

    /** @throws IllegalArgumentException naming the key, variable or line that Fabric would not accept */
    public static CoreConfig load(Path file, Map<String, String> environment) throws IOException {
        Object root;
        try (Reader in = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": not a core.yaml (no mapping at the top)");
        }
        Map<String, String> values = new TreeMap<>();
        flatten("", map, values);
        for (String key : values.keySet()) {
            if (!FabricCoreKeys.defines(key)) {
                throw new IllegalArgumentException(file + ": " + key + " is not a key of Fabric's core.yaml");
            }
        }
        List<String> unknown = new ArrayList<>();
        new TreeMap<>(environment).forEach((variable, value) -> {
            if (variable.startsWith("CORE_")) {
                Optional<String> key = FabricCoreKeys.keyOf(variable);
                if (key.isPresent()) {
                    values.put(key.get(), value);
                } else {
                    unknown.add(variable);
                }
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("variables Fabric's core.yaml does not define: " + String.join(", ", unknown));
        }
        return new CoreConfig(file, Map.copyOf(values));
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(key, nested, into);
            } else {
                into.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()));
            }
        }
    }

    /** The value of {@code key}, empty ("" in Fabric's file) counted as unset. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException(file + ": " + key + " (" + FabricCoreKeys.variable(key)
                + ") must be set"));
    }

    public boolean flag(String key, boolean fallback) {
        return get(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    /** A path key, relative to the file's directory as Fabric resolves it. */
    public Path path(String key) {
        return file.toAbsolutePath().getParent().resolve(require(key)).normalize();
    }

    /** The {@code peer.gossip.*} keys ledger-gossip acts on, with their values (unset ones left out). */
    public Map<String, String> gossipSettings() {
        Map<String, String> gossip = new TreeMap<>();
        for (String key : GossipKeys.names()) {
            get(key).ifPresent(v -> gossip.put(key, v));
        }
        return gossip;
    }

    /** The keys set here that a ledger-gossip node accepts and has no behaviour for. */
    public List<String> withoutEffect() {
        return values.keySet().stream().filter(k -> !USED.contains(k) && !GossipKeys.names().contains(k)).sorted().toList();
    }
}
