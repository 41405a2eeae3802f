package io.ledgergossip.identity;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** The CN of a certificate's subject: how operators name nodes in logs. */
final class CommonNames {
    private CommonNames() {}

    static String of(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cns = name.getRDNs(BCStyle.CN);
        return cns.length == 0 ? name.toString() : IETFUtils.valueToString(cns[0].getFirst().getValue());
    }
}
