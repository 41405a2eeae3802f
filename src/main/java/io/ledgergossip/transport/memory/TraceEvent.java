package io.ledgergossip.transport.memory;

/**
 * One thing the network did with one message, for determinism checks and debugging.
 *
 * @param digest the first bytes of the SHA-256 of the envelope's payload, in hex
 */
public record TraceEvent(long atMillis, Kind kind, String from, String to, String digest) {
    public enum Kind { SENT, DROPPED, PARTITIONED, DUPLICATED, DELIVERED }
}
