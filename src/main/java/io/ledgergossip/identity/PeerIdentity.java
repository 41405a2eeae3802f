package io.ledgergossip.identity;

import com.google.protobuf.ByteString;
import java.security.cert.X509Certificate;

/**
 * A validated remote identity: its org, its certificate, the {@code SerializedIdentity} bytes it
 * was presented as, and its PKI-ID.
 */
public record PeerIdentity(String mspId, X509Certificate certificate, ByteString serialized, PkiId pkiId) {
    /** The certificate's common name, e.g. {@code peer0.org1.example.com}. */
    public String commonName() {
        return CommonNames.of(certificate);
    }

    @Override
    public String toString() {
        return mspId + "/" + commonName() + " (" + pkiId.shortHex() + ")";
    }
}
