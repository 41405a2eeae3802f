package io.ledgergossip.identity;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * Everything one node holds: its signing key and certificate (its MSP identity), its TLS key and
 * certificate, and its org's CA certificate.
 */
public record NodeCredentials(String name, String mspId, NodeRole role, KeyPair signingKeys, X509Certificate signCert,
        KeyPair tlsKeys, X509Certificate tlsCert, X509Certificate caCert) {}
