package io.ledgergossip.identity;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** An organization's certificate authority: it signs the certificates of the org's nodes. */
public record OrgCa(String mspId, String domain, NodeRole role, KeyPair keys, X509Certificate certificate) {}
