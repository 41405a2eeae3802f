package io.ledgergossip.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the command line logs (SLF4J simple, on stderr): every line with its timestamp, warnings and
 * errors by default, {@code --log-level LEVEL} for more or less. Set before the first logger is made.
 */
final class Logging {
    static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");
    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    /**
     * gRPC logs through java.util.logging, with stack traces, things that are not an operator's
     * concern (a stream reset by a peer that went away): only its severe records are shown. Held
     * here so that the setting is not lost with a collected logger.
     */
    private static final java.util.logging.Logger GRPC = java.util.logging.Logger.getLogger("io.grpc");

    private Logging() {}

    static void configure(String[] args) {
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        String level = levelOption(List.of(args));
        if (level != null && LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            System.setProperty(LEVEL, level.toLowerCase(Locale.ROOT));
        }
        setIfAbsent(LEVEL, "warn");
        GRPC.setLevel(java.util.logging.Level.SEVERE);
        // fabric-sdk-java brings OpenTelemetry, which would try to export metrics to localhost:4317 and warn each minute
        setIfAbsent("otel.sdk.disabled", "true");
    }

    private static String levelOption(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--log-level") && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (a.startsWith("--log-level=")) {
                return a.substring("--log-level=".length());
            }
        }
        return null;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
