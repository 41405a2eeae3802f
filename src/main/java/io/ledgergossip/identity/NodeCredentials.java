package io.ledgergossip.identity;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * Everything one node (or user) holds: its signing key and certificate (its MSP identity), its TLS
 * key and certificate, its org's CA certificate and the CA of its TLS certificate (the org's
 * separate TLS CA, as cryptogen has one, or the same CA).
 */
public record NodeCredentials(String name, String mspId, NodeRole role, KeyPair signingKeys, X509Certificate signCert,
        KeyPair tlsKeys, X509Certificate tlsCert, X509Certificate caCert, X509Certificate tlsCaCert) {

    /** One CA for both. */
    public NodeCredentials(String name, String mspId, NodeRole role, KeyPair signingKeys, X509Certificate signCert,
            KeyPair tlsKeys, X509Certificate tlsCert, X509Certificate caCert) {
        this(name, mspId, role, signingKeys, signCert, tlsKeys, tlsCert, caCert, caCert);
    }

    /** Whether the TLS certificate comes from a CA of its own (cryptogen's and Fabric CA's layout). */
    public boolean separateTlsCa() {
        return !tlsCaCert.equals(caCert);
    }
}
