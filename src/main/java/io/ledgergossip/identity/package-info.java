/**
 * X.509 identities the way Fabric's MSP has them (BouncyCastle): org CAs and node certificates
 * in an MSP-style layout, {@code SerializedIdentity{mspid, PEM}}, PKI-IDs, ECDSA P-256 signatures
 * with low-S, and the validator that admits only identities chaining to a trusted org's CA.
 */
package io.ledgergossip.identity;
