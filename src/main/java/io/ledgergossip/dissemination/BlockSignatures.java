package io.ledgergossip.dissemination;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.ledger.BlockHashing;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Common.Metadata;
import org.hyperledger.fabric.protos.common.Common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Common.SignatureHeader;

/**
 * The orderer's signature on a block, as Fabric places it: in metadata[SIGNATURES] a
 * {@code Metadata{value, signatures: [MetadataSignature{signature_header, signature}]}}, the
 * signature covering value || signature_header || the header's DER bytes.
 */
public final class BlockSignatures {
    private BlockSignatures() {}

    public static Block sign(Block block, LocalIdentity orderer, byte[] nonce) {
        byte[] signatureHeader = SignatureHeader.newBuilder()
                .setCreator(orderer.serialized())
                .setNonce(ByteString.copyFrom(nonce))
                .build().toByteArray();
        byte[] signed = signedBytes(ByteString.EMPTY, signatureHeader, block);
        Metadata metadata = Metadata.newBuilder()
                .addSignatures(MetadataSignature.newBuilder()
                        .setSignatureHeader(ByteString.copyFrom(signatureHeader))
                        .setSignature(ByteString.copyFrom(orderer.sign(signed))))
                .build();
        return block.toBuilder()
                .setMetadata(block.getMetadata().toBuilder()
                        .setMetadata(BlockMetadataIndex.SIGNATURES_VALUE, metadata.toByteString()))
                .build();
    }

    /**
     * @throws BlockVerificationException unless some signature is by a valid identity of one of
     *     the orderer orgs and verifies over this block's header
     */
    public static void verify(Block block, IdentityValidator validator, Set<String> ordererMspIds)
            throws BlockVerificationException {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.SIGNATURES_VALUE) {
            throw new BlockVerificationException("block " + block.getHeader().getNumber() + " has no signature metadata");
        }
        Metadata metadata;
        try {
            metadata = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        } catch (InvalidProtocolBufferException e) {
            throw new BlockVerificationException("block " + block.getHeader().getNumber() + ": malformed signature metadata");
        }
        String last = "no signature";
        for (MetadataSignature signature : metadata.getSignaturesList()) {
            try {
                SignatureHeader header = SignatureHeader.parseFrom(signature.getSignatureHeader());
                PeerIdentity signer = validator.validate(header.getCreator());
                if (!ordererMspIds.contains(signer.mspId())) {
                    last = "signed by " + signer + ", not an orderer";
                    continue;
                }
                byte[] signed = signedBytes(metadata.getValue(), signature.getSignatureHeader().toByteArray(), block);
                validator.verifySignature(signer, signed, signature.getSignature().toByteArray());
                return;
            } catch (InvalidProtocolBufferException | IdentityException e) {
                last = e.getMessage();
            }
        }
        throw new BlockVerificationException("block " + block.getHeader().getNumber() + " has no valid orderer signature: " + last);
    }

    private static byte[] signedBytes(ByteString value, byte[] signatureHeader, Block block) {
        byte[] header = BlockHashing.headerBytes(block.getHeader());
        byte[] out = new byte[value.size() + signatureHeader.length + header.length];
        value.copyTo(out, 0);
        System.arraycopy(signatureHeader, 0, out, value.size(), signatureHeader.length);
        System.arraycopy(header, 0, out, value.size() + signatureHeader.length, header.length);
        return out;
    }
}
