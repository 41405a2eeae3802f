package io.ledgergossip.identity;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An MSP's {@code config.yaml} as cryptogen and Fabric CA write it: when {@code NodeOUs.Enable} is
 * true, every identity of the org carries the OU of its role (client, peer, admin or orderer).
 */
final class NodeOus {
    private static final String[] ROLES = {"ClientOUIdentifier", "PeerOUIdentifier", "AdminOUIdentifier", "OrdererOUIdentifier"};
    private static final String[] DEFAULTS = {"client", "peer", "admin", "orderer"};

    private NodeOus() {}

    /** The role OUs when the file enables NodeOUs; empty when it is absent or does not. */
    static Optional<Set<String>> read(Path configYaml) throws IOException, IdentityException {
        if (!Files.isRegularFile(configYaml)) {
            return Optional.empty();
        }
        Object root;
        try (Reader in = Files.newBufferedReader(configYaml)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (YAMLException e) {
            throw new IdentityException(configYaml + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("NodeOUs") instanceof Map<?, ?> nodeOus)
                || !Boolean.parseBoolean(String.valueOf(nodeOus.get("Enable")))) {
            return Optional.empty();
        }
        Set<String> ous = new LinkedHashSet<>();
        for (int i = 0; i < ROLES.length; i++) {
            Object role = nodeOus.get(ROLES[i]);
            Object ou = role instanceof Map<?, ?> r ? r.get("OrganizationalUnitIdentifier") : null;
            ous.add(ou != null ? String.valueOf(ou) : DEFAULTS[i]);
        }
        return Optional.of(ous);
    }
}
