package io.ledgergossip.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Common.Envelope;
import org.hyperledger.fabric.protos.common.Common.HeaderType;
import org.hyperledger.fabric.protos.common.Common.Payload;
import org.hyperledger.fabric.protos.common.Configtx.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.Configtx.ConfigGroup;
import org.hyperledger.fabric.protos.common.Configtx.ConfigValue;
import org.hyperledger.fabric.protos.common.Configuration.OrdererAddresses;
import org.hyperledger.fabric.protos.msp.MspConfigPackage.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MspConfigPackage.MSPConfig;
import org.hyperledger.fabric.protos.peer.Configuration.AnchorPeers;

/**
 * What a channel's config block says about who is in the channel, as a Fabric peer reads it: the
 * application orgs and the ordering orgs (MSP ID, root, intermediate and TLS root certificates,
 * anchor peers, orderer endpoints). The channel's genesis block, or any later config block.
 *
 * @param ordererEndpoints every ordering org's {@code Endpoints}, else the channel's {@code OrdererAddresses}
 */
public record ChannelConfig(String channel, long sequence, List<Org> applicationOrgs, List<Org> ordererOrgs,
        List<String> ordererEndpoints) {

    /** One org of the channel, from its {@code MSP} value (a {@code FabricMSPConfig}). */
    /** @param roleOus the OUs of the client, peer, admin and orderer roles when the MSP enables NodeOUs, else empty */
    public record Org(String name, String mspId, List<X509Certificate> rootCerts, List<X509Certificate> intermediateCerts,
            List<X509Certificate> tlsRootCerts, java.util.Set<String> roleOus, List<String> endpoints) {}

    /** Whether the block holds one transaction of type CONFIG (a genesis or config-update block); false for anything unparsable. */
    public static boolean isConfigBlock(Block block) {
        if (block.getData().getDataCount() != 1) {
            return false;
        }
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
            return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getType() == HeaderType.CONFIG_VALUE;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** @throws LedgerFormatException when the block is not a config block or its config does not parse */
    public static ChannelConfig of(Block block) throws LedgerFormatException {
        if (block.getData().getDataCount() != 1) {
            throw new LedgerFormatException("block " + block.getHeader().getNumber() + " is not a config block: it holds "
                    + block.getData().getDataCount() + " transactions", true);
        }
        try {
            Envelope envelope = Envelope.parseFrom(block.getData().getData(0));
            Payload payload = Payload.parseFrom(envelope.getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw new LedgerFormatException("block " + block.getHeader().getNumber() + " is not a config block: its transaction is of "
                        + "type " + header.getType(), true);
            }
            ConfigEnvelope config = ConfigEnvelope.parseFrom(payload.getData());
            ConfigGroup channel = config.getConfig().getChannelGroup();
            List<Org> application = orgs(channel.getGroupsOrDefault("Application", ConfigGroup.getDefaultInstance()), "AnchorPeers");
            List<Org> orderer = orgs(channel.getGroupsOrDefault("Orderer", ConfigGroup.getDefaultInstance()), "Endpoints");
            List<String> endpoints = new ArrayList<>();
            orderer.forEach(o -> endpoints.addAll(o.endpoints()));
            if (endpoints.isEmpty() && channel.containsValues("OrdererAddresses")) {
                endpoints.addAll(OrdererAddresses.parseFrom(channel.getValuesOrThrow("OrdererAddresses").getValue()).getAddressesList());
            }
            return new ChannelConfig(header.getChannelId(), config.getConfig().getSequence(), application, orderer, List.copyOf(endpoints));
        } catch (InvalidProtocolBufferException | CertificateException e) {
            throw new LedgerFormatException("block " + block.getHeader().getNumber() + ": a config that does not parse: " + e.getMessage(), true);
        }
    }

    private static List<Org> orgs(ConfigGroup group, String endpointsKey) throws InvalidProtocolBufferException, CertificateException {
        List<Org> orgs = new ArrayList<>();
        for (Map.Entry<String, ConfigGroup> org : new java.util.TreeMap<>(group.getGroupsMap()).entrySet()) {
            ConfigValue msp = org.getValue().getValuesOrDefault("MSP", null);
            if (msp == null) {
                continue;
            }
            FabricMSPConfig fabric = FabricMSPConfig.parseFrom(MSPConfig.parseFrom(msp.getValue()).getConfig());
            List<String> endpoints = new ArrayList<>();
            ConfigValue value = org.getValue().getValuesOrDefault(endpointsKey, null);
            if (value != null && endpointsKey.equals("Endpoints")) {
                endpoints.addAll(OrdererAddresses.parseFrom(value.getValue()).getAddressesList());
            } else if (value != null) {
                AnchorPeers.parseFrom(value.getValue()).getAnchorPeersList().forEach(a -> endpoints.add(a.getHost() + ":" + a.getPort()));
            }
            orgs.add(new Org(org.getKey(), fabric.getName(), certificates(fabric.getRootCertsList()),
                    certificates(fabric.getIntermediateCertsList()), certificates(fabric.getTlsRootCertsList()),
                    roleOus(fabric), List.copyOf(endpoints)));
        }
        return List.copyOf(orgs);
    }

    private static java.util.Set<String> roleOus(FabricMSPConfig msp) {
        if (!msp.hasFabricNodeOus() || !msp.getFabricNodeOus().getEnable()) {
            return java.util.Set.of();
        }
        var ous = msp.getFabricNodeOus();
        return java.util.Set.of(ou(ous.getClientOuIdentifier().getOrganizationalUnitIdentifier(), "client"),
                ou(ous.getPeerOuIdentifier().getOrganizationalUnitIdentifier(), "peer"),
                ou(ous.getAdminOuIdentifier().getOrganizationalUnitIdentifier(), "admin"),
                ou(ous.getOrdererOuIdentifier().getOrganizationalUnitIdentifier(), "orderer"));
    }

    private static String ou(String configured, String fallback) {
        return configured.isEmpty() ? fallback : configured;
    }

    private static List<X509Certificate> certificates(List<ByteString> pems) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (ByteString pem : pems) {
            certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.toByteArray())));
        }
        return List.copyOf(certs);
    }

    /** The org of this channel with {@code mspId}, application or ordering. */
    public java.util.Optional<Org> org(String mspId) {
        return java.util.stream.Stream.concat(applicationOrgs.stream(), ordererOrgs.stream()).filter(o -> o.mspId().equals(mspId)).findFirst();
    }
}
