package io.ledgergossip.cli;

import java.util.Map;

/** The peers of a running fixture network, in this JVM or one process each, and the orderer feeding them. */
interface Fleet extends AutoCloseable {
    /** What one running peer reports. */
    record PeerStatus(long height, String head, String state, String detail) {}

    void start(String peer) throws Exception;

    /** Stops a peer abruptly (a crash: SIGKILL for a process); its store stays for a restart. */
    void crash(String peer) throws Exception;

    /** The orderer cuts the next block. */
    void cut();

    /** Status of every running peer, by name. */
    Map<String, PeerStatus> statuses() throws Exception;

    @Override
    void close();
}
