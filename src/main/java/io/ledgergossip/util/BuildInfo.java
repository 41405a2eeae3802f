package io.ledgergossip.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version and git commit this build was made from (git.properties, written by the build). */
public final class BuildInfo {
    private static final Properties GIT = load();

    private BuildInfo() {}

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}, or "unknown". */
    public static String version() {
        return GIT.getProperty("git.build.version", "unknown");
    }

    /** The full commit id, with "-dirty" when the tree had uncommitted changes, or "unknown" outside a git checkout. */
    public static String gitCommit() {
        String id = GIT.getProperty("git.commit.id");
        if (id == null || id.isBlank()) {
            return "unknown";
        }
        return "true".equals(GIT.getProperty("git.dirty")) ? id + "-dirty" : id;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/git.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // no build information: version() and gitCommit() say "unknown"
        }
        return properties;
    }
}
