package io.ledgergossip.cli;

import java.util.Map;

/** The peers of a running fixture network, in this JVM or one process each. */
interface Fleet extends AutoCloseable {
    /**
     * What one running peer reports.
     *
     * @param tlsFailing endpoints the peer cannot reach because their TLS handshake fails (with the reason when known), or ""
     */
    record PeerStatus(long height, String head, String state, String detail, String tlsFailing) {
        PeerStatus(long height, String head, String state, String detail) {
            this(height, head, state, detail, "");
        }
    }

    void start(String peer) throws Exception;

    /** Stops a peer abruptly (a crash: SIGKILL for a process); its store stays for a restart. */
    void crash(String peer) throws Exception;

    /** Status of every running peer, by name. */
    Map<String, PeerStatus> statuses() throws Exception;

    @Override
    void close();
}
