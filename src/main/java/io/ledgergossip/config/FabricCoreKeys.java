package io.ledgergossip.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a Fabric v2.5 peer's {@code core.yaml} defines (the list of Fabric's sample
 * configuration, a resource of this jar), and the {@code CORE_*} variable of each: upper case,
 * dots to underscores ({@code peer.gossip.orgLeader} is {@code CORE_PEER_GOSSIP_ORGLEADER}).
 */
public final class FabricCoreKeys {
    private static final Map<String, String> KEY_BY_VARIABLE = load();

    private FabricCoreKeys() {}

    private static Map<String, String> load() {
        Map<String, String> byVariable = new LinkedHashMap<>();
        try (InputStream in = FabricCoreKeys.class.getResourceAsStream("fabric-core-keys.txt");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    byVariable.put(variable(line.strip()), line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the list of Fabric's core.yaml keys is missing from the jar", e);
        }
        return Map.copyOf(byVariable);
    }

    /** {@code CORE_} and the key in upper case with dots as underscores, as Fabric's viper maps them. */
    public static String variable(String key) {
        return "CORE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The key a {@code CORE_*} variable sets, if Fabric defines one. */
    public static Optional<String> keyOf(String variable) {
        return Optional.ofNullable(KEY_BY_VARIABLE.get(variable.toUpperCase(Locale.ROOT)));
    }

    /** Whether Fabric's core.yaml defines {@code key} (or it lies under one of Fabric's free-form sections). */
    public static boolean defines(String key) {
        return KEY_BY_VARIABLE.containsValue(key) || KEY_BY_VARIABLE.values().stream().anyMatch(k -> key.startsWith(k + "."));
    }

    public static Set<String> all() {
        return Set.copyOf(KEY_BY_VARIABLE.values());
    }
}
