package io.ledgergossip.identity;

import com.google.protobuf.ByteString;
import io.ledgergossip.util.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.msp.Identities.SerializedIdentity;

/**
 * This node's own identity, read from its MSP-style directory (the only way a node gets one): the
 * signing key and certificate, the TLS key and certificate, and its org's CA certificates.
 */
public final class LocalIdentity {
    private final String mspId;
    private final PrivateKey signingKey;
    private final X509Certificate signCert;
    private final ByteString serialized;
    private final PkiId pkiId;
    private final PrivateKey tlsKey;
    private final X509Certificate tlsCert;
    private final List<X509Certificate> caCerts;
    private final boolean simulated;

    private LocalIdentity(String mspId, PrivateKey signingKey, X509Certificate signCert, PrivateKey tlsKey,
            X509Certificate tlsCert, List<X509Certificate> caCerts, boolean simulated) {
        this.simulated = simulated;
        this.mspId = mspId;
        this.signingKey = signingKey;
        this.signCert = signCert;
        byte[] pem = Pem.certificate(signCert).getBytes(StandardCharsets.US_ASCII);
        this.serialized = SerializedIdentity.newBuilder().setMspid(mspId).setIdBytes(ByteString.copyFrom(pem)).build().toByteString();
        this.pkiId = PkiId.of(mspId, pem);
        this.tlsKey = tlsKey;
        this.tlsCert = tlsCert;
        this.caCerts = List.copyOf(caCerts);
    }

    /**
     * Reads {@code msp/signcerts}, {@code msp/keystore}, {@code msp/cacerts} and {@code tls/} under
     * {@code nodeDir}, and checks that each key belongs to its certificate.
     */
    public static LocalIdentity load(Path nodeDir, String mspId) throws IOException, IdentityException {
        return load(nodeDir.resolve("msp"), nodeDir.resolve("tls/server.crt"), nodeDir.resolve("tls/server.key"), mspId);
    }

    /**
     * A peer configured as Fabric's core.yaml configures it: the MSP directory
     * ({@code peer.mspConfigPath}: {@code signcerts}, {@code keystore}, {@code cacerts}) and the TLS
     * certificate and key files ({@code peer.tls.cert.file}, {@code peer.tls.key.file}).
     */
    public static LocalIdentity load(Path mspDir, Path tlsCertFile, Path tlsKeyFile, String mspId) throws IOException, IdentityException {
        X509Certificate signCert = Pem.readCertificate(MspLayout.onlyFile(mspDir.resolve("signcerts")));
        PrivateKey signingKey = Pem.readPrivateKey(MspLayout.onlyFile(mspDir.resolve("keystore")));
        List<X509Certificate> cas = new ArrayList<>();
        for (Path file : MspLayout.files(mspDir.resolve("cacerts"))) {
            cas.add(Pem.readCertificate(file));
        }
        X509Certificate tlsCert = Pem.readCertificate(tlsCertFile);
        PrivateKey tlsKey = Pem.readPrivateKey(tlsKeyFile);
        checkKeyMatches(signingKey, signCert, mspDir);
        checkKeyMatches(tlsKey, tlsCert, tlsCertFile.getParent());
        return new LocalIdentity(mspId, signingKey, signCert, tlsKey, tlsCert, cas, false);
    }

    /** A node whose credentials were issued in this process (sample ledgers' orderers), signing with ECDSA. */
    public static LocalIdentity issued(NodeCredentials credentials) {
        return new LocalIdentity(credentials.mspId(), credentials.signingKeys().getPrivate(), credentials.signCert(),
                credentials.tlsKeys().getPrivate(), credentials.tlsCert(), List.of(credentials.caCert()), false);
    }

    /**
     * A simulator's node: credentials issued in this process, and {@link SimulatedSignatures}
     * instead of ECDSA. Only an {@link IdentityValidator#forSimulation} accepts what it signs.
     */
    public static LocalIdentity simulated(NodeCredentials credentials) {
        return new LocalIdentity(credentials.mspId(), credentials.signingKeys().getPrivate(), credentials.signCert(),
                credentials.tlsKeys().getPrivate(), credentials.tlsCert(), List.of(credentials.caCert()), true);
    }

    private static void checkKeyMatches(PrivateKey key, X509Certificate cert, Path where) throws IdentityException {
        byte[] probe = "key check".getBytes(StandardCharsets.US_ASCII);
        try {
            EcdsaSignatures.verify(cert.getPublicKey(), probe, EcdsaSignatures.sign(key, probe));
        } catch (IdentityException | IllegalStateException e) {
            throw new IdentityException(where + ": the private key does not belong to the certificate", e);
        }
    }

    public String mspId() {
        return mspId;
    }

    public PkiId pkiId() {
        return pkiId;
    }

    /** Fabric's {@code SerializedIdentity{mspid, PEM certificate}} bytes. */
    public ByteString serialized() {
        return serialized;
    }

    /** The common name of the signing certificate, e.g. {@code peer0.org1.example.com}. */
    public String commonName() {
        return CommonNames.of(signCert);
    }

    public X509Certificate signCert() {
        return signCert;
    }

    /** ECDSA P-256 over SHA-256, DER, low-S. */
    public byte[] sign(byte[] message) {
        if (simulated) {
            return SimulatedSignatures.sign(pkiId, message);
        }
        return EcdsaSignatures.sign(signingKey, message);
    }

    public PrivateKey tlsKey() {
        return tlsKey;
    }

    public X509Certificate tlsCert() {
        return tlsCert;
    }

    /** SHA-256 of the DER of the TLS certificate this node presents: ConnEstablish's tls_cert_hash. */
    public byte[] tlsCertHash() {
        return certHash(tlsCert);
    }

    public List<X509Certificate> caCerts() {
        return caCerts;
    }

    public static byte[] certHash(X509Certificate cert) {
        try {
            return Sha256.of(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate always re-encodes", e);
        }
    }

    @Override
    public String toString() {
        return mspId + "/" + CommonNames.of(signCert) + " (" + pkiId.shortHex() + ")";
    }
}
