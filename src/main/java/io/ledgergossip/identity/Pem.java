package io.ledgergossip.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM in and out: certificates, and private keys as PKCS#8 (what Fabric's cryptogen writes). */
public final class Pem {
    /** No PEM file we read is larger: a handful of certificates. */
    private static final long MAX_PEM_BYTES = 256 * 1024;

    private Pem() {}

    public static String certificate(X509Certificate certificate) {
        return write(certificate);
    }

    public static String privateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalStateException("encoding a private key as PKCS#8 failed", e);
        }
    }

    private static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM into memory cannot fail", e);
        }
        return out.toString();
    }

    /** Every certificate in a PEM text; anything else in it is an error. */
    public static List<X509Certificate> certificates(String pem) throws IdentityException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new IdentityException("PEM holds a " + object.getClass().getSimpleName() + ", not a certificate");
                }
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IdentityException("malformed PEM certificate: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** Exactly one certificate. */
    public static X509Certificate certificate(byte[] pem) throws IdentityException {
        List<X509Certificate> certificates = certificates(new String(pem, StandardCharsets.US_ASCII));
        if (certificates.size() != 1) {
            throw new IdentityException("expected one PEM certificate, found " + certificates.size());
        }
        return certificates.get(0);
    }

    public static X509Certificate readCertificate(Path file) throws IOException, IdentityException {
        return certificate(readLimited(file));
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException, IdentityException {
        try (PEMParser parser = new PEMParser(new StringReader(new String(readLimited(file), StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IdentityException(file + " holds no private key");
        } catch (IOException | RuntimeException e) {
            throw new IdentityException(file + ": malformed private key: " + e.getMessage(), e);
        }
    }

    private static byte[] readLimited(Path file) throws IOException, IdentityException {
        if (Files.size(file) > MAX_PEM_BYTES) {
            throw new IdentityException(file + " is too large for a PEM file");
        }
        return Files.readAllBytes(file);
    }
}
