package io.ledgergossip.ops;

import io.ledgergossip.identity.LocalIdentity;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** TLS for the operations endpoint, with the node's own TLS key and certificate (as a Fabric peer's operations.tls). */
public final class OpsTls {
    private OpsTls() {}

    public static SSLContext serverContext(LocalIdentity identity) throws GeneralSecurityException {
        char[] password = new char[0];
        KeyStore keys;
        try {
            keys = KeyStore.getInstance("PKCS12");
            keys.load(null, password);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        List<Certificate> chain = new ArrayList<>();
        chain.add(identity.tlsCert());
        for (X509Certificate ca : identity.caCerts()) {
            if (ca.getSubjectX500Principal().equals(identity.tlsCert().getIssuerX500Principal())) {
                chain.add(ca); // the org's CA when it signs the TLS certificate too; a separate TLS CA is the client's to trust
            }
        }
        keys.setKeyEntry("operations", identity.tlsKey(), password, chain.toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
