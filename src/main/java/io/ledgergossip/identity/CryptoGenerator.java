package io.ledgergossip.identity;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes crypto material the way Fabric's cryptogen does: per organization a CA with an ECDSA P-256
 * key, and per node a signing certificate (its MSP identity, OU = its role) and a TLS certificate
 * for client and server use whose subject alternative names list the node's host names and IPs.
 */
public final class CryptoGenerator {
    private final SecureRandom random;
    private final Instant notBefore;
    private final Duration validity;

    /**
     * @param notBefore start of every certificate's validity (taken from the caller's clock)
     * @param validity how long certificates are valid
     */
    public CryptoGenerator(SecureRandom random, Instant notBefore, Duration validity) {
        this.random = random;
        this.notBefore = notBefore;
        this.validity = validity;
    }

    public OrgCa createOrgCa(String mspId, String domain, NodeRole role) {
        return createCa(mspId, domain, role, "ca." + domain);
    }

    /** The org's separate TLS CA ({@code tlsca.<domain>}), as cryptogen makes one: it signs the nodes' TLS certificates. */
    public OrgCa createTlsCa(OrgCa orgCa) {
        return createCa(orgCa.mspId(), orgCa.domain(), orgCa.role(), "tlsca." + orgCa.domain());
    }

    private OrgCa createCa(String mspId, String domain, NodeRole role, String commonName) {
        KeyPair keys = newKeyPair();
        X500Name name = name(commonName, domain, null);
        try {
            X509v3CertificateBuilder builder = builder(name, name, keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                    | KeyUsage.keyEncipherment | KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new OrgCa(mspId, domain, role, keys, sign(builder, keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("making the CA of " + domain + " failed", e);
        }
    }

    /**
     * @param hostName the node's name, e.g. {@code peer0.org1.example.com}
     * @param extraSans further DNS names or IP literals for the TLS certificate (e.g. localhost, 127.0.0.1)
     */
    public NodeCredentials issueNode(OrgCa ca, String hostName, List<String> extraSans) {
        return issue(ca, ca, hostName, ca.role().ou(), extraSans);
    }

    /** A node whose TLS certificate comes from the org's separate TLS CA. */
    public NodeCredentials issueNode(OrgCa ca, OrgCa tlsCa, String hostName, List<String> extraSans) {
        return issue(ca, tlsCa, hostName, ca.role().ou(), extraSans);
    }

    /**
     * A user of the org ({@code Admin@org1.example.com} with OU {@code admin}, {@code User1@...} with
     * OU {@code client}), as cryptogen writes them: an MSP identity and a TLS client certificate.
     */
    public NodeCredentials issueUser(OrgCa ca, OrgCa tlsCa, String userName, String ou) {
        return issue(ca, tlsCa, userName, ou, List.of());
    }

    private NodeCredentials issue(OrgCa ca, OrgCa tlsCa, String hostName, String ou, List<String> extraSans) {
        try {
            KeyPair signing = newKeyPair();
            X509v3CertificateBuilder signBuilder = nodeBuilder(ca, name(hostName, ca.domain(), ou), signing.getPublic());
            signBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate signCert = sign(signBuilder, ca.keys().getPrivate());

            KeyPair tls = newKeyPair();
            X509v3CertificateBuilder tlsBuilder = nodeBuilder(tlsCa, name(hostName, ca.domain(), null), tls.getPublic());
            tlsBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            tlsBuilder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            tlsBuilder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hostName, extraSans));
            X509Certificate tlsCert = sign(tlsBuilder, tlsCa.keys().getPrivate());
            return new NodeCredentials(hostName, ca.mspId(), ca.role(), signing, signCert, tls, tlsCert, ca.certificate(),
                    tlsCa.certificate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("issuing certificates for " + hostName + " failed", e);
        }
    }

    /**
     * A node for the simulator: one certificate, for both signing and TLS, over a key the caller
     * shares among many nodes (thousands of nodes cost one CA signature each, no key generation).
     */
    public NodeCredentials issueSimulatedNode(OrgCa ca, String hostName, KeyPair sharedKeys) {
        try {
            X509v3CertificateBuilder builder = nodeBuilder(ca, name(hostName, ca.domain(), ca.role().ou()), sharedKeys.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate cert = sign(builder, ca.keys().getPrivate());
            return new NodeCredentials(hostName, ca.mspId(), ca.role(), sharedKeys, cert, sharedKeys, cert, ca.certificate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("issuing a certificate for " + hostName + " failed", e);
        }
    }

    /** A key pair from this generator's random source (shared by simulated nodes). */
    public KeyPair keyPair() {
        return newKeyPair();
    }

    private X509v3CertificateBuilder nodeBuilder(OrgCa ca, X500Name subject, PublicKey key)
            throws GeneralSecurityException, CertIOException {
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                subject, key);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca.certificate()));
        return builder;
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notBefore.plus(validity)),
                subject, key);
    }

    private static GeneralNames subjectAltNames(String hostName, List<String> extra) {
        Set<String> names = new LinkedHashSet<>();
        names.add(hostName);
        names.addAll(extra);
        List<GeneralName> result = new ArrayList<>();
        for (String n : names) {
            result.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        return new GeneralNames(result.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String name) {
        if (!name.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(name); // a literal: no lookup happens
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static X500Name name(String commonName, String organization, String ou) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.ST, "California")
                .addRDN(BCStyle.L, "San Francisco")
                .addRDN(BCStyle.O, organization);
        if (ou != null) {
            builder.addRDN(BCStyle.OU, ou);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws GeneralSecurityException {
        try {
            // the generator's random source: the same seed gives the same certificates, byte for byte
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(EcdsaSignatures.PROVIDER)
                    .setSecureRandom(random).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has ECDSA P-256", e);
        }
    }
}
