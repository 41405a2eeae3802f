package io.ledgergossip.ledger;

import io.ledgergossip.util.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.BlockHeader;

/**
 * Fabric's block hashes, bit for bit (protoutil.BlockHeaderHash and BlockDataHash).
 *
 * <p>The header hash is SHA-256 over the ASN.1 DER encoding of
 * {@code SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }}; the
 * number is an unsigned 64-bit value, so it is encoded as a non-negative INTEGER. The data hash
 * is SHA-256 over the concatenated raw data entries.
 */
public final class BlockHashing {
    private BlockHashing() {}

    public static byte[] headerHash(BlockHeader header) {
        return Sha256.of(headerBytes(header));
    }

    /** The DER bytes that Fabric hashes for a header. */
    public static byte[] headerBytes(BlockHeader header) {
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        fields.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(header.getNumber()))));
        fields.add(new DEROctetString(header.getPreviousHash().toByteArray()));
        fields.add(new DEROctetString(header.getDataHash().toByteArray()));
        try {
            return new DERSequence(fields).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException("DER encoding into memory cannot fail", e);
        }
    }

    public static byte[] dataHash(BlockData data) {
        return Sha256.ofAll(data.getDataList());
    }
}
