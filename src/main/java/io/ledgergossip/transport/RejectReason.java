package io.ledgergossip.transport;

/** Why a connection or a frame was refused; each has its counter. */
public enum RejectReason {
    TLS_HANDSHAKE_FAILED,
    HANDSHAKE_TIMEOUT,
    NOT_CONN_ESTABLISH,
    MALFORMED_MESSAGE,
    INVALID_IDENTITY,
    PKI_ID_MISMATCH,
    BAD_SIGNATURE,
    TLS_CERT_HASH_MISMATCH,
    UNEXPECTED_PEER,
    OVERSIZED_FRAME
}
