package io.ledgergossip.transport;

/** What an operator needs to know of a failed dial. */
public final class DialFailures {
    private static final int MAX_REASON = 160;

    private DialFailures() {}

    /**
     * The TLS reason when a dial failed in the TLS handshake (the certificate's reason, not "General
     * OpenSslEngine problem", shortened), else null.
     */
    public static String tlsReason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HandshakeException h && h.reason() == RejectReason.TLS_HANDSHAKE_FAILED) {
                return shorten(h.getMessage().substring((RejectReason.TLS_HANDSHAKE_FAILED + ": ").length()));
            }
            if (t instanceof javax.net.ssl.SSLException) {
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                String reason = root.getMessage() != null ? root.getMessage() : t.getMessage();
                return reason == null ? t.getClass().getSimpleName() : shorten(reason);
            }
        }
        return null;
    }

    private static String shorten(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    }
}
