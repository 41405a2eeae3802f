package io.ledgergossip.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import io.ledgergossip.util.Sha256;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import java.security.Signature;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Fabric's signatures: ECDSA P-256 over SHA-256, DER-encoded, and always low-S. Signing
 * normalises s to the lower half of the curve order; verification rejects a high s, a non-DER
 * encoding and anything after the signature, so that one signature has exactly one encoding and
 * cannot be replayed in a malleated form.
 */
public final class EcdsaSignatures {
    /** Order n of the P-256 group. */
    public static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger HALF_ORDER = P256_ORDER.shiftRight(1);
    private static final String ALGORITHM = "SHA256withECDSA";
    /** BouncyCastle's ECDSA, not registered globally: it verifies P-256 4-5x faster than the JDK's SunEC here. */
    static final Provider PROVIDER = new BouncyCastleProvider();
    /** A DER signature of P-256 is at most 72 bytes; anything much larger is not one. */
    private static final int MAX_SIGNATURE_BYTES = 80;

    private EcdsaSignatures() {}

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM, PROVIDER);
            signature.initSign(key);
            signature.update(message);
            return toLowS(signature.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("ECDSA signing failed", e);
        }
    }

    /**
     * @throws IdentityException when the signature is malformed, high-S, or does not verify
     */
    public static void verify(PublicKey key, byte[] message, byte[] signatureDer) throws IdentityException {
        verify(verificationKey(key), message, signatureDer);
    }

    /**
     * Verifies with a key prepared once by {@link #verificationKey}: BouncyCastle keeps its
     * precomputed multiples of the point with it, which makes each verification about half as costly.
     *
     * @throws IdentityException when the signature is malformed, high-S, or does not verify
     */
    public static void verify(ECPublicKeyParameters key, byte[] message, byte[] signatureDer) throws IdentityException {
        BigInteger[] rs = decode(signatureDer);
        if (rs[1].compareTo(HALF_ORDER) > 0) {
            throw new IdentityException("invalid signature: high-S (s must be at most half the curve order)");
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        if (!verifier.verifySignature(Sha256.of(message), rs[0], rs[1])) {
            throw new IdentityException("invalid signature: does not verify with the signer's key");
        }
    }

    /** The public key of a certificate in the form {@link #verify(ECPublicKeyParameters, byte[], byte[])} takes. */
    public static ECPublicKeyParameters verificationKey(PublicKey key) throws IdentityException {
        try {
            if (ECUtil.generatePublicKeyParameter(key) instanceof ECPublicKeyParameters ec
                    && ec.getParameters().getCurve().getFieldSize() == 256) {
                return ec;
            }
        } catch (InvalidKeyException e) {
            throw new IdentityException("not an ECDSA key: " + e.getMessage(), e);
        }
        throw new IdentityException("not an ECDSA P-256 key");
    }

    /** The same signature with s replaced by n - s when s is in the upper half (Fabric's SignatureToLowS). */
    static byte[] toLowS(byte[] der) throws IOException {
        BigInteger[] rs;
        try {
            rs = decode(der);
        } catch (IdentityException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (rs[1].compareTo(HALF_ORDER) <= 0) {
            return der;
        }
        return encode(rs[0], P256_ORDER.subtract(rs[1]));
    }

    /** Re-encodes (r, s); tests use it to make a high-S twin of a valid signature. */
    public static byte[] encode(BigInteger r, BigInteger s) throws IOException {
        return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
    }

    /** Strict DER decoding of {@code SEQUENCE { INTEGER r, INTEGER s }} with 0 < r, s < n. */
    public static BigInteger[] decode(byte[] der) throws IdentityException {
        if (der == null || der.length == 0 || der.length > MAX_SIGNATURE_BYTES) {
            throw new IdentityException("invalid signature: " + (der == null ? 0 : der.length) + " bytes is not an ECDSA signature");
        }
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (!(primitive instanceof ASN1Sequence sequence) || sequence.size() != 2
                    || !(sequence.getObjectAt(0) instanceof ASN1Integer r)
                    || !(sequence.getObjectAt(1) instanceof ASN1Integer s)) {
                throw new IdentityException("invalid signature: not a SEQUENCE of two INTEGERs");
            }
            if (!Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
                throw new IdentityException("invalid signature: not in DER form");
            }
            BigInteger[] rs = {r.getValue(), s.getValue()};
            for (BigInteger v : rs) {
                if (v.signum() <= 0 || v.compareTo(P256_ORDER) >= 0) {
                    throw new IdentityException("invalid signature: r or s out of range");
                }
            }
            return rs;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new IdentityException("invalid signature: malformed DER: " + e.getMessage(), e);
        }
    }
}
