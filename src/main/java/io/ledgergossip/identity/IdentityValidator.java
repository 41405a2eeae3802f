package io.ledgergossip.identity;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.time.Clock;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.hyperledger.fabric.protos.msp.Identities.SerializedIdentity;

/**
 * Decides whether a presented identity is a member of the network: its org is one of the trusted
 * orgs, its certificate is an end-entity ECDSA certificate signed by that org's CA, and it is
 * valid now (by the injected clock). Thread-safe; chain checks are cached, the validity period
 * is checked every time.
 */
public final class IdentityValidator {
    /** A SerializedIdentity is an MSP id and one PEM certificate: a few KB at most. */
    public static final int MAX_IDENTITY_BYTES = 16 * 1024;
    private static final int CACHE_LIMIT = 10_000;

    private final TrustedOrgs orgs;
    private final Clock clock;
    private final Map<ByteString, PeerIdentity> chainChecked = new ConcurrentHashMap<>();
    /** Verification keys of validated identities, kept for their precomputed tables. */
    private final Map<PkiId, ECPublicKeyParameters> keys = new ConcurrentHashMap<>();

    private final boolean simulated;

    public IdentityValidator(TrustedOrgs orgs, Clock clock) {
        this(orgs, clock, false);
    }

    private IdentityValidator(TrustedOrgs orgs, Clock clock, boolean simulated) {
        this.orgs = orgs;
        this.clock = clock;
        this.simulated = simulated;
    }

    /**
     * A validator for signatures made in the past, such as the orderer's on blocks years old: the
     * org, the CA chain and the roles are checked, the validity period is not: a block stays
     * valid after its orderer's certificate expires. (Fabric's MSP, as far as we know it, verifies
     * a certificate's chain at a time inside the certificate's own validity, FAB-3678; not
     * re-checked against its source here.)
     */
    public static IdentityValidator forPastSignatures(TrustedOrgs orgs) {
        return new IdentityValidator(orgs, null, false);
    }

    /**
     * The simulator's validator: identities are checked as always (org, CA chain, validity), but
     * signatures are {@link SimulatedSignatures}, so that ten thousand nodes fit on two cores.
     * It accepts no ECDSA signature, and no real validator accepts a simulated one.
     */
    public static IdentityValidator forSimulation(TrustedOrgs orgs, Clock clock) {
        return new IdentityValidator(orgs, clock, true);
    }

    public TrustedOrgs orgs() {
        return orgs;
    }

    /** @throws IdentityException naming the reason the identity is not admitted */
    public PeerIdentity validate(ByteString serialized) throws IdentityException {
        PeerIdentity cached = chainChecked.get(serialized);
        PeerIdentity identity = cached != null ? cached : checkChain(serialized);
        try {
            if (clock != null) {
                identity.certificate().checkValidity(new Date(clock.millis()));
            }
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IdentityException("certificate of " + identity + " is not valid now: " + e.getMessage(), e);
        }
        if (cached == null) {
            if (chainChecked.size() >= CACHE_LIMIT) {
                chainChecked.clear();
            }
            chainChecked.put(serialized, identity);
        }
        return identity;
    }

    /** Verifies a signature made by {@code signer} (already validated) over {@code message}. */
    public void verifySignature(PeerIdentity signer, byte[] message, byte[] signature) throws IdentityException {
        if (simulated) {
            SimulatedSignatures.verify(signer.pkiId(), message, signature);
            return;
        }
        ECPublicKeyParameters key = keys.get(signer.pkiId());
        if (key == null) {
            key = EcdsaSignatures.verificationKey(signer.certificate().getPublicKey());
            if (keys.size() >= CACHE_LIMIT) {
                keys.clear();
            }
            keys.put(signer.pkiId(), key);
        }
        EcdsaSignatures.verify(key, message, signature);
    }

    private PeerIdentity checkChain(ByteString serialized) throws IdentityException {
        if (serialized.size() > MAX_IDENTITY_BYTES) {
            throw new IdentityException("identity of " + serialized.size() + " bytes exceeds " + MAX_IDENTITY_BYTES);
        }
        SerializedIdentity sid;
        try {
            sid = SerializedIdentity.parseFrom(serialized);
        } catch (InvalidProtocolBufferException e) {
            throw new IdentityException("not a SerializedIdentity: " + e.getMessage(), e);
        }
        List<X509Certificate> roots = orgs.roots(sid.getMspid())
                .orElseThrow(() -> new IdentityException("unknown org '" + sid.getMspid() + "'"));
        X509Certificate cert = Pem.certificate(sid.getIdBytes().toByteArray());
        if (cert.getBasicConstraints() != -1) {
            throw new IdentityException("a CA certificate is not a node identity");
        }
        if (!(cert.getPublicKey() instanceof ECPublicKey)) {
            throw new IdentityException("identity key is not ECDSA");
        }
        if (!chains(cert, roots, orgs.intermediates(sid.getMspid()))) {
            throw new IdentityException("certificate " + cert.getSubjectX500Principal().getName()
                    + " does not chain to a CA of " + sid.getMspid());
        }
        var roleOus = orgs.roleOus(sid.getMspid());
        if (roleOus.isPresent()) {
            long roles = organizationalUnits(cert).stream().filter(roleOus.get()::contains).count();
            if (roles != 1) {
                throw new IdentityException("certificate " + cert.getSubjectX500Principal().getName() + " of " + sid.getMspid()
                        + ", whose MSP enables NodeOUs, must carry exactly one role OU of " + roleOus.get() + ", not " + roles);
            }
        }
        return new PeerIdentity(sid.getMspid(), cert, serialized, PkiId.of(sid.getMspid(), sid.getIdBytes().toByteArray()));
    }

    /** Signed by a root, or by an intermediate CA that a root signed (Fabric's MSP: a unique chain to a root). */
    private static boolean chains(X509Certificate cert, List<X509Certificate> roots, List<X509Certificate> intermediates) {
        if (signedByAny(cert, roots)) {
            return true;
        }
        for (X509Certificate intermediate : intermediates) {
            if (signedByAny(cert, List.of(intermediate)) && signedByAny(intermediate, roots)) {
                return true;
            }
        }
        return false;
    }

    /** The OU values of a certificate's subject. */
    static List<String> organizationalUnits(X509Certificate cert) {
        List<String> ous = new java.util.ArrayList<>();
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    ous.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return List.of();
        }
        return ous;
    }

    private static boolean signedByAny(X509Certificate cert, List<X509Certificate> roots) {
        for (X509Certificate root : roots) {
            if (!cert.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                continue;
            }
            try {
                cert.verify(root.getPublicKey(), EcdsaSignatures.PROVIDER);
                return true;
            } catch (GeneralSecurityException e) {
                // signed by another key with the same name: try the next root
            }
        }
        return false;
    }
}
