/**
 * How peers reach each other. {@link io.ledgergossip.transport.Transport} is the contract the
 * protocol layers use: authenticated connections, one per pair of peers, carrying best-effort
 * messages (a full send queue drops, never blocks). Two implementations: {@code transport.netty}
 * (TCP + mutual TLS) and {@code transport.memory} (in-process, with injected faults).
 *
 * <pre>
 *   dialer                                   listener
 *     |---- TCP + TLS 1.3 (mutual certs) ------->|
 *     |---- signed ConnEstablish{pki_id,  ------>|  each side checks: identity valid (org CA),
 *     |<--- identity, tls_cert_hash} ------------|  pki_id = H(mspid||cert), signature, low-S,
 *     |                                          |  tls_cert_hash = H(cert seen in TLS)
 *     |<========= gossip envelopes, both ways ==>|  (within connTimeout, else closed)
 * </pre>
 */
package io.ledgergossip.transport;
