package io.ledgergossip.cli;

import java.util.Map;

/** The peers of a running fixture network, in this JVM or one process each. */
interface Fleet extends AutoCloseable {
    /**
     * What one running peer reports.
     *
     * @param tlsFailing endpoints the peer cannot reach because their TLS handshake fails (with the reason when known), or ""
     * @param fabric true for a Fabric node: it keeps no world state, so its state is not compared
     */
    record PeerStatus(long height, String head, String state, String detail, String tlsFailing, boolean fabric) {
        PeerStatus(long height, String head, String state, String detail, String tlsFailing) {
            this(height, head, state, detail, tlsFailing, false);
        }

        PeerStatus(long height, String head, String state, String detail) {
            this(height, head, state, detail, "", false);
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
